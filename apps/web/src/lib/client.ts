import type { ChatClient, ChatState } from "@switchboard/client";
import type { ServerToClientEvents } from "@switchboard/protocol";
import { useMemo, useSyncExternalStore } from "react";

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

/** A snapshot getter that returns the previous value while `equal` says nothing changed. */
function memoSnapshot<T>(
  store: ChatClient["store"],
  selector: (state: ChatState) => T,
  equal: (a: T, b: T) => boolean,
): () => T {
  let last: { value: T } | null = null;
  return () => {
    const next = selector(store.getState());
    if (last && equal(last.value, next)) return last.value;
    last = { value: next };
    return next;
  };
}

/**
 * Like {@link useChatState}, for selectors that build a new value (e.g. a list of ids):
 * while `equal` says the new value is the same as the last one, the last one is returned,
 * so the component does not re-render. `selector` and `equal` must be stable (useCallback).
 */
export function useChatSelector<T>(
  client: ChatClient,
  selector: (state: ChatState) => T,
  equal: (a: T, b: T) => boolean,
): T {
  const { store } = client;
  const get = useMemo(() => memoSnapshot(store, selector, equal), [store, selector, equal]);
  return useSyncExternalStore(store.subscribe, get, get);
}

export const sameItems = <T>(a: readonly T[], b: readonly T[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

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
