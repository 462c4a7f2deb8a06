import { resolveLocale, translator, type Translator } from "@switchboard/client/i18n";
import { createContext, useContext } from "react";
import { Platform, type TextStyle, type ViewStyle } from "react-native";

/** English unless a `ChatScreen` above says otherwise. */
export const TranslatorContext = createContext<Translator>(translator());

/**
 * The screen's words in its language (the `ChatScreen`'s `locale`, else the device's):
 * `t(key, params)`, `t.locale`, `t.dir`. English outside a `ChatScreen`.
 *
 * @returns The screen's {@link Translator}.
 *
 * @example
 * ```tsx
 * const t = useTranslator();
 * <Pressable accessibilityLabel={t("screen.send")} />
 * ```
 */
export function useTranslator(): Translator {
  return useContext(TranslatorContext);
}

/**
 * The device's languages, most preferred first, without a native module: the browser's
 * `navigator.languages` on react-native-web, and the default locale of `Intl` (Hermes and
 * JavaScriptCore take it from the device's settings).
 *
 * @returns BCP 47 tags, e.g. `["de-DE"]`; empty when none is known.
 *
 * @example
 * ```ts
 * resolveLocale(props.locale, deviceLocales()); // "de" on a German phone
 * ```
 */
export function deviceLocales(): string[] {
  const tags: string[] = [];
  const languages = (globalThis as { navigator?: { languages?: readonly string[] } }).navigator
    ?.languages;
  if (Array.isArray(languages)) tags.push(...languages);
  try {
    tags.push(new Intl.DateTimeFormat().resolvedOptions().locale);
  } catch {
    // An engine without Intl: English.
  }
  return tags;
}

/**
 * The screen's language: the `locale` asked for, else the device's first language the chat
 * speaks, else the team's (`widget-config`'s `locale`), else English.
 *
 * @param asked - The `ChatScreen`'s `locale` prop.
 * @param team - `widget-config`'s `locale`, once known.
 * @returns One of the five languages.
 *
 * @example
 * ```ts
 * screenLocale(undefined, "en"); // "de" on a German phone
 * ```
 */
export function screenLocale(asked: string | undefined, team?: string | null) {
  return resolveLocale(asked, deviceLocales(), team);
}

/** What {@link directionOf} gives the screen's root view. */
export interface DirectionProps {
  /** Yoga's `direction` on a phone (empty on the web). */
  style: ViewStyle;
  /** `dir` and `lang` on the web (empty on a phone). */
  props: object;
}

/**
 * Lays a view's content out in the language's direction without `I18nManager.forceRTL` (which
 * needs a restart): Yoga's `direction` on a phone, the `dir` and `lang` attributes on the web
 * (react-native-web flips start/end styles under them).
 *
 * @param t - The screen's words.
 * @returns Props to spread on the screen's root view.
 *
 * @example
 * ```tsx
 * const { style, props } = directionOf(t);
 * <View style={[styles.root, style]} {...props} />
 * ```
 */
export function directionOf(t: Translator): DirectionProps {
  return Platform.OS === "web"
    ? { style: {}, props: { dir: t.dir, lang: t.locale } }
    : { style: { direction: t.dir }, props: {} };
}

/** `writingDirection` of the screen's language, for text (iOS aligns by it). */
export const textDirection = (t: Translator): TextStyle => ({ writingDirection: t.dir });
