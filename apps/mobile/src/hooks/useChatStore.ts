import type { ChatClient, ChatMessage, ChatState, ConnectionStatus } from "@switchboard/client";
import type { Room } from "@switchboard/protocol";
import { useCallback, useSyncExternalStore } from "react";

/** One shared empty list, so that "no messages yet" does not re-render on every change. */
const EMPTY: ChatMessage[] = [];

/**
 * Reads a slice of the SDK's zustand store. `selector` must return a stable reference for
 * unchanged state: the store replaces only what changed (one room's message array, one
 * room), so selecting `messagesByRoom[roomId]` re-renders only when that room changes.
 *
 * React's own `useSyncExternalStore` rather than zustand's `useStore`: zustand is hoisted
 * to the workspace root and would import the root's React, not this app's.
 */
export function useChatSelector<T>(client: ChatClient, selector: (state: ChatState) => T): T {
  const { store } = client;
  const get = useCallback(() => selector(store.getState()), [store, selector]);
  return useSyncExternalStore(store.subscribe, get, get);
}

const selectStatus = (s: ChatState) => s.connectionStatus;

export function useConnectionStatus(client: ChatClient): ConnectionStatus {
  return useChatSelector(client, selectStatus);
}

/** A room's messages, ascending; pending and failed ones of ours last. */
export function useRoomMessages(client: ChatClient, roomId: string | null): ChatMessage[] {
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

export function useRoom(client: ChatClient, roomId: string | null): Room | null {
  const select = useCallback(
    (s: ChatState) => (roomId ? (s.rooms[roomId] ?? null) : null),
    [roomId],
  );
  return useChatSelector(client, select);
}
