import { emailTranscriptTo } from "@switchboard/client";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
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
  // Asking for an address (none known), busy (a request on its way), sent (to whom).
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (asking) input.current?.focus();
  }, [asking]);

  /** Sends (storing `typed` first, when given) and says how it went. */
  const send = (typed?: string) => {
    setBusy(true);
    setError(null);
    void emailTranscriptTo(client, roomId, typed).then((outcome) => {
      setBusy(false);
      if (outcome.ok) {
        setAsking(false);
        setSentTo(outcome.to);
        return;
      }
      setError(t(outcome.error));
      if (outcome.atField) input.current?.focus();
    });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    send(value);
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
            onChange={setValue}
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
          onClick={() => (email ? send() : setAsking(true))}
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
          onClick={() => {
            setValue(email);
            setAsking(true);
          }}
        >
          {t("contact.change")}
        </button>
      ) : null}
      <p
        id={`${id}-error`}
        className={error ? "sb-field__error" : "sb-transcript__sent"}
        role="status"
      >
        {error ?? (sentTo ? t("transcript.emailed", { email: sentTo }) : "")}
      </p>
    </div>
  );
}
