import { contactEmail } from "@switchboard/client";
import { ChatError } from "@switchboard/protocol";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useChatClient } from "../ChatProvider.tsx";
import { useTranslator } from "../hooks/useTranslator.ts";
import { EmailRow } from "./EmailRow.tsx";

/** Props of {@link ContactPrompt}. */
export interface ContactPromptProps {
  /** The email the room holds (`room.customerEmail`), or null. */
  email: string | null;
  /** Why it asks: the team is `away` (outside hours), or `noAgent` is online. */
  reason: "away" | "noAgent";
}

/**
 * Asks the customer for an email while nobody can answer in the chat (contract v2
 * `set-contact`), so that the answer reaches them once they are gone: a labelled field,
 * checked before it is sent (with the reason next to the field, which takes the focus), and
 * a confirmation said politely ("We'll email you at …") with a button to change it. With an
 * email stored it shows the confirmation.
 *
 * @example
 * ```tsx
 * {config && !config.open ? <ContactPrompt email={room?.customerEmail ?? null} reason="away" /> : null}
 * ```
 */
export function ContactPrompt({ email, reason }: ContactPromptProps) {
  const client = useChatClient();
  const t = useTranslator();
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const change = useRef<HTMLButtonElement>(null);
  // Where the focus goes after the render a step causes: the field to type in, or "Change"
  // once saved (each step also changes state, so a render follows).
  const focus = useRef<"input" | "change" | null>(null);
  const asking = editing || !email;

  useEffect(() => {
    if (focus.current === "input") input.current?.focus();
    if (focus.current === "change") change.current?.focus();
    focus.current = null;
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // set-contact's own schema, as the server checks it (the SDK's contactEmail).
    const typed = contactEmail(value);
    if (!typed) {
      setError(t("contact.invalid"));
      input.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    client.setContact(typed).then(
      () => {
        setBusy(false);
        setEditing(false);
        focus.current = "change";
      },
      (e: unknown) => {
        setBusy(false);
        const invalid = e instanceof ChatError && e.code === "VALIDATION";
        setError(t(invalid ? "contact.invalid" : "contact.failed"));
        focus.current = "input";
      },
    );
  };

  return (
    <section className="sb-card sb-contact" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="sb-card__title">
        {t("contact.title")}
      </h2>
      <div role="status">
        {!asking ? (
          <p className="sb-contact__saved">
            {t("contact.saved", { email: email ?? "" })}{" "}
            <button
              ref={change}
              type="button"
              className="sb-linkbtn"
              onClick={() => {
                setValue(email ?? "");
                setEditing(true);
                focus.current = "input";
              }}
            >
              {t("contact.change")}
            </button>
          </p>
        ) : null}
      </div>
      {asking ? (
        <form className="sb-contact__form" noValidate onSubmit={submit}>
          <p className="sb-card__text">
            {t(reason === "away" ? "contact.away" : "contact.noAgent")}
          </p>
          <EmailRow
            id={id}
            inputRef={input}
            label={t("contact.label")}
            value={value}
            onChange={setValue}
            invalid={!!error}
            busy={busy}
            buttonLabel={t(busy ? "contact.saving" : "contact.save")}
          />
          {error ? (
            <p id={`${id}-error`} className="sb-field__error">
              {error}
            </p>
          ) : null}
          {email ? (
            <button
              type="button"
              className="sb-linkbtn"
              onClick={() => {
                setEditing(false);
                setError(null);
                focus.current = "change";
              }}
            >
              {t("contact.cancel")}
            </button>
          ) : null}
        </form>
      ) : null}
    </section>
  );
}
