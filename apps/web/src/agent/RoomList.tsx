import {
  useRooms,
  type AgentRooms,
  type AssignedFilter,
  type RoomFilter,
  type StatusFilter,
} from "@switchboard/react";
import { useState } from "react";
import { RoomRow } from "./RoomRow.tsx";

const STATUSES: [StatusFilter, string][] = [
  ["open", "Open"],
  ["closed", "Closed"],
];
const ASSIGNED: [AssignedFilter, string][] = [
  ["any", "All"],
  ["me", "Mine"],
  ["unassigned", "Unassigned"],
];

interface Props {
  me: string | undefined;
  selected: string | null;
  onSelect(roomId: string): void;
}

function Segmented<T extends string>(props: {
  label: string;
  options: [T, string][];
  value: T;
  onChange(value: T): void;
}) {
  return (
    <div className="sb-seg" role="group" aria-label={props.label}>
      {props.options.map(([value, text]) => (
        <button
          key={value}
          type="button"
          className="sb-seg__btn"
          aria-pressed={props.value === value}
          onClick={() => props.onChange(value)}
        >
          {text}
        </button>
      ))}
    </div>
  );
}

function Empty({ filter }: { filter: RoomFilter }) {
  const which =
    filter.assigned === "me"
      ? " assigned to you"
      : filter.assigned === "unassigned"
        ? " waiting for an agent"
        : "";
  return (
    <p className="sb-state sb-state--muted">
      No {filter.status} conversations{which}.
      {filter.status === "open" ? " New ones appear here live." : ""}
    </p>
  );
}

function Status({ pages }: { pages: AgentRooms }) {
  if (pages.status === "loading") {
    return (
      <div className="sb-state">
        <span className="sb-spinner" role="status" aria-label="Loading conversations" />
      </div>
    );
  }
  return (
    <p className="sb-state" role="alert">
      {pages.authError ? "Your token was refused. Sign in again." : "Couldn't load conversations."}
    </p>
  );
}

/**
 * The inbox: filters, then the rooms, newest activity first. Live updates come from
 * `room-updated` through the store: nothing is fetched again, the list re-renders only
 * when its order or membership changes, and then only the changed rows render (memo).
 */
export function RoomList({ me, selected, onSelect }: Props) {
  const [filter, setFilter] = useState<RoomFilter>({ status: "open", assigned: "any" });
  const pages = useRooms(filter, { me });
  const ids = pages.roomIds;

  return (
    <nav className="sb-rooms" aria-label="Conversations">
      <div className="sb-rooms__head">
        <h2 className="sb-rooms__title">
          Inbox{" "}
          <span className="sb-rooms__count" aria-label={`${ids.length} shown`}>
            {ids.length}
            {pages.hasMore ? "+" : ""}
          </span>
        </h2>
        <Segmented
          label="Status"
          options={STATUSES}
          value={filter.status}
          onChange={(status) => setFilter((f) => ({ ...f, status }))}
        />
        <Segmented
          label="Assignment"
          options={ASSIGNED}
          value={filter.assigned}
          onChange={(assigned) => setFilter((f) => ({ ...f, assigned }))}
        />
      </div>
      {pages.status !== "ready" ? (
        <Status pages={pages} />
      ) : ids.length === 0 ? (
        <Empty filter={filter} />
      ) : (
        <div className="sb-rooms__scroll">
          <ul className="sb-rooms__list">
            {ids.map((id) => (
              <RoomRow
                key={id}
                roomId={id}
                me={me}
                selected={id === selected}
                onSelect={onSelect}
              />
            ))}
          </ul>
          {pages.hasMore ? (
            <button
              type="button"
              className="sb-btn sb-btn--ghost sb-btn--small sb-rooms__more"
              disabled={pages.loadingMore}
              onClick={pages.loadMore}
            >
              {pages.loadingMore ? "Loading…" : "Load more"}
            </button>
          ) : null}
        </div>
      )}
    </nav>
  );
}
