import type { Agent, Room } from "@switchboard/protocol";
import { useAgents, useChatClient } from "@switchboard/react";
import { useId, useRef, useState, type KeyboardEvent } from "react";
import "../styles/dialog.css";
import "../styles/agent-picker.css";
import { AgentAvatar, STATUS_LABEL } from "./AgentAvatar.tsx";
import { useRoomAction } from "./RoomActions.tsx";
import { useModal } from "./useModal.ts";

interface Props {
  room: Room;
  me: string | undefined;
  /** The assignment went through (the room in the store is updated). */
  onDone(): void;
  onCancel(): void;
  /** Where focus goes afterwards when the opener is gone. */
  fallbackFocus?(): HTMLElement | null;
}

const matchesText = (agent: Agent, text: string) =>
  !text || agent.name.toLowerCase().includes(text) || agent.id.toLowerCase().includes(text);

/** Up/Down (and Home/End) move between the agents' buttons; Up from the first: the search. */
function moveFocus(event: KeyboardEvent<HTMLElement>, list: HTMLElement | null) {
  const buttons = [...(list?.querySelectorAll<HTMLButtonElement>("button:not(:disabled)") ?? [])];
  if (buttons.length === 0) return;
  const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
  const next =
    event.key === "ArrowDown"
      ? Math.min(at + 1, buttons.length - 1)
      : event.key === "ArrowUp"
        ? at - 1
        : event.key === "Home"
          ? 0
          : event.key === "End"
            ? buttons.length - 1
            : null;
  if (next === null) return;
  event.preventDefault();
  if (next < 0) list?.closest("dialog")?.querySelector<HTMLInputElement>("input")?.focus();
  else buttons[next]?.focus();
}

/**
 * Assign or transfer a conversation: the team from `GET /api/chat/agents` (read afresh when
 * it opens) with each one's status and open conversations, filtered as you type. A modal
 * dialog: Escape or Cancel closes it and focus goes back to the control that opened it.
 */
export function AgentPicker({ room, me, onDone, onCancel, fallbackFocus }: Props) {
  const client = useChatClient();
  const ref = useModal(fallbackFocus);
  const id = useId();
  const list = useRef<HTMLUListElement>(null);
  const { agents, status } = useAgents({ refreshOnMount: true });
  const [text, setText] = useState("");
  const action = useRoomAction();
  const shown = agents.filter((a) => matchesText(a, text.trim().toLowerCase()));
  const assign = (agent: Agent) =>
    action.run("assign", () => client.assign(room.id, agent.id), onDone);
  const title = room.adminId === null ? "Assign this conversation" : "Transfer this conversation";

  return (
    <dialog
      ref={ref}
      className="sb-dialog sb-picker"
      aria-labelledby={`${id}-title`}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id={`${id}-title`} className="sb-dialog__title">
        {title}
      </h2>
      <p className="sb-picker__hint">
        Choose a teammate. They see the chat in their inbox at once.
      </p>
      <input
        type="search"
        className="sb-input sb-picker__search"
        aria-label="Find a teammate"
        placeholder="Find a teammate…"
        autoFocus
        autoComplete="off"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") moveFocus(e, list.current);
        }}
      />
      {status === "loading" && agents.length === 0 ? (
        <p className="sb-picker__state" role="status">
          Loading the team…
        </p>
      ) : status === "error" && agents.length === 0 ? (
        <p className="sb-picker__state" role="alert">
          Couldn't load the team. Check your connection and try again.
        </p>
      ) : shown.length === 0 ? (
        <p className="sb-picker__state">No teammate matches “{text.trim()}”.</p>
      ) : (
        <ul
          ref={list}
          className="sb-picker__list"
          aria-label="Teammates"
          onKeyDown={(e) => moveFocus(e, list.current)}
        >
          {shown.map((agent) => {
            const current = agent.id === room.adminId;
            return (
              <li key={agent.id}>
                <button
                  type="button"
                  className="sb-picker__agent"
                  disabled={current || action.busy !== null}
                  onClick={() => assign(agent)}
                >
                  <AgentAvatar id={agent.id} name={agent.name} status={agent.status} />
                  <span className="sb-picker__who">
                    <span className="sb-picker__name">
                      {agent.name}
                      {agent.id === me ? " (you)" : ""}
                    </span>
                    <span className={`sb-picker__status is-${agent.status}`}>
                      {STATUS_LABEL[agent.status]}
                      <span className="sb-sr-only">,</span>
                    </span>
                  </span>
                  <span className="sb-picker__load">
                    {current ? "Assigned now" : `${agent.openRooms} open`}
                    <span className="sb-sr-only">
                      {current ? "" : ` conversation${agent.openRooms === 1 ? "" : "s"}`}
                    </span>
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {action.error ? (
        <p className="sb-dialog__error" role="alert">
          {action.error}
        </p>
      ) : null}
      <div className="sb-dialog__actions">
        <button type="button" className="sb-btn sb-btn--ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
