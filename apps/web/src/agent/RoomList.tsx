import type { ChatClient } from "@switchboard/client";
import type { Room } from "@switchboard/protocol";
import { useMemo, useState } from "react";
import { useChatState } from "../lib/client.ts";
import { formatAge, initials } from "../lib/format.ts";
import { byActivity, type RoomsState } from "./rooms.ts";

type Filter = "all" | "unassigned" | "mine";
const FILTERS: [Filter, string][] = [
  ["all", "All"],
  ["unassigned", "Unassigned"],
  ["mine", "Mine"],
];

export const customerLabel = (room: Room) => room.customerId;

interface Props {
  client: ChatClient;
  me: string | undefined;
  state: RoomsState;
  selected: string | null;
  onSelect(roomId: string): void;
}

function RoomItem({
  client,
  room,
  me,
  selected,
  onSelect,
}: Omit<Props, "state" | "selected"> & { room: Room; selected: boolean }) {
  // Only rooms already opened in this tab have messages in the store.
  const preview = useChatState(client, (s) => s.messagesByRoom[room.id]?.at(-1)?.content);
  const assignee = room.adminId === null ? "Unassigned" : room.adminId === me ? "You" : "Teammate";
  const unread = room.unreadCountAdmin;
  const fallback =
    unread > 0 ? `${unread} new message${unread === 1 ? "" : "s"}` : "Open conversation";
  return (
    <li>
      <button
        type="button"
        className={`sb-room${selected ? " is-selected" : ""}${unread > 0 ? " is-unread" : ""}`}
        aria-current={selected ? "true" : undefined}
        onClick={() => onSelect(room.id)}
      >
        <span className="sb-avatar sb-avatar--lg" aria-hidden="true">
          {initials(customerLabel(room))}
        </span>
        <span className="sb-room__main">
          <span className="sb-room__top">
            <span className="sb-room__name">{customerLabel(room)}</span>
            <time className="sb-room__age" dateTime={room.lastMessageAt ?? room.createdAt}>
              {formatAge(room.lastMessageAt ?? room.createdAt)}
            </time>
          </span>
          <span className="sb-room__bottom">
            <span className="sb-room__preview">
              {preview ?? (room.lastMessageAt ? fallback : "No messages yet")}
            </span>
            {unread > 0 ? (
              <span className="sb-badge" aria-label={`${unread} unread`}>
                {unread > 99 ? "99+" : unread}
              </span>
            ) : null}
          </span>
          <span className={`sb-tag${room.adminId === null ? " sb-tag--warn" : ""}`}>
            {assignee}
          </span>
        </span>
      </button>
    </li>
  );
}

export function RoomList({ client, me, state, selected, onSelect }: Props) {
  const [filter, setFilter] = useState<Filter>("all");
  const rooms = useChatState(client, (s) => s.rooms);
  const list = useMemo(
    () =>
      Object.values(rooms)
        .filter((r) => r.status === "open")
        .filter(
          (r) => filter === "all" || (filter === "mine" ? r.adminId === me : r.adminId === null),
        )
        .sort(byActivity),
    [rooms, filter, me],
  );

  return (
    <nav className="sb-rooms" aria-label="Conversations">
      <div className="sb-rooms__head">
        <h2 className="sb-rooms__title">
          Inbox <span className="sb-rooms__count">{list.length}</span>
        </h2>
        <div className="sb-seg" role="group" aria-label="Filter conversations">
          {FILTERS.map(([value, label]) => (
            <button
              key={value}
              type="button"
              className="sb-seg__btn"
              aria-pressed={filter === value}
              onClick={() => setFilter(value)}
            >
              {label}
            </button>
          ))}
        </div>
      </div>
      {state.kind === "loading" ? (
        <div className="sb-state">
          <span className="sb-spinner" role="status" aria-label="Loading conversations" />
        </div>
      ) : state.kind === "error" ? (
        <p className="sb-state" role="alert">
          {state.auth ? "Your token was refused. Sign in again." : "Couldn't load conversations."}
        </p>
      ) : list.length === 0 ? (
        <p className="sb-state sb-state--muted">
          No open conversations. New ones appear here live.
        </p>
      ) : (
        <ul className="sb-rooms__list">
          {list.map((room) => (
            <RoomItem
              key={room.id}
              client={client}
              room={room}
              me={me}
              selected={room.id === selected}
              onSelect={onSelect}
            />
          ))}
        </ul>
      )}
    </nav>
  );
}
