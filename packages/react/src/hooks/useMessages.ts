import type { ChatMessage } from "@switchboard/client";
import { useCallback } from "react";
import { useChatClient } from "../ChatProvider.tsx";
import { EMPTY, useClientState } from "./useChatState.ts";

/** What {@link useMessages} returns. */
export interface RoomMessages {
  /** Ascending by time; the client's pending and failed ones last (see `localStatus`). */
  messages: readonly ChatMessage[];
  /** Older messages exist before the first one held. */
  hasMoreBefore: boolean;
  /** Loads the page before the oldest held message; resolves false when there was none. */
  loadOlder(): Promise<boolean>;
}

/**
 * A room's messages as the client holds them (the room must be joined: `client.join` or
 * `useCustomerRoom`). A null room has none.
 *
 * @param roomId - The room; null: no messages.
 * @returns The messages, whether older ones exist, and `loadOlder`.
 *
 * @example
 * ```tsx
 * const { messages, hasMoreBefore, loadOlder } = useMessages(roomId);
 * ```
 */
export function useMessages(roomId: string | null): RoomMessages {
  const client = useChatClient();
  const messages = useClientState(client, (s) =>
    roomId ? (s.messagesByRoom[roomId] ?? EMPTY) : EMPTY,
  );
  const hasMoreBefore = useClientState(client, (s) =>
    roomId ? (s.hasMoreBefore[roomId] ?? false) : false,
  );
  const loadOlder = useCallback(
    () => (roomId ? client.loadOlder(roomId) : Promise.resolve(false)),
    [client, roomId],
  );
  return { messages, hasMoreBefore, loadOlder };
}
