import type { ChatState } from "@switchboard/client";
import type { Message, Room } from "@switchboard/protocol";
import { BellIcon, useChatClient, useUnread } from "@switchboard/react";
import { useEffect, useRef, useState } from "react";
import { customerLabel } from "./RoomRow.tsx";

type Permission = NotificationPermission | "unsupported";

const supported = () => typeof window !== "undefined" && "Notification" in window;
const permission = (): Permission => (supported() ? Notification.permission : "unsupported");

/**
 * The permission prompt, asked only when the agent presses the button (browsers ignore or
 * penalise prompts nobody asked for), and the state it ended in.
 */
export function NotificationToggle() {
  const [state, setState] = useState<Permission>(permission);
  if (state === "unsupported") return null;
  if (state === "granted") {
    return (
      <span
        className="sb-notif is-on"
        title="You are notified of new messages while this tab is in the background"
      >
        <BellIcon className="sb-icon sb-icon--sm" />
        Notifications on
      </span>
    );
  }
  if (state === "denied") {
    return (
      <span
        className="sb-notif"
        title="Allow notifications for this site in the browser's settings"
      >
        <BellIcon className="sb-icon sb-icon--sm" />
        Notifications blocked
      </span>
    );
  }
  return (
    <button
      type="button"
      className="sb-btn sb-btn--ghost sb-btn--small sb-notif__ask"
      onClick={() =>
        void Notification.requestPermission().then(setState, () => setState(permission()))
      }
    >
      <BellIcon className="sb-icon sb-icon--sm" />
      Enable notifications
    </button>
  );
}

const hidden = () => document.visibilityState === "hidden";
const bodyOf = (m: Pick<Message, "content" | "attachments">) =>
  m.content || (m.attachments[0] ? `Sent ${m.attachments[0].name}` : "New message");

function notify(
  room: Room | undefined,
  roomId: string,
  body: string,
  onOpen: (id: string) => void,
) {
  if (permission() !== "granted" || !hidden()) return;
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
 * Browser notifications for customers' messages while the tab is hidden. Rooms open in
 * this tab get each message pushed (`new-message`); for the others only `room-updated`
 * arrives, with a higher unread count, and the message is read with one small request.
 */
export function useAgentNotifications(token: string, onOpen: (id: string) => void) {
  const client = useChatClient();
  const open = useRef(onOpen);
  useEffect(() => {
    open.current = onOpen;
  });
  useEffect(() => {
    const go = (id: string) => open.current(id);
    const rooms = () => client.store.getState().rooms;
    const offMessage = client.on("new-message", (m) => {
      if (m.senderRole === "customer") notify(rooms()[m.roomId], m.roomId, bodyOf(m), go);
    });
    const offRooms = client.store.subscribe((s, prev) => {
      if (!hidden() || permission() !== "granted") return;
      for (const room of newlyUnread(s, prev)) {
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
  }, [client, token]);
}

/** "(3) Inbox · Switchboard": unread conversations in the tab's title. */
export function useUnreadTitle() {
  const { rooms } = useUnread(undefined, { role: "admin" });
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
      document.title = rooms > 0 ? `(${rooms}) ${base.current}` : base.current;
  }, [rooms]);
}
