import type { Room } from "@switchboard/protocol";
import { ChatError } from "@switchboard/protocol";
import { useAgents, useChatClient } from "@switchboard/react";
import { useState } from "react";
import { AgentPicker } from "./AgentPicker.tsx";
import { ConfirmDialog } from "./ConfirmDialog.tsx";
import { conversationFocus } from "./focusTargets.ts";
import { customerLabel } from "./RoomRow.tsx";
import { useShortcut } from "./shortcuts.tsx";

/** Words for a failed room action. */
export function actionError(e: unknown): string {
  if (e instanceof ChatError && e.code === "ROOM_CLOSED") return "This conversation is closed.";
  if (e instanceof ChatError && e.code === "FORBIDDEN") return "You can't do that here.";
  if (e instanceof ChatError && e.code === "NOT_FOUND")
    return "The server doesn't know that teammate yet: they need to sign in once.";
  return "That didn't work. Check your connection and try again.";
}

/** Runs one room action at a time and keeps its error for display. */
export function useRoomAction() {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = (name: string, action: () => Promise<unknown>, then?: () => void) => {
    setBusy(name);
    setError(null);
    action().then(
      () => {
        setBusy(null);
        then?.();
      },
      (e: unknown) => {
        console.warn(`Switchboard: ${name} failed`, e);
        setBusy(null);
        setError(actionError(e));
      },
    );
  };
  return { busy, error, run };
}

interface Props {
  room: Room;
  me: string | undefined;
}

type Open = "close" | "takeover" | "transfer" | null;

/**
 * The conversation header's actions: "Assign to me" (asking first when a teammate has the
 * chat: taking it over is something they see), "Transfer" (or "Assign" while nobody has it)
 * to a teammate picked from the team, and "Close chat" (with a confirmation).
 */
export function RoomActions({ room, me }: Props) {
  const client = useChatClient();
  const { nameOf } = useAgents();
  const [open, setOpen] = useState<Open>(null);
  const action = useRoomAction();
  const isOpen = room.status === "open";
  const mine = room.adminId !== null && room.adminId === me;
  const teammate = room.adminId !== null && !mine ? nameOf(room.adminId) : null;
  const takeMine = () =>
    action.run(
      "assign",
      () => client.assign(room.id),
      () => setOpen(null),
    );
  const close = () =>
    action.run(
      "close",
      () => client.closeChat(room.id),
      () => setOpen(null),
    );

  // `a` and `e` (the dashboard's shortcuts) do what these buttons do.
  useShortcut(
    "assign",
    isOpen && !mine && action.busy === null
      ? () => (teammate ? setOpen("takeover") : takeMine())
      : null,
  );
  useShortcut("close", isOpen && action.busy === null ? () => setOpen("close") : null);
  if (!isOpen) return null;
  return (
    <div className="sb-actions">
      {action.error && open === null ? (
        <span className="sb-actions__error" role="alert">
          {action.error}
        </span>
      ) : null}
      {!mine ? (
        <button
          type="button"
          className="sb-btn sb-btn--small"
          disabled={action.busy !== null}
          onClick={() => (teammate ? setOpen("takeover") : takeMine())}
        >
          {action.busy === "assign" && open === null ? "Assigning…" : "Assign to me"}
        </button>
      ) : null}
      <button
        type="button"
        className="sb-btn sb-btn--ghost sb-btn--small"
        disabled={action.busy !== null}
        onClick={() => setOpen("transfer")}
      >
        {room.adminId === null ? "Assign…" : "Transfer"}
      </button>
      <button
        type="button"
        className="sb-btn sb-btn--ghost sb-btn--small"
        disabled={action.busy !== null}
        onClick={() => setOpen("close")}
      >
        Close chat
      </button>
      {open === "transfer" ? (
        <AgentPicker
          room={room}
          me={me}
          onDone={() => setOpen(null)}
          onCancel={() => setOpen(null)}
          fallbackFocus={conversationFocus}
        />
      ) : null}
      {open === "takeover" && teammate ? (
        <ConfirmDialog
          title={`Take over from ${teammate}?`}
          confirmLabel="Take over"
          busyLabel="Taking over…"
          tone="primary"
          busy={action.busy === "assign"}
          error={action.error}
          fallbackFocus={conversationFocus}
          onConfirm={takeMine}
          onCancel={() => setOpen(null)}
        >
          <p>
            {teammate} is handling this conversation with {customerLabel(room)}. If you take it
            over, it moves to your inbox, and {teammate} sees in the conversation that you took it.
          </p>
        </ConfirmDialog>
      ) : null}
      {open === "close" ? (
        <ConfirmDialog
          title="Close this conversation?"
          confirmLabel="Close conversation"
          busyLabel="Closing…"
          busy={action.busy === "close"}
          error={action.error}
          fallbackFocus={conversationFocus}
          onConfirm={close}
          onCancel={() => setOpen(null)}
        >
          <p>
            {customerLabel(room)} will see that the conversation has ended. If they write again, a
            new conversation starts.
          </p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
