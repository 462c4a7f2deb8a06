import { translator, type Translator } from "@switchboard/client/i18n";

const times = new Map<string, Intl.DateTimeFormat>();
const english = translator();

/**
 * The time under a message, in the screen's language (the device's own clock style when
 * none is given).
 *
 * @param iso - An ISO 8601 timestamp (`message.createdAt`).
 * @param locale - A BCP 47 locale (the screen's language); default the device's.
 * @returns E.g. "9:41 AM", "09:41".
 *
 * @example
 * ```tsx
 * <Text>{formatTime(message.createdAt, t.locale)}</Text>
 * ```
 */
export function formatTime(iso: string, locale?: string): string {
  const key = locale ?? "";
  let format = times.get(key);
  // One formatter per language: making one costs far more than using it.
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { hour: "numeric", minute: "2-digit" });
    times.set(key, format);
  }
  return format.format(new Date(iso));
}

const FAILURES = new Set(["RATE_LIMITED", "TOO_LARGE", "ROOM_CLOSED", "FORBIDDEN", "VALIDATION"]);

/**
 * The sentence under a failed message, from its error code, in the screen's language.
 *
 * @param code - `message.error?.code`, the server's error code.
 * @param t - The screen's words; default English.
 * @returns E.g. "Not sent: too many messages at once."; "Not sent." for an unknown code.
 *
 * @example
 * ```tsx
 * <Text>{failureText(message.error?.code, t)} Tap to retry.</Text>
 * ```
 */
export const failureText = (code: string | undefined, t: Translator = english) =>
  code && FAILURES.has(code) ? t(`message.failed.${code as "RATE_LIMITED"}`) : t("message.failed");
