import type { CannedResponse } from "@switchboard/protocol";
import { useCannedResponses } from "@switchboard/react";
import { useEffect, useRef, useState } from "react";
import "../styles/agent-canned.css";
import { CannedForm } from "./CannedForm.tsx";
import { ConfirmDialog } from "./ConfirmDialog.tsx";
import { useRoomAction } from "./RoomActions.tsx";

type Editing = { kind: "new" } | { kind: "edit"; response: CannedResponse } | null;

/** One response in the list, with Edit and Delete. */
function Item(props: { response: CannedResponse; onEdit(): void; onDelete(): void }) {
  const { response } = props;
  return (
    <li className="sb-cannedlist__item" data-shortcode={response.shortcode}>
      <div className="sb-cannedlist__main">
        <p className="sb-cannedlist__top">
          <code className="sb-cannedlist__code">/{response.shortcode}</code>
          <span className="sb-cannedlist__title">{response.title}</span>
        </p>
        <p className="sb-cannedlist__text">{response.content}</p>
      </div>
      <div className="sb-cannedlist__actions">
        <button
          type="button"
          className="sb-btn sb-btn--ghost sb-btn--small"
          aria-label={`Edit /${response.shortcode}`}
          onClick={props.onEdit}
        >
          Edit
        </button>
        <button
          type="button"
          className="sb-btn sb-btn--ghost sb-btn--small"
          aria-label={`Delete /${response.shortcode}`}
          onClick={props.onDelete}
        >
          Delete
        </button>
      </div>
    </li>
  );
}

/**
 * The team's canned responses: the list, a form to add or edit one, and delete (after a
 * confirmation). Changes show in every composer's `/` picker at once (one shared list).
 */
export function CannedView() {
  const { responses, status, remove } = useCannedResponses();
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<CannedResponse | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const action = useRoomAction();
  const addButton = useRef<HTMLButtonElement>(null);
  // When the form goes, focus goes back to what opened it (an Edit button), else "New".
  const opener = useRef<HTMLElement | null>(null);
  const open = (next: Editing) => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setSaved(null);
    setEditing(next);
  };
  useEffect(() => {
    if (editing !== null || !opener.current) return;
    const back = opener.current.isConnected ? opener.current : addButton.current;
    opener.current = null;
    back?.focus();
  }, [editing]);

  return (
    <section className="sb-cannedview" aria-labelledby="sb-canned-title">
      <header className="sb-cannedview__head">
        <div>
          <h2 id="sb-canned-title" className="sb-cannedview__title">
            Canned responses
          </h2>
          <p className="sb-cannedview__sub">
            Type <kbd>/</kbd> at the start of a reply to insert one. Shared by the whole team.
          </p>
        </div>
        {editing === null ? (
          <button
            ref={addButton}
            type="button"
            className="sb-btn"
            onClick={() => open({ kind: "new" })}
          >
            New response
          </button>
        ) : null}
      </header>
      <p className="sb-sr-only" role="status">
        {saved}
      </p>
      {editing ? (
        <CannedForm
          key={editing.kind === "edit" ? editing.response.id : "new"}
          {...(editing.kind === "edit" ? { editing: editing.response } : {})}
          onCancel={() => setEditing(null)}
          onDone={(r) => {
            setEditing(null);
            setSaved(`Saved /${r.shortcode}.`);
          }}
        />
      ) : null}
      {status === "loading" && responses.length === 0 ? (
        <p className="sb-cannedview__state">Loading…</p>
      ) : status === "error" && responses.length === 0 ? (
        <p className="sb-cannedview__state" role="alert">
          Couldn't load the canned responses.
        </p>
      ) : responses.length === 0 ? (
        <div className="sb-cannedview__empty">
          <p className="sb-cannedview__emptytitle">No canned responses yet</p>
          <p>Save the answers you give every day, and insert them with a slash.</p>
        </div>
      ) : (
        <ul className="sb-cannedlist" aria-label="Canned responses">
          {responses.map((r) => (
            <Item
              key={r.id}
              response={r}
              onEdit={() => open({ kind: "edit", response: r })}
              onDelete={() => setDeleting(r)}
            />
          ))}
        </ul>
      )}
      {deleting ? (
        <ConfirmDialog
          title={`Delete /${deleting.shortcode}?`}
          confirmLabel="Delete response"
          busyLabel="Deleting…"
          busy={action.busy === "delete"}
          error={action.error}
          fallbackFocus={() => addButton.current}
          onConfirm={() =>
            action.run(
              "delete",
              () => remove(deleting.id),
              () => {
                setSaved(`Deleted /${deleting.shortcode}.`);
                setDeleting(null);
              },
            )
          }
          onCancel={() => setDeleting(null)}
        >
          <p>Agents can no longer insert it. Messages already sent with it stay as they are.</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
