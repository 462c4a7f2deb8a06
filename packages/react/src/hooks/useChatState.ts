import type { ChatClient, ChatState } from "@switchboard/client";
import { useCallback, useMemo, useSyncExternalStore } from "react";
import { useChatClient } from "../ChatProvider.tsx";

type Store = ChatClient["store"];

/** `store.subscribe` for useSyncExternalStore: bound (a store may use `this`) and stable per store. */
function useSubscribe(store: Store) {
  return useCallback((onChange: () => void) => store.subscribe(() => onChange()), [store]);
}

/** A snapshot getter that returns the previous value while `equal` says nothing changed. */
function memoSnapshot<T>(
  store: Store,
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

/** {@link useChatState} for a given client (the package's own hooks, which have it already). */
export function useClientState<T>(client: ChatClient, selector: (state: ChatState) => T): T {
  const { store } = client;
  const subscribe = useSubscribe(store);
  const get = () => selector(store.getState());
  return useSyncExternalStore(subscribe, get, get);
}

/** {@link useChatState} with an `equal`, for a given client. `selector` and `equal` must be stable. */
export function useClientSelector<T>(
  client: ChatClient,
  selector: (state: ChatState) => T,
  equal: (a: T, b: T) => boolean,
): T {
  const { store } = client;
  const subscribe = useSubscribe(store);
  const get = useMemo(() => memoSnapshot(store, selector, equal), [store, selector, equal]);
  return useSyncExternalStore(subscribe, get, get);
}

/**
 * Reads a slice of the client's state (`client.store`, through `getState`/`subscribe`, so
 * any `ChatClient` store works, the Redux one included) and re-renders when it
 * changes. `selector` must return a value of the state itself or a primitive, not a new
 * object on each call (for that, see {@link useChatSelector}).
 *
 * @param selector - Picks the slice from the `ChatState`.
 * @returns The slice, current.
 *
 * @example
 * ```tsx
 * const room = useChatState((s) => s.rooms[roomId]);
 * ```
 */
export function useChatState<T>(selector: (state: ChatState) => T): T {
  return useClientState(useChatClient(), selector);
}

/**
 * Like {@link useChatState}, for a selector that builds a new value (e.g. a list of ids):
 * while `equal(previous, next)` holds, the previous value is returned and nothing
 * re-renders. `selector` and `equal` must be stable (module-level or `useCallback`).
 *
 * @param selector - Builds the value from the `ChatState`.
 * @param equal - Whether two values count as the same (e.g. {@link sameItems}).
 * @returns The value, the previous object while `equal` holds.
 *
 * @example
 * ```tsx
 * const openIds = (s: ChatState) => Object.values(s.rooms).filter((r) => r.status === "open").map((r) => r.id);
 * const ids = useChatSelector(openIds, sameItems);
 * ```
 */
export function useChatSelector<T>(
  selector: (state: ChatState) => T,
  equal: (a: T, b: T) => boolean,
): T {
  return useClientSelector(useChatClient(), selector, equal);
}

/**
 * Equal when both arrays hold the same items in the same order: an `equal` for
 * {@link useChatSelector} when the selector builds a list of ids.
 *
 * @param a - The previous list.
 * @param b - The next list.
 * @returns Whether they hold the same items (`===`) in the same order.
 *
 * @example
 * ```ts
 * sameItems(["r1", "r2"], ["r1", "r2"]); // true
 * ```
 */
export const sameItems = <T>(a: readonly T[], b: readonly T[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** One empty list for every room without messages: a stable snapshot. */
export const EMPTY: never[] = [];
