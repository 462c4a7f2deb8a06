import type { ChatState } from "@switchboard/client";
import type { Message, Room } from "@switchboard/protocol";
import { CloseIcon, useAgents, useChatClient } from "@switchboard/react";
import { useEffect, useRef, useState } from "react";
import { customerLabel } from "./RoomRow.tsx";

/** One notice: what happened to which room. */
interface Notice {
  id: number;
  roomId: string;
  text: string;
}

/** Notices kept on screen at once (the oldest goes first). */
const MAX_NOTICES = 3;

/** Rooms whose assignee changed to or away from `me` in this store update. */
function reassigned(s: ChatState, prev: ChatState, me: string) {
  if (s.rooms === prev.rooms) return [];
  return Object.values(s.rooms).filter((r) => {
    const before = prev.rooms[r.id];
    return before && before.adminId !== r.adminId && (r.adminId === me || before.adminId === me);
  });
}

/** The room's newest activity about an assignment, read over HTTP (the room may not be open). */
async function latestAssignment(token: string, roomId: string): Promise<Message | undefined> {
  const res = await fetch(`/api/chat/rooms/${roomId}/messages?limit=5`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  if (!res.ok) return undefined;
  const { messages } = (await res.json()) as { messages: Message[] };
  return messages.findLast(
    (m) => m.activity?.type === "assigned" || m.activity?.type === "transferred",
  );
}

/** The words of a notice, from the room and the activity that moved it (when known). */
function noticeText(
  room: Room,
  me: string,
  by: string | undefined,
  nameOf: (id: string) => string,
) {
  const who = customerLabel(room);
  if (room.adminId === me) {
    if (by === "system") return `Assigned to you automatically: ${who}`;
    return by ? `${nameOf(by)} assigned you the chat with ${who}` : `Assigned to you: ${who}`;
  }
  const to = room.adminId ? nameOf(room.adminId) : "nobody";
  if (by && by === room.adminId) return `${nameOf(by)} took over your chat with ${who}`;
  if (by && by !== "system") return `${nameOf(by)} moved your chat with ${who} to ${to}`;
  return `Your chat with ${who} went to ${to}`;
}

/**
 * Tells the agent when a chat becomes theirs without their asking (routing: "Assigned to
 * you automatically", or a teammate's assignment), and when a teammate takes or moves one
 * of theirs away. The newest is announced politely; each stays until dismissed or opened
 * (nothing that must be read vanishes on a timer).
 */
export function AssignmentNotices(props: {
  token: string;
  me: string | undefined;
  onOpen(roomId: string): void;
}) {
  const client = useChatClient();
  const { nameOf } = useAgents();
  const [notices, setNotices] = useState<Notice[]>([]);
  const next = useRef(0);
  const names = useRef(nameOf);
  useEffect(() => {
    names.current = nameOf;
  });
  const { token, me } = props;

  useEffect(() => {
    if (!me) return;
    return client.store.subscribe((s, prev) => {
      for (const room of reassigned(s, prev, me)) {
        void latestAssignment(token, room.id)
          .catch(() => undefined)
          .then((activity) => {
            const by = activity?.activity?.by;
            if (by === me) return; // my own doing, from this tab or another
            const text = noticeText(room, me, by, names.current);
            setNotices((list) =>
              [...list, { id: next.current++, roomId: room.id, text }].slice(-MAX_NOTICES),
            );
          });
      }
    });
  }, [client, token, me]);

  const dismiss = (id: number) => setNotices((list) => list.filter((n) => n.id !== id));
  return (
    <div className="sb-notices">
      <p className="sb-sr-only" role="status">
        {notices.at(-1)?.text ?? ""}
      </p>
      {notices.map((n) => (
        <div key={n.id} className="sb-notice">
          <span className="sb-notice__text">{n.text}</span>
          <button
            type="button"
            className="sb-btn sb-btn--small sb-notice__open"
            onClick={() => {
              dismiss(n.id);
              props.onOpen(n.roomId);
            }}
          >
            Open
          </button>
          <button
            type="button"
            className="sb-iconbtn sb-notice__close"
            aria-label={`Dismiss: ${n.text}`}
            onClick={() => dismiss(n.id)}
          >
            <CloseIcon className="sb-icon sb-icon--sm" />
          </button>
        </div>
      ))}
    </div>
  );
}
