import { createContactForm } from "@switchboard/client";
import { useEffect, useId, useMemo, useRef, useSyncExternalStore, type FormEvent } from "react";
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
  // The SDK's state machine decides each step (as in the React Native screen); this draws it.
  const form = useMemo(() => createContactForm(client), [client]);
  const { editing, value, error, busy, focus } = useSyncExternalStore(
    form.subscribe,
    form.getState,
    form.getState, // on the server too: the form's first state
  );
  const input = useRef<HTMLInputElement>(null);
  const change = useRef<HTMLButtonElement>(null);
  const asking = editing || !email;

  useEffect(() => {
    if (focus === "input") input.current?.focus();
    if (focus === "change") change.current?.focus();
    form.focused();
  }, [focus, form]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void form.submit();
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
              onClick={() => form.edit(email ?? "")}
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
            onChange={form.setValue}
            invalid={!!error}
            busy={busy}
            buttonLabel={t(busy ? "contact.saving" : "contact.save")}
          />
          {error ? (
            <p id={`${id}-error`} className="sb-field__error">
              {t(error)}
            </p>
          ) : null}
          {email ? (
            <button type="button" className="sb-linkbtn" onClick={form.cancel}>
              {t("contact.cancel")}
            </button>
          ) : null}
        </form>
      ) : null}
    </section>
  );
}
