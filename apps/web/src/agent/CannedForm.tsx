import { ChatError, LIMITS, type CannedResponse } from "@switchboard/protocol";
import { useCannedResponses } from "@switchboard/react";
import { useId, useRef, useState, type FormEvent } from "react";

interface Props {
  /** The response being edited; absent: a new one. */
  editing?: CannedResponse;
  onDone(saved: CannedResponse): void;
  onCancel(): void;
}

const SHORTCODE = /^[a-z0-9_-]+$/;

/** Words for what the server refused. */
function saveError(e: unknown, shortcode: string): { field: "shortcode" | null; text: string } {
  if (e instanceof ChatError && e.code === "CONFLICT")
    return {
      field: "shortcode",
      text: `/${shortcode} is already taken. Choose another shortcode.`,
    };
  if (e instanceof ChatError && e.code === "NOT_FOUND")
    return { field: null, text: "This response was deleted by a teammate meanwhile." };
  if (e instanceof ChatError && e.code === "VALIDATION")
    return { field: null, text: `The server refused it: ${e.message}` };
  return { field: null, text: "Couldn't save. Check your connection and try again." };
}

/**
 * Add or edit one canned response: shortcode (checked here as the server checks it, and the
 * server's CONFLICT for a taken one shown at the field), optional title, text with
 * placeholders. The first field with an error takes the focus.
 */
export function CannedForm({ editing, onDone, onCancel }: Props) {
  const { create, update } = useCannedResponses();
  const id = useId();
  const [shortcode, setShortcode] = useState(editing?.shortcode ?? "");
  const [title, setTitle] = useState(
    editing && editing.title !== editing.shortcode ? editing.title : "",
  );
  const [content, setContent] = useState(editing?.content ?? "");
  const [error, setError] = useState<{
    field: "shortcode" | "content" | null;
    text: string;
  } | null>(null);
  const [busy, setBusy] = useState(false);
  const codeRef = useRef<HTMLInputElement>(null);
  const contentRef = useRef<HTMLTextAreaElement>(null);
  const code = shortcode.trim().toLowerCase();

  const fail = (e: { field: "shortcode" | "content" | null; text: string }) => {
    setError(e);
    if (e.field === "shortcode") codeRef.current?.focus();
    if (e.field === "content") contentRef.current?.focus();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!code || code.length > LIMITS.shortcodeMaxLength || !SHORTCODE.test(code))
      return fail({
        field: "shortcode",
        text: `A shortcode is 1 to ${LIMITS.shortcodeMaxLength} of a–z, 0–9, - and _ (no spaces).`,
      });
    if (!content.trim()) return fail({ field: "content", text: "Write the response's text." });
    setBusy(true);
    setError(null);
    const input = { shortcode: code, title: title.trim(), content };
    const save = editing ? update(editing.id, input) : create(input);
    save.then(
      (saved) => {
        setBusy(false);
        onDone(saved);
      },
      (e: unknown) => {
        setBusy(false);
        fail(saveError(e, code));
      },
    );
  };

  const described = (field: "shortcode" | "content", help: string) =>
    error?.field === field ? `${id}-error ${help}` : help;

  return (
    <form className="sb-cannedform" onSubmit={submit} noValidate aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} className="sb-cannedform__title">
        {editing ? `Edit /${editing.shortcode}` : "New canned response"}
      </h2>
      <div className="sb-field">
        <label htmlFor={`${id}-code`}>Shortcode</label>
        <div className="sb-field__prefixed">
          <span aria-hidden="true">/</span>
          <input
            ref={codeRef}
            id={`${id}-code`}
            className="sb-input"
            value={shortcode}
            autoFocus
            autoComplete="off"
            spellCheck={false}
            maxLength={LIMITS.shortcodeMaxLength + 8}
            aria-invalid={error?.field === "shortcode" || undefined}
            aria-describedby={described("shortcode", `${id}-code-help`)}
            onChange={(e) => setShortcode(e.target.value)}
          />
        </div>
        <p id={`${id}-code-help`} className="sb-field__help">
          What agents type after “/”: lower-case letters, digits, - and _.
        </p>
        {error?.field === "shortcode" ? (
          <p id={`${id}-error`} className="sb-field__error" role="alert">
            {error.text}
          </p>
        ) : null}
      </div>
      <div className="sb-field">
        <label htmlFor={`${id}-title`}>
          Title <span className="sb-field__optional">(optional)</span>
        </label>
        <input
          id={`${id}-title`}
          className="sb-input"
          value={title}
          autoComplete="off"
          maxLength={LIMITS.cannedTitleMaxCodePoints}
          onChange={(e) => setTitle(e.target.value)}
        />
      </div>
      <div className="sb-field">
        <label htmlFor={`${id}-content`}>Text</label>
        <textarea
          ref={contentRef}
          id={`${id}-content`}
          className="sb-input sb-input--area"
          rows={4}
          value={content}
          aria-invalid={error?.field === "content" || undefined}
          aria-describedby={described("content", `${id}-content-help`)}
          onChange={(e) => setContent(e.target.value)}
        />
        <p id={`${id}-content-help`} className="sb-field__help">
          <code>{"{{customer.name}}"}</code> and <code>{"{{agent.name}}"}</code> are filled in when
          the response is inserted.
        </p>
        {error?.field === "content" ? (
          <p id={`${id}-error`} className="sb-field__error" role="alert">
            {error.text}
          </p>
        ) : null}
      </div>
      {error && error.field === null ? (
        <p className="sb-field__error" role="alert">
          {error.text}
        </p>
      ) : null}
      <div className="sb-cannedform__actions">
        <button type="button" className="sb-btn sb-btn--ghost" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="sb-btn" disabled={busy}>
          {busy ? "Saving…" : editing ? "Save changes" : "Add response"}
        </button>
      </div>
    </form>
  );
}
