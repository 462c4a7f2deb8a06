/**
 * The chat's words: `@switchboard/client/i18n` (the dictionaries, the choice of language, and
 * dates through `Intl`), re-exported so that `@switchboard/react/i18n` keeps working. The
 * words live in the client package since React Native uses them too, without react-dom.
 *
 * @module
 */
export * from "@switchboard/client/i18n";
