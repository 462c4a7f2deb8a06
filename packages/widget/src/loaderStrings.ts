/**
 * The loader's few words in the widget's languages. The loader stays tiny and imports
 * nothing, so these five are its own (the frame's dictionaries are in @switchboard/react);
 * packages/widget/src/loaderStrings.test.ts checks that every language has every word.
 */
export interface LoaderWords {
  /** The launcher while closed. */
  open: string;
  /** The launcher while open. */
  close: string;
  /** After the launcher's name while messages are unread. */
  unread: string;
  /** The busy state while the frame loads. */
  loading: string;
  /** The frame's title. */
  frame: string;
}

export const LOADER_WORDS: Record<string, LoaderWords> = {
  en: {
    open: "Open {team} chat",
    close: "Close {team} chat",
    unread: "{count} unread",
    loading: "Loading chat…",
    frame: "{team} chat",
  },
  de: {
    open: "Chat mit {team} öffnen",
    close: "Chat mit {team} schließen",
    unread: "{count} ungelesen",
    loading: "Chat wird geladen…",
    frame: "Chat mit {team}",
  },
  fr: {
    open: "Ouvrir la discussion avec {team}",
    close: "Fermer la discussion avec {team}",
    unread: "{count} non lu(s)",
    loading: "Chargement de la discussion…",
    frame: "Discussion avec {team}",
  },
  es: {
    open: "Abrir el chat con {team}",
    close: "Cerrar el chat con {team}",
    unread: "{count} sin leer",
    loading: "Cargando el chat…",
    frame: "Chat con {team}",
  },
  ar: {
    open: "فتح محادثة {team}",
    close: "إغلاق محادثة {team}",
    unread: "{count} غير مقروءة",
    loading: "جارٍ تحميل المحادثة…",
    frame: "محادثة {team}",
  },
};

/** The first of `tags` the loader speaks (by language subtag), else English. */
export function loaderLocale(tags: readonly (string | undefined)[]): string {
  for (const tag of tags) {
    const lang = tag?.toLowerCase().split(/[-_]/)[0];
    if (lang && LOADER_WORDS[lang]) return lang;
  }
  return "en";
}

/** A word with its `{name}` placeholders filled. */
export function say(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (all, name: string) => String(values[name] ?? all));
}
