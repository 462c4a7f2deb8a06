import { createChatClient, type ChatClient, type ChatClientOptions } from "@switchboard/client";

export interface MobileChatClientOptions {
  /** The chat server's origin, e.g. `https://chat.example.com`. */
  serverUrl: string;
  /** Returns the user's current JWT (from your backend); called on every (re)connect. */
  getToken: () => string | Promise<string>;
  /** The token was refused for good: sign the user in again. */
  onAuthError?: ChatClientOptions["onAuthError"];
  /** More Socket.IO options; these win over the defaults below. */
  socketOptions?: ChatClientOptions["socketOptions"];
}

/**
 * The SDK's client with React Native settings:
 *
 * - WebSocket only: React Native has no reliable long-polling transport to upgrade from,
 *   and skipping it saves a round trip on every reconnect.
 * - Reconnection backoff 2 s doubling to 60 s (± 50 % jitter): a phone on a bad network
 *   retries gently, and many phones that lost a cell tower together do not return
 *   together. The screen also closes the socket when the app is in the background, so a
 *   return is one connect, not a backlog of retries.
 */
export function createMobileChatClient(options: MobileChatClientOptions): ChatClient {
  return createChatClient({
    url: options.serverUrl,
    getToken: options.getToken,
    ...(options.onAuthError ? { onAuthError: options.onAuthError } : {}),
    socketOptions: {
      transports: ["websocket"],
      reconnectionDelay: 2000,
      reconnectionDelayMax: 60_000,
      randomizationFactor: 0.5,
      ...options.socketOptions,
    },
  });
}
