/**
 * The chat's words in English, German, French, Spanish and Arabic, for the web widget and the
 * React Native screen alike: a tiny typed dictionary per language, the choice of language,
 * and dates and times through `Intl`. No DOM and no React here, so that React Native (or a
 * server rendering an email) can use the same words. `@switchboard/react/i18n` re-exports it.
 *
 * @example
 * ```ts
 * import { resolveLocale, translator } from "@switchboard/client/i18n";
 *
 * const t = translator(resolveLocale(settings.locale, navigator.languages));
 * t("composer.send"); // "Send message", "Nachricht senden", ...
 * ```
 *
 * @module
 */
import { ar } from "./ar.ts";
import { de } from "./de.ts";
import { en, type MessageKey } from "./en.ts";
import { es } from "./es.ts";
import { fr } from "./fr.ts";
import type { TeamStatus } from "../customerSide.ts";
import type { Dictionary, Locale, MessageParams, PluralKey, Translator } from "./types.ts";

export type {
  Dictionary,
  Locale,
  MessageKey,
  MessageParams,
  PluralForm,
  PluralKey,
  Translator,
} from "./types.ts";
export { en };
export { activityText } from "./activity.ts";

/** Each language's dictionary, English first (the fallback). */
export const DICTIONARIES: Readonly<Record<Locale, Dictionary>> = { en, de, fr, es, ar };

/** The languages the chat speaks, English first. */
export const LOCALES: readonly Locale[] = ["en", "de", "fr", "es", "ar"];

const RTL: ReadonlySet<string> = new Set(["ar", "he", "fa", "ur"]);

/**
 * The chat's language for a BCP 47 tag: its language subtag if the chat speaks it
 * (`de-AT` is German), else null.
 *
 * @example
 * ```ts
 * matchLocale("fr-CA"); // "fr"
 * matchLocale("ja"); // null
 * ```
 */
export function matchLocale(tag: string | null | undefined): Locale | null {
  const language = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return language && (LOCALES as readonly string[]).includes(language)
    ? (language as Locale)
    : null;
}

/**
 * The first of `candidates` the chat speaks, else English. The widget passes, in order,
 * the host's `SwitchboardSettings.locale`, the browser's languages (`navigator.languages`)
 * and the server's `WIDGET_LOCALE` (widget-config): the host's choice wins, then the
 * visitor's, then the team's default.
 *
 * @example
 * ```ts
 * resolveLocale(undefined, ["ja", "de-DE", "en"], "en"); // "de"
 * ```
 */
export function resolveLocale(
  ...candidates: (string | readonly string[] | null | undefined)[]
): Locale {
  for (const candidate of candidates.flat()) {
    const match = matchLocale(candidate);
    if (match) return match;
  }
  return "en";
}

/** Whether `locale` is written right to left. */
export function isRtl(locale: string): boolean {
  return RTL.has(locale.toLowerCase().split(/[-_]/)[0] ?? "");
}

const fill = (text: string, params?: MessageParams) =>
  params ? text.replace(/\{(\w+)\}/g, (all, name: string) => String(params[name] ?? all)) : text;

/**
 * The words of one language; a key it lacks is said in English. Without a locale: English
 * words, with the browser's own dates (`intl` undefined).
 *
 * @example
 * ```ts
 * const t = translator("de");
 * t("typing", { name: "Acme Support" }); // "Acme Support schreibt…"
 * t.plural("log.newMessages", 2); // "2 neue Nachrichten"
 * ```
 */
export function translator(locale?: string): Translator {
  const lang = matchLocale(locale) ?? "en";
  const dictionary = DICTIONARIES[lang] as Record<string, string | undefined>;
  const english = en as Record<string, string>;
  const say = (key: string) => dictionary[key] ?? english[key] ?? key;
  const rules = new Intl.PluralRules(lang);
  const t = ((key: MessageKey, params?: MessageParams) => fill(say(key), params)) as Translator;
  t.plural = (key: PluralKey, count: number, params?: MessageParams) => {
    const form = `${key}.${rules.select(count)}`;
    const text = dictionary[form] ?? dictionary[`${key}.other`] ?? say(`${key}.other`);
    return fill(text, { count: new Intl.NumberFormat(lang).format(count), ...params });
  };
  Object.assign(t, {
    locale: lang,
    dir: isRtl(lang) ? "rtl" : "ltr",
    intl: locale ? lang : undefined,
  });
  return t;
}

/**
 * "Back today at 09:00", "Back tomorrow at 09:00" or "Back Monday at 09:00" (in the
 * language, with its own clock) for the next opening, in the reader's time zone.
 *
 * @example
 * ```ts
 * awayUntil(translator("de"), "2026-03-02T08:00:00Z", new Date("2026-02-28T20:00:00Z"));
 * // "Abwesend · Zurück am Montag um 09:00" (in Berlin)
 * ```
 */
export function awayUntil(t: Translator, iso: string, now = new Date(), timeZone?: string): string {
  const at = new Date(iso);
  const zone = timeZone ? { timeZone } : {};
  const time = new Intl.DateTimeFormat(t.locale, { timeStyle: "short", ...zone });
  // Calendar days in the zone, not 24-hour steps: a day of 23 or 25 hours (daylight saving)
  // must not turn "tomorrow" into a weekday or the day after tomorrow into "tomorrow".
  // The parts, not a formatted string: engines differ in how a locale writes a date.
  const dayOf = new Intl.DateTimeFormat("en-US", {
    year: "numeric",
    month: "numeric",
    day: "numeric",
    ...zone,
  });
  const dayNumber = (d: Date) => {
    const parts = dayOf.formatToParts(d);
    const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    return Date.UTC(part("year"), part("month") - 1, part("day")) / 86_400_000;
  };
  const days = dayNumber(at) - dayNumber(now);
  const params = { time: time.format(at) };
  if (days === 0) return t("header.away.today", params);
  if (days === 1) return t("header.away.tomorrow", params);
  const far = days > 6;
  const day = new Intl.DateTimeFormat(t.locale, {
    weekday: "long",
    ...(far ? { day: "numeric", month: "long" } : {}),
    ...zone,
  });
  return t("header.away.later", { ...params, day: day.format(at) });
}

/**
 * The line under the team's name in a customer's header, from {@link TeamStatus}: "Online ·
 * Replies in a few minutes" (hours, a day) while the team is open, "Away · Back tomorrow at
 * 9:00" (see {@link awayUntil}) or "Away · We'll reply by email" otherwise, and plain
 * "Online" (the connection) while the team's status is unknown.
 *
 * @param t - The reader's words.
 * @param status - `teamStatus(config)` of `@switchboard/client`.
 * @param now - The current time (tests).
 * @param timeZone - An IANA zone for `nextOpenAt`; default the reader's own.
 * @returns The line, in the reader's language.
 *
 * @example
 * ```ts
 * teamStatusLine(translator("de"), teamStatus(config)); // "Online · Antwort in wenigen Minuten"
 * ```
 */
export function teamStatusLine(
  t: Translator,
  status: TeamStatus,
  now = new Date(),
  timeZone?: string,
): string {
  switch (status.kind) {
    case "open":
      return t(`header.online.${status.replyTime}`);
    case "away":
      return awayUntil(t, status.nextOpenAt, now, timeZone);
    case "noAgent":
      return t("header.away.email");
    default:
      return t("status.online");
  }
}
