import type { Room } from "@switchboard/protocol";
import { CloseIcon, formatFull, initials, useChatClient } from "@switchboard/react";
import { useId, useState } from "react";
import { useRoomAction } from "./RoomActions.tsx";
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

function Assignment({ room, me }: { room: Room; me: string | undefined }) {
  const client = useChatClient();
  const [agent, setAgent] = useState("");
  const action = useRoomAction();
  const id = useId();
  const current = room.adminId === null ? "Unassigned" : room.adminId === me ? "You" : room.adminId;
  const target = agent.trim();
  return (
    <section className="sb-panel__section" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Assignment</h3>
      <p className="sb-panel__current">
        Assigned to <strong>{current}</strong>
      </p>
      {room.status === "open" ? (
        <form
          className="sb-assign"
          onSubmit={(event) => {
            event.preventDefault();
            if (target)
              action.run(
                "assign",
                () => client.assign(room.id, target),
                () => setAgent(""),
              );
          }}
        >
          <label htmlFor={id}>Assign to another agent</label>
          <div className="sb-assign__row">
            <input
              id={id}
              className="sb-input"
              placeholder="Agent ID"
              autoComplete="off"
              spellCheck={false}
              value={agent}
              onChange={(e) => setAgent(e.target.value)}
            />
            <button
              type="submit"
              className="sb-btn sb-btn--small"
              disabled={!target || action.busy !== null}
            >
              {action.busy ? "Assigning…" : "Assign"}
            </button>
          </div>
          {action.error ? (
            <p className="sb-assign__error" role="alert">
              {action.error}
            </p>
          ) : null}
        </form>
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
    </aside>
  );
}
