import { useEffect, useId, useRef, type ReactNode } from "react";
import "../styles/dialog.css";

interface Props {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** Shown while `busy`, e.g. "Closing…". */
  busyLabel?: string;
  busy?: boolean;
  error?: string | null;
  onConfirm(): void;
  onCancel(): void;
}

/**
 * A modal confirmation in a `<dialog>`: focus moves into it and back, Escape cancels. The
 * safe choice (Cancel) takes the first focus, so a stray Enter changes nothing.
 */
export function ConfirmDialog(props: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
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
          className="sb-btn sb-btn--danger"
          disabled={props.busy}
          onClick={props.onConfirm}
        >
          {props.busy ? (props.busyLabel ?? props.confirmLabel) : props.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
