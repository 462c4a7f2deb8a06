import type { RefObject } from "react";

/** Props of {@link EmailRow}. */
export interface EmailRowProps {
  /** The field's id; its error, when shown, has the id `${id}-error`. */
  id: string;
  /** The field, to focus it. */
  inputRef: RefObject<HTMLInputElement | null>;
  /** What the field asks for (its label). */
  label: string;
  value: string;
  onChange(value: string): void;
  /** Whether the error below the field is about it (`aria-invalid`, `aria-describedby`). */
  invalid: boolean;
  /** A request is on its way: the button waits. */
  busy: boolean;
  /** The submit button's words. */
  buttonLabel: string;
}

/**
 * The labelled email field and its submit button, as the email prompt and the transcript
 * email action both ask for an address (inside their own `<form>`). Left to right whatever the
 * widget's language: an address is.
 */
export function EmailRow(props: EmailRowProps) {
  const { id, inputRef, label, value, onChange, invalid, busy, buttonLabel } = props;
  return (
    <>
      <label className="sb-field__label" htmlFor={`${id}-email`}>
        {label}
      </label>
      <div className="sb-contact__row">
        <input
          ref={inputRef}
          id={`${id}-email`}
          className="sb-input"
          type="email"
          inputMode="email"
          autoComplete="email"
          dir="ltr"
          placeholder="name@example.com"
          value={value}
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? `${id}-error` : undefined}
          onChange={(event) => onChange(event.target.value)}
        />
        <button type="submit" className="sb-btn sb-btn--small" disabled={busy}>
          {buttonLabel}
        </button>
      </div>
    </>
  );
}
