import type { Room } from "@switchboard/protocol";
import { CloseIcon, formatFull, initials, useAgents } from "@switchboard/react";
import { useId, useState } from "react";
import { AgentAvatar, STATUS_LABEL } from "./AgentAvatar.tsx";
import { AgentPicker } from "./AgentPicker.tsx";
import { LabelEditor } from "./LabelEditor.tsx";
import { customerLabel } from "./RoomRow.tsx";
import { useCustomerInfo, type CustomerFacts } from "./useCustomerInfo.ts";

interface Props {
  room: Room | undefined;
  me: string | undefined;
  onClose(): void;
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
    ["Previous conversations", previous === null ? "…" : `${previous}${facts?.atLeast ? "+" : ""}`],
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
  return (
    <section className="sb-panel__section" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Assignment</h3>
      {room.adminId === null ? (
        <p className="sb-panel__current">Nobody yet: the first agent to reply takes it.</p>
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

/** Who the customer is: id, name, first contact, earlier conversations; and assignment. */
export function CustomerPanel({ room, me, onClose }: Props) {
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
      <Assignment room={room} me={me} />
      <LabelEditor room={room} />
    </aside>
  );
}
