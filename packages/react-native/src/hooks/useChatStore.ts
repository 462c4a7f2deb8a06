import type { ChatClient, ChatMessage, ChatState, ConnectionStatus } from "@switchboard/client";
import type { Room } from "@switchboard/protocol";
import { useCallback, useSyncExternalStore } from "react";

/** One shared empty list, so that "no messages yet" does not re-render on every change. */
const EMPTY: readonly ChatMessage[] = [];

/**
 * Reads a slice of the client's store (`getState` / `subscribe`: the built-in store, or the
 * host's Redux store through `@switchboard/client/redux`). `selector` must return a stable
 * reference for unchanged state: the store replaces only what changed (one room's message
 * array, one room), so selecting `messagesByRoom[roomId]` re-renders only when that room
 * changes. Keep `selector` one reference too (module level, or `useCallback`).
 *
 * React's own `useSyncExternalStore`, no store library's hook: the screen works with whatever
 * store the client was given, and with the host's copy of React.
 *
 * @param client - The SDK client.
 * @param selector - Picks the slice from the `ChatState`; one stable reference.
 * @returns The slice, current.
 *
 * @example
 * ```tsx
 * const selectActive = (s: ChatState) => s.activeRoomId;
 * const activeRoomId = useChatSelector(client, selectActive);
 * ```
 */
export function useChatSelector<T>(client: ChatClient, selector: (state: ChatState) => T): T {
  const { store } = client;
  const get = useCallback(() => selector(store.getState()), [store, selector]);
  const subscribe = useCallback((onChange: () => void) => store.subscribe(onChange), [store]);
  return useSyncExternalStore(subscribe, get, get);
}

const selectStatus = (s: ChatState) => s.connectionStatus;

/**
 * The client's connection status (`idle`, `connecting`, `online`, `reconnecting`, `offline`).
 *
 * @param client - The SDK client.
 * @returns `state.connectionStatus`, current.
 *
 * @example
 * ```tsx
 * <ConnectionBanner status={useConnectionStatus(client)} />
 * ```
 */
export function useConnectionStatus(client: ChatClient): ConnectionStatus {
  return useChatSelector(client, selectStatus);
}

/**
 * A room's messages, ascending; pending and failed ones of ours last. One array until the
 * room's messages change.
 *
 * @param client - The SDK client.
 * @param roomId - The room; null: an empty list.
 * @returns `state.messagesByRoom[roomId]`, or one shared empty list.
 *
 * @example
 * ```tsx
 * const messages = useRoomMessages(client, roomId);
 * ```
 */
export function useRoomMessages(client: ChatClient, roomId: string | null): readonly ChatMessage[] {
  const select = useCallback(
    (s: ChatState) => (roomId ? (s.messagesByRoom[roomId] ?? EMPTY) : EMPTY),
    [roomId],
  );
  return useChatSelector(client, select);
}

/**
 * Whether older messages than the first one held exist on the server.
 *
 * @param client - The SDK client.
 * @param roomId - The room; null: false.
 * @returns `state.hasMoreBefore[roomId]`.
 *
 * @example
 * ```tsx
 * const hasOlder = useHasOlder(client, roomId); // MessageList loads them on scroll
 * ```
 */
export function useHasOlder(client: ChatClient, roomId: string | null): boolean {
  const select = useCallback(
    (s: ChatState) => (roomId ? (s.hasMoreBefore[roomId] ?? false) : false),
    [roomId],
  );
  return useChatSelector(client, select);
}

/**
 * A room as the store holds it (status, unread counts, assignee); null when not held.
 *
 * @param client - The SDK client.
 * @param roomId - The room; null: null.
 * @returns `state.rooms[roomId]`, current.
 *
 * @example
 * ```tsx
 * const closed = useRoom(client, roomId)?.status === "closed";
 * ```
 */
export function useRoom(client: ChatClient, roomId: string | null): Room | null {
  const select = useCallback(
    (s: ChatState) => (roomId ? (s.rooms[roomId] ?? null) : null),
    [roomId],
  );
  return useChatSelector(client, select);
}
