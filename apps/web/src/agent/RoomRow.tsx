import type { Room } from "@switchboard/protocol";
import { activityOf, initials, useAgents, useChatState } from "@switchboard/react";
import { memo } from "react";
import { formatAge } from "../lib/formatAge.ts";
import { useMinute } from "../lib/useMinute.ts";
import { LabelChip } from "./LabelEditor.tsx";
import { previewOf, previewOfRoom } from "./roomPreview.ts";

/** The customer's name from their token when the server knows it, else their id. */
export const customerLabel = (room: Room) => room.customerName || room.customerId;

interface Props {
  roomId: string;
  me: string | undefined;
  selected: boolean;
  onSelect(roomId: string): void;
}

function assigneeOf(
  room: Room,
  me: string | undefined,
  nameOf: (id: string) => string,
): { text: string; warn: boolean } {
  if (room.status === "closed") return { text: "Closed", warn: false };
  if (room.adminId === null) return { text: "Unassigned", warn: true };
  return { text: room.adminId === me ? "You" : nameOf(room.adminId), warn: false };
}

function fallbackPreview(room: Room): string {
  const unread = room.unreadCountAdmin;
  if (unread > 0) return `${unread} new message${unread === 1 ? "" : "s"}`;
  return room.lastMessageAt ? "Open conversation" : "No messages yet";
}

/**
 * One conversation in the inbox. It reads its own room from the store, so a
 * `room-updated` for one room re-renders that row only (the list re-renders only when the
 * order or the set of rooms changes, and then skips every row whose props are unchanged).
 */
function RoomRowImpl({ roomId, me, selected, onSelect }: Props) {
  const room = useChatState((s) => s.rooms[roomId]);
  // Only rooms opened in this tab have messages in the store.
  const preview = useChatState((s) => previewOf(s.messagesByRoom[roomId], me));
  const now = useMinute();
  const { nameOf } = useAgents();
  if (!room) return null;
  const unread = room.unreadCountAdmin;
  const assignee = assigneeOf(room, me, nameOf);
  const labels = room.labels ?? [];
  const label = customerLabel(room);
  const classes = `sb-room${selected ? " is-selected" : ""}${unread > 0 ? " is-unread" : ""}`;
  return (
    <li className="sb-rooms__item" data-room-id={roomId}>
      <button
        type="button"
        className={classes}
        aria-current={selected ? "true" : undefined}
        onClick={() => onSelect(roomId)}
      >
        <span className="sb-avatar sb-avatar--lg" aria-hidden="true">
          {initials(label)}
        </span>
        <span className="sb-room__main">
          <span className="sb-room__top">
            <span className="sb-room__name">{label}</span>
            <time className="sb-room__age" dateTime={activityOf(room)}>
              {formatAge(activityOf(room), Math.max(now, Date.parse(activityOf(room))))}
            </time>
          </span>
          <span className="sb-room__bottom">
            <span className="sb-room__preview">
              {preview ?? previewOfRoom(room, me) ?? fallbackPreview(room)}
            </span>
            {unread > 0 ? (
              <span className="sb-badge" aria-label={`${unread} unread`}>
                {unread > 99 ? "99+" : unread}
              </span>
            ) : null}
          </span>
          <span className="sb-room__tags">
            <span className={`sb-tag${assignee.warn ? " sb-tag--warn" : ""}`}>{assignee.text}</span>
            {labels.slice(0, 2).map((label) => (
              <LabelChip key={label} label={label} />
            ))}
            {labels.length > 2 ? (
              <span className="sb-tag" aria-label={`and ${labels.length - 2} more labels`}>
                +{labels.length - 2}
              </span>
            ) : null}
          </span>
        </span>
      </button>
    </li>
  );
}

export const RoomRow = memo(RoomRowImpl);
