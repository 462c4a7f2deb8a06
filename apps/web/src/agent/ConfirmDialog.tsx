import { useId, type ReactNode } from "react";
import "../styles/dialog.css";
import { useModal } from "./useModal.ts";

interface Props {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** Shown while `busy`, e.g. "Closing…". */
  busyLabel?: string;
  busy?: boolean;
  error?: string | null;
  /** `danger` (default) for what cannot be undone, `primary` for the rest. */
  tone?: "danger" | "primary";
  /** Where focus goes when the control that opened the dialog is gone afterwards. */
  fallbackFocus?(): HTMLElement | null;
  onConfirm(): void;
  onCancel(): void;
}

/**
 * A modal confirmation in a `<dialog>`: focus moves into it and back to the control that
 * opened it, Escape cancels. The safe choice (Cancel) takes the first focus, so a stray
 * Enter changes nothing.
 */
export function ConfirmDialog(props: Props) {
  const ref = useModal(props.fallbackFocus);
  const id = useId();
  return (
    <dialog
      ref={ref}
      className="sb-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      onCancel={(event) => {
        event.preventDefault();
        props.onCancel();
      }}
    >
      <h2 id={`${id}-title`} className="sb-dialog__title">
        {props.title}
      </h2>
      <div id={`${id}-body`} className="sb-dialog__body">
        {props.children}
      </div>
      {props.error ? (
        <p className="sb-dialog__error" role="alert">
          {props.error}
        </p>
      ) : null}
      <div className="sb-dialog__actions">
        <button type="button" className="sb-btn sb-btn--ghost" autoFocus onClick={props.onCancel}>
          Cancel
        </button>
        <button
          type="button"
          className={props.tone === "primary" ? "sb-btn" : "sb-btn sb-btn--danger"}
          disabled={props.busy}
          onClick={props.onConfirm}
        >
          {props.busy ? (props.busyLabel ?? props.confirmLabel) : props.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
