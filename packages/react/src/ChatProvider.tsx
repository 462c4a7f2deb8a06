import type { ChatClient } from "@switchboard/client";
import { createContext, useContext, useMemo, type ReactNode } from "react";
import { TranslatorContext } from "./hooks/useTranslator.ts";
import { translator } from "./i18n/index.ts";

const ClientContext = createContext<ChatClient | null>(null);

/** Props of {@link ChatProvider}. */
export interface ChatProviderProps {
  /** The SDK's client (`createChatClient(...)`), created once per signed-in user. */
  client: ChatClient;
  /** The chat UI: every component and hook below reads `client` from here. */
  children?: ReactNode;
  /**
   * The language of the components below (a BCP 47 tag: `de`, `fr-CA`, `ar`); one the chat
   * does not speak, or none, is English. Pick it with `resolveLocale` (the widget passes
   * its settings' locale, the browser's languages, then the server's default).
   */
  locale?: string;
}

/**
 * Gives the components and hooks below it their chat client. It neither connects nor
 * disconnects it: `ChatWindow`/`ChatWidget` (through `useCustomerRoom`) connect while they
 * are used, and an agent's app calls `client.connect()` itself.
 *
 * @example
 * ```tsx
 * const client = createChatClient({ url: "https://chat.example.com", getToken });
 * root.render(
 *   <ChatProvider client={client}>
 *     <ChatWindow team="Acme Support" />
 *   </ChatProvider>,
 * );
 * ```
 */
export function ChatProvider({ client, children, locale }: ChatProviderProps) {
  const t = useMemo(() => translator(locale), [locale]);
  return (
    <ClientContext.Provider value={client}>
      <TranslatorContext.Provider value={t}>{children}</TranslatorContext.Provider>
    </ClientContext.Provider>
  );
}

/**
 * The client of the nearest {@link ChatProvider}, for calls the hooks do not wrap
 * (`assign`, `closeChat`, `customerInfo`, ...). Throws outside a provider.
 *
 * @returns The provider's `ChatClient`.
 *
 * @example
 * ```tsx
 * const client = useChatClient();
 * <button onClick={() => void client.closeChat(roomId)}>Close chat</button>
 * ```
 */
export function useChatClient(): ChatClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error("useChatClient: wrap the chat in <ChatProvider client={...}>");
  return client;
}
