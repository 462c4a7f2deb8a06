import type { ChatState } from "@switchboard/client";
import type { Message, Room } from "@switchboard/protocol";
import { useChatClient, useUnread } from "@switchboard/react";
import { useEffect, useRef } from "react";
import { alertSettings } from "./alertSettings.ts";
import { playChime, unlockAudioOnInteraction } from "./chime.ts";
import { customerLabel } from "./RoomRow.tsx";

type Permission = NotificationPermission | "unsupported";

const supported = () => typeof window !== "undefined" && "Notification" in window;
export const permission = (): Permission => (supported() ? Notification.permission : "unsupported");

/**
 * Whether the agent is not looking at this page: its tab is in the background, or another
 * window (another app) is in front of it. Only then do notifications appear.
 */
const away = () => document.visibilityState === "hidden" || !document.hasFocus();
const bodyOf = (m: Pick<Message, "content" | "attachments">) =>
  m.content || (m.attachments[0] ? `Sent ${m.attachments[0].name}` : "New message");

function notify(
  room: Room | undefined,
  roomId: string,
  body: string,
  onOpen: (id: string) => void,
) {
  if (permission() !== "granted" || !alertSettings().notifications || !away()) return;
  const title = room ? `New message from ${customerLabel(room)}` : "New message";
  let n: Notification;
  try {
    // One notification per room: a newer one replaces the older (tag).
    n = new Notification(title, { body, tag: `switchboard:${roomId}` });
  } catch (e) {
    // Android's Chrome only shows notifications through a service worker.
    console.warn("Switchboard: this browser cannot show a notification here", e);
    return;
  }
  n.onclick = () => {
    window.focus();
    onOpen(roomId);
    n.close();
  };
}

/** The latest message of a room the agent has not opened (its messages are not pushed). */
async function latestMessage(token: string, roomId: string): Promise<Message | undefined> {
  const res = await fetch(`/api/chat/rooms/${roomId}/messages?limit=1`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  if (!res.ok) return undefined;
  return ((await res.json()) as { messages: Message[] }).messages.at(-1);
}

/** A room first seen now counts only if it is live news, not a page of old rooms loading. */
const RECENT_MS = 60_000;

/** Rooms whose unread count for agents went up in this store update. */
function newlyUnread(s: ChatState, prev: ChatState): Room[] {
  if (s.rooms === prev.rooms) return [];
  const now = Date.now();
  return Object.values(s.rooms).filter((r) => {
    const before = prev.rooms[r.id];
    if (before) return r.unreadCountAdmin > before.unreadCountAdmin;
    const at = r.lastMessageAt ? Date.parse(r.lastMessageAt) : 0;
    return r.unreadCountAdmin > 0 && now - at < RECENT_MS;
  });
}

/**
 * Browser notifications for customers' messages in the agent's own chats and unassigned
 * ones, while the page is not in front (and the agent has not turned them off in the
 * Alerts menu). Rooms open in
 * this tab get each message pushed (`new-message`); for the others only `room-updated`
 * arrives, with a higher unread count, and the message is read with one small request.
 */
export function useAgentNotifications(
  token: string,
  me: string | undefined,
  onOpen: (id: string) => void,
) {
  const client = useChatClient();
  const open = useRef(onOpen);
  useEffect(() => {
    open.current = onOpen;
  });
  useEffect(() => {
    const go = (id: string) => open.current(id);
    const rooms = () => client.store.getState().rooms;
    // The agent's own chats and those nobody has taken yet: a teammate's chat is theirs.
    const mineOrWaiting = (room: Room | undefined) =>
      !room || room.adminId === null || room.adminId === me;
    const offMessage = client.on("new-message", (m) => {
      const room = rooms()[m.roomId];
      if (m.senderRole === "customer" && mineOrWaiting(room)) notify(room, m.roomId, bodyOf(m), go);
    });
    const offRooms = client.store.subscribe((s, prev) => {
      if (!away() || permission() !== "granted" || !alertSettings().notifications) return;
      for (const room of newlyUnread(s, prev).filter(mineOrWaiting)) {
        if (s.messagesByRoom[room.id]) continue; // joined: new-message tells
        void latestMessage(token, room.id).then(
          (m) => m && m.senderRole === "customer" && notify(room, room.id, bodyOf(m), go),
          () => undefined,
        );
      }
    });
    return () => {
      offMessage();
      offRooms();
    };
  }, [client, token, me]);
}

/**
 * "(3) Inbox · Switchboard": the new customer messages in the agent's own chats (open rooms
 * assigned to them) in the tab's title.
 */
export function useUnreadTitle(me: string | undefined) {
  const { count } = useUnread(undefined, { role: "admin", assignedTo: me ?? "" });
  // The page's own title, read once mounted (after an earlier inbox put its own back).
  const base = useRef<string | null>(null);
  useEffect(() => {
    const title = document.title;
    base.current = title;
    return () => {
      base.current = null;
      document.title = title;
    };
  }, []);
  useEffect(() => {
    if (base.current !== null)
      document.title = count > 0 ? `(${count > 99 ? "99+" : count}) ${base.current}` : base.current;
  }, [count]);
}

/** Rooms of `me` whose unread count for agents went up in this store update. */
function newInMine(s: ChatState, prev: ChatState, me: string): Room[] {
  if (s.rooms === prev.rooms) return [];
  return Object.values(s.rooms).filter((r) => {
    const before = prev.rooms[r.id];
    return r.adminId === me && !!before && r.unreadCountAdmin > before.unreadCountAdmin;
  });
}

/**
 * A chime for each new customer message in the agent's own chats, unless muted in the Alerts
 * menu, or the message is in the conversation on screen in a page in front (the agent sees
 * it arrive).
 */
export function useNewMessageSound(me: string | undefined) {
  const client = useChatClient();
  useEffect(() => unlockAudioOnInteraction(), []);
  useEffect(() => {
    if (!me) return;
    return client.store.subscribe((s, prev) => {
      if (!alertSettings().sound) return;
      const rooms = newInMine(s, prev, me).filter((r) => away() || r.id !== s.activeRoomId);
      if (rooms.length > 0) playChime();
    });
  }, [client, me]);
}
