import type { Room } from "@switchboard/protocol";
import { ChatError } from "@switchboard/protocol";
import { useChatClient } from "@switchboard/react";
import { useState } from "react";
import { ConfirmDialog } from "./ConfirmDialog.tsx";
import { customerLabel } from "./RoomRow.tsx";

/** Words for a failed room action. */
export function actionError(e: unknown): string {
  if (e instanceof ChatError && e.code === "ROOM_CLOSED") return "This conversation is closed.";
  if (e instanceof ChatError && e.code === "FORBIDDEN") return "You can't do that here.";
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

/** "Assign to me" and "Close chat" (with a confirmation) in the conversation's header. */
export function RoomActions({ room, me }: Props) {
  const client = useChatClient();
  const [confirming, setConfirming] = useState(false);
  const action = useRoomAction();
  if (room.status === "closed") return null;
  const mine = room.adminId !== null && room.adminId === me;
  const close = () =>
    action.run(
      "close",
      () => client.closeChat(room.id),
      () => setConfirming(false),
    );

  return (
    <div className="sb-actions">
      {action.error && !confirming ? (
        <span className="sb-actions__error" role="alert">
          {action.error}
        </span>
      ) : null}
      {!mine ? (
        <button
          type="button"
          className="sb-btn sb-btn--small"
          disabled={action.busy !== null}
          onClick={() => action.run("assign", () => client.assign(room.id))}
        >
          {action.busy === "assign" ? "Assigning…" : "Assign to me"}
        </button>
      ) : null}
      <button
        type="button"
        className="sb-btn sb-btn--ghost sb-btn--small"
        disabled={action.busy !== null}
        onClick={() => setConfirming(true)}
      >
        Close chat
      </button>
      {confirming ? (
        <ConfirmDialog
          title="Close this conversation?"
          confirmLabel="Close conversation"
          busyLabel="Closing…"
          busy={action.busy === "close"}
          error={action.error}
          onConfirm={close}
          onCancel={() => setConfirming(false)}
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
