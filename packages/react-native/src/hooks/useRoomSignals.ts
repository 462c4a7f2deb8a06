import {
  isTyping,
  markReadTarget,
  type ChatClient,
  type ChatMessage,
  type ConnectionStatus,
} from "@switchboard/client";
import type { Role } from "@switchboard/protocol";
import { useCallback, useEffect, useSyncExternalStore } from "react";
import { useRoom } from "./useChatStore.ts";

/**
 * Whether the other side (`from`) is typing in `roomId`, as the SDK's `client.typingTracker`
 * keeps it: on from their `typing` event, off at their `stop-typing`, their next message,
 * a lost connection, or `typingTimeoutMs` (8 s by default) after their last `typing`.
 *
 * @param client - The SDK client.
 * @param roomId - The room on screen; null: false.
 * @param from - The role whose typing to show (`"admin"` on a customer's screen).
 * @returns Whether someone of that role is typing in the room now.
 *
 * @example
 * ```tsx
 * const agentTyping = useTypingIndicator(client, roomId, "admin");
 * {agentTyping ? <TypingIndicator name="Support" /> : null}
 * ```
 */
export function useTypingIndicator(client: ChatClient, roomId: string | null, from: Role): boolean {
  const tracker = client.typingTracker;
  const subscribe = useCallback(
    (onChange: () => void) => tracker.subscribe(() => onChange()),
    [tracker],
  );
  const read = () => isTyping(tracker.getState(), roomId, from);
  return useSyncExternalStore(subscribe, read, read);
}

/**
 * Marks the other side's messages read while the user can see them, by the SDK's rule
 * (`markReadTarget`): the screen focused and the app in the foreground (`visible`), the
 * client online, and the other side's newest stored message not read yet: then
 * `client.markRead(roomId, itsId)`. Runs again for each new message from them, and after a
 * reconnect.
 *
 * @param client - The SDK client.
 * @param roomId - The room on screen; null: nothing to mark.
 * @param messages - The room's messages (`useRoomMessages`).
 * @param viewerRole - Who reads: the other role's messages get the receipts.
 * @param visible - The user sees the conversation now (`useChat`'s `visible`).
 * @param status - The connection status (`useConnectionStatus`).
 *
 * @example
 * ```tsx
 * useMarkRead(client, roomId, messages, "customer", session.visible, session.status);
 * ```
 */
export function useMarkRead(
  client: ChatClient,
  roomId: string | null,
  messages: readonly ChatMessage[],
  viewerRole: Role,
  visible: boolean,
  status: ConnectionStatus,
): void {
  const target = markReadTarget({ messages, viewerRole, visible, connectionStatus: status });
  useEffect(() => {
    if (roomId && target) void client.markRead(roomId, target);
  }, [client, roomId, target]);
}

/**
 * The viewer's unread count in the room as the server keeps it (`room-updated`), reported
 * through `onChange` (e.g. to set the app icon badge). Null until the room is known.
 *
 * @param client - The SDK client.
 * @param roomId - The room; null: null.
 * @param viewerRole - Whose count: `unreadCountCustomer` or `unreadCountAdmin`.
 * @param onChange - Called with each new count (0 once read).
 * @returns The count, or null while the room is not held.
 *
 * @example
 * ```tsx
 * useUnreadCount(client, roomId, "customer", (n) => void Notifications.setBadgeCountAsync(n));
 * ```
 */
export function useUnreadCount(
  client: ChatClient,
  roomId: string | null,
  viewerRole: Role,
  onChange?: (count: number) => void,
): number | null {
  const room = useRoom(client, roomId);
  const count = room
    ? viewerRole === "admin"
      ? room.unreadCountAdmin
      : room.unreadCountCustomer
    : null;
  useEffect(() => {
    if (count !== null) onChange?.(count);
  }, [count, onChange]);
  return count;
}
