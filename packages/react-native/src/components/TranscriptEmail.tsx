import { emailTranscriptTo, type ChatClient } from "@switchboard/client";
import { useEffect, useRef, useState } from "react";
import type { TextInput } from "react-native";
import { Pressable, StyleSheet, Text, View } from "react-native";
import { textDirection, useTranslator } from "../i18n.ts";
import { card } from "./cards.ts";
import { CardButton, CardError } from "./CardParts.tsx";
import { EmailInput } from "./EmailInput.tsx";

/** Props of {@link TranscriptEmail}. */
export interface TranscriptEmailProps {
  /** The SDK client (`client.emailTranscript`, `client.setContact`). */
  client: ChatClient;
  /** The closed room whose conversation to email. */
  roomId: string;
  /**
   * The address the server will use (the SDK's `transcriptEmailAddress`), or null: the
   * action asks for one first.
   */
  email: string | null;
}

/**
 * "Email me the transcript" after a chat, as in the web widget (the server's extension
 * `POST .../transcript/email`, offered when widget-config says `transcriptEmail`): with an
 * address known, one tap queues it and says where it goes; without one, a labelled email
 * field (checked with the SDK's `contactEmail`), stored with `client.setContact` (the only way
 * an address reaches the server), then the transcript is sent. Failures are said under it and
 * leave the way to try again.
 *
 * @example
 * ```tsx
 * {config?.transcriptEmail ? <TranscriptEmail client={client} roomId={roomId} email={email} /> : null}
 * ```
 */
export function TranscriptEmail({ client, roomId, email }: TranscriptEmailProps) {
  const t = useTranslator();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | null>(null);
  const input = useRef<TextInput>(null);
  const focusInput = useRef(false);
  const dir = textDirection(t);

  useEffect(() => {
    if (focusInput.current) input.current?.focus();
    focusInput.current = false;
  });

  /** Sends (storing `typed` first, when given) and says how it went. */
  const send = (typed?: string) => {
    if (busy) return;
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
      if (outcome.atField) {
        focusInput.current = true;
        input.current?.focus();
      }
    });
  };
  const submit = () => send(value);

  const label = t(busy ? "transcript.emailing" : "transcript.email");
  return (
    <View style={[card.card, styles.card]} testID="transcript-email">
      {sentTo ? (
        <Text style={[card.text, dir]} accessibilityLiveRegion="polite">
          {t("transcript.emailed", { email: sentTo })}
        </Text>
      ) : asking ? (
        <>
          <EmailInput
            labelId="transcript-email-label"
            label={t("transcript.emailAsk")}
            dir={dir}
            inputRef={input}
            value={value}
            onChange={setValue}
            onSubmit={submit}
            error={error}
          />
          {/* Not the widget's bare "Send": the composer's button beside it is called that. */}
          <CardButton label={label} busy={busy} onPress={submit} />
        </>
      ) : (
        <Pressable
          onPress={() => {
            if (email) return send();
            setAsking(true);
            focusInput.current = true;
          }}
          disabled={busy}
          accessibilityRole="button"
          accessibilityLabel={label}
          accessibilityState={{ disabled: busy, busy }}
          style={[card.link, busy && card.busy]}
        >
          <Text style={[card.linkText, dir]}>✉️ {label}</Text>
        </Pressable>
      )}
      <CardError text={error} dir={dir} />
    </View>
  );
}

const styles = StyleSheet.create({
  // Mostly a single action: less air than the rating's card above it.
  card: { paddingVertical: 8 },
});
