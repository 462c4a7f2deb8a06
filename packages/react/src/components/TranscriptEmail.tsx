import { createTranscriptEmailForm } from "@switchboard/client";
import { useEffect, useId, useMemo, useRef, useSyncExternalStore, type FormEvent } from "react";
import { useChatClient } from "../ChatProvider.tsx";
import { useTranslator } from "../hooks/useTranslator.ts";
import { MailIcon } from "./Icons.tsx";
import { EmailRow } from "./EmailRow.tsx";

/** Props of {@link TranscriptEmail}. */
export interface TranscriptEmailProps {
  /** The room whose conversation to email. */
  roomId: string;
  /** The address the customer left (`set-contact`), or null: the action asks for one first. */
  email: string | null;
}

/**
 * "Email me the transcript" (the server's extension `POST .../transcript/email`): with an
 * address known, one click queues it and says where it goes; without one, the click opens a
 * labelled field (focused), the address is stored with `set-contact` (the only way an address
 * reaches the server: the email never goes anywhere else), then the transcript is sent. The
 * outcome is said politely (`role="status"`); a failure says so and keeps the way to retry.
 *
 * @example
 * ```tsx
 * {config?.transcriptEmail ? <TranscriptEmail roomId={roomId} email={email} /> : null}
 * ```
 */
export function TranscriptEmail({ roomId, email }: TranscriptEmailProps) {
  const client = useChatClient();
  const t = useTranslator();
  const id = useId();
  // The SDK's state machine decides each step (as in the React Native screen); this draws it.
  const form = useMemo(() => createTranscriptEmailForm(client), [client]);
  const { asking, busy, sentTo, value, error, focus } = useSyncExternalStore(
    form.subscribe,
    form.getState,
    form.getState, // on the server too: the form's first state
  );
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (focus === "input") input.current?.focus();
    form.focused();
  }, [focus, form]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void form.submit(roomId);
  };

  return (
    <div className="sb-transcript__email">
      {sentTo ? null : asking ? (
        <form className="sb-contact__form" noValidate onSubmit={submit}>
          <EmailRow
            id={id}
            inputRef={input}
            label={t("transcript.emailAsk")}
            value={value}
            onChange={form.setValue}
            invalid={!!error}
            busy={busy}
            buttonLabel={t(busy ? "transcript.emailing" : "transcript.emailSend")}
          />
        </form>
      ) : (
        <button
          type="button"
          className="sb-btn sb-btn--ghost sb-btn--small"
          aria-busy={busy || undefined}
          disabled={busy}
          onClick={() => void form.press(roomId, email)}
        >
          <MailIcon className="sb-icon sb-icon--sm" />
          {t(busy ? "transcript.emailing" : "transcript.email")}
        </button>
      )}
      {email && !sentTo && !asking ? (
        // A mistyped address can be put right: the newest one the customer left is used.
        <button
          type="button"
          className="sb-linkbtn"
          disabled={busy}
          onClick={() => form.ask(email)}
        >
          {t("contact.change")}
        </button>
      ) : null}
      <p
        id={`${id}-error`}
        className={error ? "sb-field__error" : "sb-transcript__sent"}
        role="status"
      >
        {error ? t(error) : sentTo ? t("transcript.emailed", { email: sentTo }) : ""}
      </p>
    </div>
  );
}
