import { useMemo, type ReactNode } from "react";
import { TranslatorContext } from "./hooks/useTranslator.ts";
import { translator } from "./i18n/index.ts";

/** Props of {@link LocaleProvider}. */
export interface LocaleProviderProps {
  /** A BCP 47 tag (`de`, `fr-CA`, `ar`); one the chat does not speak is English. */
  locale: string | undefined;
  /** The part of the chat to speak it. */
  children?: ReactNode;
}

/**
 * Sets the language of the chat components below it, when it is known only below the
 * `ChatProvider` (e.g. once `useWidgetConfig` has answered with the team's default).
 *
 * @example
 * ```tsx
 * const config = useWidgetConfig();
 * <LocaleProvider locale={resolveLocale(settings.locale, navigator.languages, config?.locale)}>
 *   <ChatWindow />
 * </LocaleProvider>
 * ```
 */
export function LocaleProvider({ locale, children }: LocaleProviderProps) {
  const t = useMemo(() => translator(locale), [locale]);
  return <TranslatorContext.Provider value={t}>{children}</TranslatorContext.Provider>;
}
