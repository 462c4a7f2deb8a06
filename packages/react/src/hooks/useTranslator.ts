import { createContext, useContext } from "react";
import { translator, type Translator } from "../i18n/index.ts";

/** English unless a {@link ChatProvider} above says otherwise. */
export const TranslatorContext = createContext<Translator>(translator());

/**
 * The chat's words in the language of the nearest `ChatProvider` (its `locale`; English
 * without one): `t(key, params)`, `t.plural(stem, count)`, `t.locale` and `t.dir`.
 *
 * @returns The provider's {@link Translator}.
 *
 * @example
 * ```tsx
 * const t = useTranslator();
 * <button aria-label={t("header.close")} />
 * ```
 */
export function useTranslator(): Translator {
  return useContext(TranslatorContext);
}
