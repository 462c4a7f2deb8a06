import { translator, type Translator } from "../i18n/index.ts";

const OPTIONS = {
  time: { hour: "numeric", minute: "2-digit" },
  day: { weekday: "long", month: "short", day: "numeric" },
  full: { dateStyle: "medium", timeStyle: "short" },
} satisfies Record<string, Intl.DateTimeFormatOptions>;
const formats = new Map<string, Intl.DateTimeFormat>();

/** One formatter per kind and locale (making one costs far more than using it). */
function formatter(kind: keyof typeof OPTIONS, locale: string | undefined): Intl.DateTimeFormat {
  const key = `${kind}:${locale ?? ""}`;
  let made = formats.get(key);
  if (!made) formats.set(key, (made = new Intl.DateTimeFormat(locale, OPTIONS[kind])));
  return made;
}

const english = translator();

/**
 * A message's time of day, in the reader's locale.
 *
 * @param iso - An ISO 8601 timestamp (`message.createdAt`).
 * @param locale - A BCP 47 locale (the chat's language); default the browser's.
 * @returns E.g. "3:04 PM".
 *
 * @example
 * ```tsx
 * <time dateTime={m.createdAt}>{formatTime(m.createdAt)}</time>
 * ```
 */
export const formatTime = (iso: string, locale?: string) =>
  formatter("time", locale).format(new Date(iso));
/**
 * Date and time in the reader's locale: tooltips, details.
 *
 * @param iso - An ISO 8601 timestamp.
 * @param locale - A BCP 47 locale (the chat's language); default the browser's.
 * @returns E.g. "Mar 3, 2025, 3:04 PM".
 *
 * @example
 * ```tsx
 * <time title={formatFull(m.createdAt)}>{formatTime(m.createdAt)}</time>
 * ```
 */
export const formatFull = (iso: string, locale?: string) =>
  formatter("full", locale).format(new Date(iso));
/** The local calendar day of a time: equal for two times of the same day. */
export const dayKey = (iso: string) => new Date(iso).toDateString();

/** "Today", "Yesterday" or "Monday, Mar 3": the divider between days in a conversation. */
export function formatDay(iso: string, now = new Date(), t: Translator = english): string {
  const date = new Date(iso);
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (date.toDateString() === now.toDateString()) return t("day.today");
  if (date.toDateString() === yesterday.toDateString()) return t("day.yesterday");
  return formatter("day", t.intl).format(date);
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
