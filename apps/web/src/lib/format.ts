const time = new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" });
const day = new Intl.DateTimeFormat(undefined, { weekday: "long", month: "short", day: "numeric" });
const full = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export const formatTime = (iso: string) => time.format(new Date(iso));
export const formatFull = (iso: string) => full.format(new Date(iso));
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

/** Compact age for lists: "now", "4m", "3h", "2d". */
export function formatAge(iso: string | null, now = Date.now()): string {
  if (!iso) return "";
  const minutes = Math.floor((now - new Date(iso).getTime()) / 60_000);
  if (minutes < 1) return "now";
  if (minutes < 60) return `${minutes}m`;
  if (minutes < 60 * 24) return `${Math.floor(minutes / 60)}h`;
  return `${Math.floor(minutes / 1440)}d`;
}

/**
 * Two letters for an avatar from a name or an id: the first letters of the first two
 * words that start with a letter ("Ana Lima" -> "AL"), else the first two letters of one
 * ("visitor-4dc5ca" -> "VI", not "V4").
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
