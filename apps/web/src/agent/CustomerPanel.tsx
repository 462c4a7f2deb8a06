import type { Room } from "@switchboard/protocol";
import { CloseIcon, formatFull, initials, useAgents } from "@switchboard/react";
import { useId, useState } from "react";
import { AgentAvatar, STATUS_LABEL } from "./AgentAvatar.tsx";
import { AgentPicker } from "./AgentPicker.tsx";
import { LabelEditor } from "./LabelEditor.tsx";
import { customerLabel } from "./RoomRow.tsx";
import { useCustomerInfo, type CustomerFacts } from "./useCustomerInfo.ts";
import { useDeskConfig } from "./useDeskConfig.ts";

interface Props {
  room: Room | undefined;
  me: string | undefined;
  onClose(): void;
  /** Opens another conversation (one of the customer's earlier ones). */
  onOpen(roomId: string): void;
}

function Facts({ room, facts }: { room: Room; facts: CustomerFacts | null }) {
  const previous = facts ? facts.closedChats - (room.status === "closed" ? 1 : 0) : null;
  const profile = Object.entries(facts?.profile ?? {}).filter(
    ([, v]) => typeof v === "string" || typeof v === "number",
  );
  const rows: [string, string, string?][] = [
    ["Customer ID", room.customerId, "sb-facts__mono"],
    ["Name", facts?.name ?? "Not shared", facts?.name ? undefined : "sb-facts__none"],
    ["First contact", facts ? formatFull(facts.firstContactAt) : "…"],
    // With the list below (the server's recentChats), its heading says how many.
    ...(facts?.recentChats
      ? []
      : [
          [
            "Previous conversations",
            previous === null ? "…" : `${previous}${facts?.atLeast ? "+" : ""}`,
          ] as [string, string],
        ]),
    [
      "This conversation",
      `${room.status === "closed" ? "Closed" : "Open"} · started ${formatFull(room.createdAt)}`,
    ],
    ...profile.map(([k, v]): [string, string] => [k, String(v)]),
  ];
  return (
    <dl className="sb-facts">
      {rows.map(([label, value, className]) => (
        <div key={label} className="sb-facts__row">
          <dt>{label}</dt>
          <dd className={className}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Who has the conversation, by name and presence, and a way to hand it to a teammate. */
function Assignment({ room, me }: { room: Room; me: string | undefined }) {
  const { agents, nameOf } = useAgents();
  const [picking, setPicking] = useState(false);
  const id = useId();
  const agent = agents.find((a) => a.id === room.adminId);
  const { autoAssign } = useDeskConfig();
  return (
    <section className="sb-panel__section" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Assignment</h3>
      {room.adminId === null ? (
        <p className="sb-panel__current">
          {autoAssign
            ? "Nobody yet: it goes to the next agent who is free, unless someone replies first."
            : "Nobody yet: the first agent to reply takes it."}
        </p>
      ) : (
        <p className="sb-assignee">
          <AgentAvatar id={room.adminId} name={nameOf(room.adminId)} status={agent?.status} />
          <span className="sb-assignee__who">
            <strong>{room.adminId === me ? "You" : nameOf(room.adminId)}</strong>
            {agent ? <span>{STATUS_LABEL[agent.status]}</span> : null}
          </span>
        </p>
      )}
      {room.status === "open" ? (
        <button
          type="button"
          className="sb-btn sb-btn--ghost sb-btn--small sb-assign__open"
          onClick={() => setPicking(true)}
        >
          {room.adminId === null ? "Assign to a teammate…" : "Transfer to a teammate…"}
        </button>
      ) : null}
      {picking ? (
        <AgentPicker
          room={room}
          me={me}
          onDone={() => setPicking(false)}
          onCancel={() => setPicking(false)}
        />
      ) : null}
    </section>
  );
}

/** The customer's rating of this conversation (CSAT), once they gave one: stars, comment, when. */
function Rating({ room }: { room: Room }) {
  const id = useId();
  const rating = room.rating;
  if (!rating) return null;
  return (
    <section className="sb-panel__section sb-csat" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Customer rating</h3>
      <p className="sb-csat__score">
        <span className="sb-csat__stars" aria-hidden="true">
          {[1, 2, 3, 4, 5].map((n) => (
            <span key={n} className={n <= rating.score ? "is-on" : undefined}>
              <StarIcon />
            </span>
          ))}
        </span>
        <strong>{rating.score} out of 5</strong>
      </p>
      {rating.comment ? (
        <blockquote className="sb-csat__comment">“{rating.comment}”</blockquote>
      ) : (
        <p className="sb-panel__current">No comment.</p>
      )}
      <p className="sb-panel__note">
        Rated <time dateTime={rating.at}>{formatFull(rating.at)}</time>
      </p>
    </section>
  );
}

/**
 * The customer's earlier conversations, newest first, each a button that opens it: when,
 * its last line, its rating and labels.
 */
function PreviousChats(props: {
  room: Room;
  rooms: Room[];
  /** How many closed conversations the customer has in all (the list holds the latest). */
  total: number;
  onOpen(roomId: string): void;
}) {
  const id = useId();
  const rooms = props.rooms.filter((r) => r.id !== props.room.id);
  const total = props.total - (props.room.status === "closed" ? 1 : 0);
  return (
    <section className="sb-panel__section" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Previous conversations</h3>
      {total > rooms.length ? (
        <p className="sb-panel__note">
          The latest {rooms.length} of {total}
        </p>
      ) : null}
      {rooms.length === 0 ? (
        <p className="sb-panel__current">None before this one.</p>
      ) : (
        <ul className="sb-history">
          {rooms.map((r) => (
            <li key={r.id}>
              <button type="button" className="sb-history__item" onClick={() => props.onOpen(r.id)}>
                <span className="sb-history__top">
                  <time dateTime={r.lastMessageAt ?? r.createdAt}>
                    {formatFull(r.lastMessageAt ?? r.createdAt)}
                  </time>
                  {r.rating ? (
                    <span className="sb-history__rating">
                      <StarIcon />
                      <span className="sb-sr-only">Rated </span>
                      {r.rating.score}/5
                    </span>
                  ) : null}
                </span>
                <span className="sb-history__text">{lastLine(r)}</span>
                {r.labels && r.labels.length > 0 ? (
                  <span className="sb-history__labels">{r.labels.join(", ")}</span>
                ) : null}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The conversation's last line as said (who said it is not known from the room alone). */
function lastLine(room: Room): string {
  const last = room.lastMessage;
  if (!last) return "No messages";
  if (last.text) return last.text;
  return last.attachments === 1 ? "Attachment" : `${last.attachments} attachments`;
}

const StarIcon = () => (
  <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false">
    <path
      fill="currentColor"
      d="M8 1.2l2 4.3 4.7.5-3.5 3.2 1 4.6L8 11.4l-4.2 2.4 1-4.6L1.3 6l4.7-.5z"
    />
  </svg>
);

/** Who the customer is: id, name, first contact, earlier conversations; and assignment. */
export function CustomerPanel({ room, me, onClose, onOpen }: Props) {
  const { facts, failed } = useCustomerInfo(room);
  if (!room) return null;
  const title = facts?.name ?? customerLabel(room);
  return (
    <aside className="sb-panel" aria-label="Customer details">
      <div className="sb-panel__head">
        <span className="sb-avatar sb-avatar--xl" aria-hidden="true">
          {initials(title)}
        </span>
        <div className="sb-panel__who">
          <h2>{title}</h2>
          <p>Customer</p>
        </div>
        <button
          type="button"
          className="sb-iconbtn sb-panel__close"
          aria-label="Hide customer details"
          onClick={onClose}
        >
          <CloseIcon className="sb-icon" />
        </button>
      </div>
      {failed ? <p className="sb-panel__note">Couldn't load this customer's history.</p> : null}
      <Facts room={room} facts={facts} />
      <Rating room={room} />
      <Assignment room={room} me={me} />
      <LabelEditor room={room} />
      {facts?.recentChats ? (
        <PreviousChats
          room={room}
          rooms={facts.recentChats}
          total={facts.closedChats}
          onOpen={onOpen}
        />
      ) : null}
    </aside>
  );
}
