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

/** The client's connection status (`online`, `reconnecting`, `offline`, ...). */
export function useConnectionStatus(client: ChatClient): ConnectionStatus {
  return useChatSelector(client, selectStatus);
}

/** A room's messages, ascending; pending and failed ones of ours last. */
export function useRoomMessages(client: ChatClient, roomId: string | null): readonly ChatMessage[] {
  const select = useCallback(
    (s: ChatState) => (roomId ? (s.messagesByRoom[roomId] ?? EMPTY) : EMPTY),
    [roomId],
  );
  return useChatSelector(client, select);
}

/** Whether older messages than the first one held exist on the server. */
export function useHasOlder(client: ChatClient, roomId: string | null): boolean {
  const select = useCallback(
    (s: ChatState) => (roomId ? (s.hasMoreBefore[roomId] ?? false) : false),
    [roomId],
  );
  return useChatSelector(client, select);
}

/** A room as the store holds it (status, unread counts, assignee); null when not held. */
export function useRoom(client: ChatClient, roomId: string | null): Room | null {
  const select = useCallback(
    (s: ChatState) => (roomId ? (s.rooms[roomId] ?? null) : null),
    [roomId],
  );
  return useChatSelector(client, select);
}
