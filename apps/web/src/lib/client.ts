import type { ChatClient, ChatState } from "@switchboard/client";
import type { ServerToClientEvents } from "@switchboard/protocol";
import { useSyncExternalStore } from "react";

// markRead, typing, stopTyping and on are optional in the SDK's interface (another
// client may lack them), so every call goes through these null-safe helpers.

export const markRead = (c: ChatClient, roomId: string) => void c.markRead?.(roomId);
export const sendTyping = (c: ChatClient, roomId: string) => c.typing?.(roomId);
export const sendStopTyping = (c: ChatClient, roomId: string) => c.stopTyping?.(roomId);
export const canListen = (c: ChatClient) => typeof c.on === "function";

/** Subscribes to a server event when the client supports it; returns the unsubscribe. */
export function listen<E extends keyof ServerToClientEvents>(
  client: ChatClient,
  event: E,
  handler: ServerToClientEvents[E],
): () => void {
  return client.on?.(event, handler) ?? (() => {});
}

/** Reads a slice of the SDK's store; `selector` must return stable references. */
export function useChatState<T>(client: ChatClient, selector: (state: ChatState) => T): T {
  const { store } = client;
  const get = () => selector(store.getState());
  return useSyncExternalStore(store.subscribe, get, get);
}

export const EMPTY: never[] = [];

/** A tiny observable flag, e.g. "the server refused the token", readable from React. */
export function createFlag() {
  let value = false;
  const listeners = new Set<() => void>();
  return {
    raise() {
      value = true;
      listeners.forEach((l) => l());
    },
    get: () => value,
    subscribe(l: () => void) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}
export type Flag = ReturnType<typeof createFlag>;

export function useFlag(flag: Flag): boolean {
  return useSyncExternalStore(flag.subscribe, flag.get, flag.get);
}
