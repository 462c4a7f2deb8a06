import type { MessageKey } from "./en.ts";

export type { MessageKey } from "./en.ts";

/** The plural keys' stems: `log.newMessages` of `log.newMessages.other`. */
export type PluralKey = {
  [K in MessageKey]: K extends `${infer Stem}.other` ? Stem : never;
}[MessageKey];

/** Every plural form a language may need (`Intl.PluralRules` categories). */
export type PluralForm = `${PluralKey}.${"zero" | "one" | "two" | "few" | "many" | "other"}`;

/**
 * A language's words: any of English's keys (a missing one falls back to English) and the
 * plural forms its grammar needs. A key English does not have does not compile.
 */
export type Dictionary = Partial<Record<MessageKey | PluralForm, string>>;

/** Values filled into a message's `{name}` placeholders. */
export type MessageParams = Record<string, string | number>;

/**
 * The chat's words in one language: `t(key, params)`, `t.plural(stem, count, params)`
 * (with `{count}` filled in), and the language itself.
 */
export interface Translator {
  (key: MessageKey, params?: MessageParams): string;
  /** A plural message: the form `Intl.PluralRules` picks for `count`, else `.other`. */
  plural(key: PluralKey, count: number, params?: MessageParams): string;
  /** The language (one of {@link LOCALES}). */
  readonly locale: Locale;
  /** `rtl` for a right-to-left language (Arabic), else `ltr`. */
  readonly dir: "ltr" | "rtl";
  /**
   * The locale for `Intl` dates and numbers: the one asked for, or `undefined` (the
   * browser's own) when the translator was made without one.
   */
  readonly intl: string | undefined;
}

/** The languages the chat speaks. */
export type Locale = "en" | "de" | "fr" | "es" | "ar";
