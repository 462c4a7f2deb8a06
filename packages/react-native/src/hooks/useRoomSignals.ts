import type { ChatClient, ChatMessage, ConnectionStatus } from "@switchboard/client";
import type { Role } from "@switchboard/protocol";
import { useEffect, useState } from "react";
import { useRoom } from "./useChatStore.ts";

/** A lost `stop-typing` (the agent closed the tab) must not leave "typing…" up forever. */
const TYPING_TTL_MS = 8000;

/**
 * Whether the other side (`from`) is typing in `roomId`: on from its `typing` event, off at its
 * `stop-typing`, its next message, or 8 s after the last `typing`.
 */
export function useTypingIndicator(client: ChatClient, roomId: string | null, from: Role): boolean {
  const [typingIn, setTypingIn] = useState<string | null>(null);
  useEffect(() => {
    if (!roomId) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = () => {
      clearTimeout(timer);
      setTypingIn(null);
    };
    const offs = [
      client.on("typing", (e) => {
        if (e.roomId !== roomId || e.role !== from) return;
        setTypingIn(roomId);
        clearTimeout(timer);
        timer = setTimeout(stop, TYPING_TTL_MS);
      }),
      client.on("stop-typing", (e) => {
        if (e.roomId === roomId && e.role === from) stop();
      }),
      client.on("new-message", (m) => {
        if (m.roomId === roomId && m.senderRole === from) stop();
      }),
    ];
    return () => {
      clearTimeout(timer);
      offs.forEach((off) => off());
    };
  }, [client, roomId, from]);
  return typingIn !== null && typingIn === roomId;
}

/**
 * Marks the other side's messages read while the user can see them: the screen focused
 * and the app in the foreground. Runs again when a new message from them arrives, and
 * after a reconnect (the SDK's `markRead` does nothing while offline).
 */
export function useMarkRead(
  client: ChatClient,
  roomId: string | null,
  messages: readonly ChatMessage[],
  viewerRole: Role,
  visible: boolean,
  status: ConnectionStatus,
): void {
  const lastOther = messages.findLast(
    (m) => m.senderRole !== viewerRole && m.localStatus === "stored",
  );
  const needsRead = lastOther !== undefined && lastOther.status !== "read";
  const lastId = lastOther?.id;
  useEffect(() => {
    if (visible && roomId && needsRead && status === "online") void client.markRead(roomId);
  }, [visible, roomId, needsRead, status, client, lastId]);
}

/**
 * The viewer's unread count in the room as the server keeps it (`room-updated`), reported
 * through `onChange` (e.g. to set the app icon badge). Null until the room is known.
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
