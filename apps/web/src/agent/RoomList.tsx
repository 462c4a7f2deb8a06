import {
  sameItems,
  useChatSelector,
  useRooms,
  type AgentRooms,
  type AssignedFilter,
  type RoomFilter,
  type StatusFilter,
} from "@switchboard/react";
import { useEffect, useId, useState } from "react";
import { knownLabels } from "./LabelEditor.tsx";
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
  const label = filter.label ? ` labelled “${filter.label}”` : "";
  if (filter.q)
    return (
      <p className="sb-state sb-state--muted">
        No {filter.status} conversations{which}
        {label} match “{filter.q}”.
      </p>
    );
  return (
    <p className="sb-state sb-state--muted">
      No {filter.status} conversations{which}
      {label}.{filter.status === "open" ? " New ones appear here live." : ""}
    </p>
  );
}

/** "3 results", "1 result", "50+ results", "No results": what a search found, in words. */
export function resultCount(count: number, more: boolean): string {
  if (count === 0) return "No results";
  return `${count}${more ? "+" : ""} ${count === 1 && !more ? "result" : "results"}`;
}

/** The search text, once typing has paused (one `list-rooms` per pause, not per key). */
function useSettled(text: string, ms = 300): string {
  const [settled, setSettled] = useState(text);
  useEffect(() => {
    const id = setTimeout(() => setSettled(text), text ? ms : 0);
    return () => clearTimeout(id);
  }, [text, ms]);
  return settled;
}

/** The search box and the label filter of the inbox. */
function Finders(props: {
  text: string;
  onText(text: string): void;
  label: string;
  onLabel(label: string): void;
}) {
  const id = useId();
  const labels = useChatSelector(knownLabels, sameItems);
  const options = props.label && !labels.includes(props.label) ? [props.label, ...labels] : labels;
  return (
    <div className="sb-finders">
      <div className="sb-search">
        <svg className="sb-search__icon" viewBox="0 0 20 20" aria-hidden="true">
          <circle cx="8.5" cy="8.5" r="5.5" />
          <path d="m13 13 4 4" />
        </svg>
        <input
          type="search"
          className="sb-input sb-search__input"
          aria-label="Search conversations"
          aria-describedby={`${id}-hint`}
          placeholder="Search…"
          autoComplete="off"
          value={props.text}
          onChange={(e) => props.onText(e.target.value)}
        />
        <span id={`${id}-hint`} className="sb-sr-only">
          Messages and customer names, at least 2 characters. Escape clears.
        </span>
      </div>
      {options.length > 0 ? (
        <select
          className="sb-input sb-labelfilter"
          aria-label="Filter by label"
          value={props.label}
          onChange={(e) => props.onLabel(e.target.value)}
        >
          <option value="">All labels</option>
          {options.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
      ) : null}
    </div>
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
  const [base, setFilter] = useState<RoomFilter>({ status: "open", assigned: "any" });
  const [text, setText] = useState("");
  const [label, setLabel] = useState("");
  const q = useSettled(text.trim());
  const filter: RoomFilter = {
    ...base,
    ...(label ? { label } : {}),
    ...(q.length >= 2 ? { q } : {}),
  };
  const pages = useRooms(filter, { me });
  const ids = pages.roomIds;

  return (
    <nav className="sb-rooms" aria-label="Conversations">
      <div className="sb-rooms__head">
        <h2 className="sb-rooms__title">
          Inbox{" "}
          <span className="sb-rooms__count">
            {ids.length}
            {pages.hasMore ? "+" : ""}
            <span className="sb-sr-only"> shown</span>
          </span>
        </h2>
        <Finders text={text} onText={setText} label={label} onLabel={setLabel} />
        {/* Always in the page, so that screen readers hear each new count (politely). */}
        <p className="sb-sr-only sb-rooms__found" role="status">
          {filter.q && pages.status === "ready" ? resultCount(ids.length, pages.hasMore) : ""}
        </p>
        <Segmented
          label="Status"
          options={STATUSES}
          value={base.status}
          onChange={(status) => setFilter((f) => ({ ...f, status }))}
        />
        <Segmented
          label="Assignment"
          options={ASSIGNED}
          value={base.assigned}
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
