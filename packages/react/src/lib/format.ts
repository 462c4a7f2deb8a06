const time = new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" });
const day = new Intl.DateTimeFormat(undefined, { weekday: "long", month: "short", day: "numeric" });
const full = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/**
 * A message's time of day, in the reader's locale.
 *
 * @param iso - An ISO 8601 timestamp (`message.createdAt`).
 * @returns E.g. "3:04 PM".
 *
 * @example
 * ```tsx
 * <time dateTime={m.createdAt}>{formatTime(m.createdAt)}</time>
 * ```
 */
export const formatTime = (iso: string) => time.format(new Date(iso));
/**
 * Date and time in the reader's locale: tooltips, details.
 *
 * @param iso - An ISO 8601 timestamp.
 * @returns E.g. "Mar 3, 2025, 3:04 PM".
 *
 * @example
 * ```tsx
 * <time title={formatFull(m.createdAt)}>{formatTime(m.createdAt)}</time>
 * ```
 */
export const formatFull = (iso: string) => full.format(new Date(iso));
/** The local calendar day of a time: equal for two times of the same day. */
export const dayKey = (iso: string) => new Date(iso).toDateString();

/** "Today", "Yesterday" or "Monday, Mar 3": the divider between days in a conversation. */
export function formatDay(iso: string, now = new Date()): string {
  const date = new Date(iso);
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (date.toDateString() === now.toDateString()) return "Today";
  if (date.toDateString() === yesterday.toDateString()) return "Yesterday";
  return day.format(date);
}

/**
 * Two letters for an avatar from a name or an id: the first letters of the first two
 * words that start with a letter ("Ana Lima" -> "AL"), else the first two letters of one
 * ("visitor-4dc5ca" -> "VI", not "V4").
 *
 * @param name - A name or an id.
 * @returns Two capital letters (fewer for a very short name).
 *
 * @example
 * ```ts
 * initials("Acme Support"); // "AS"
 * ```
 */
export function initials(name: string): string {
  const words = name
    .trim()
    .split(/[\s._@-]+/)
    .filter((w) => /^\p{L}/u.test(w));
  const [first, second] = words;
  const letters = second ? first!.charAt(0) + second.charAt(0) : (first ?? name.trim()).slice(0, 2);
  return letters.toUpperCase() || "?";
}
