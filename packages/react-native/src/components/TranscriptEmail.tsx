import { createTranscriptEmailForm, type ChatClient } from "@switchboard/client";
import { useEffect, useMemo, useRef, useSyncExternalStore } from "react";
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
  // The SDK's state machine decides each step (as in the web widget); this draws it.
  const form = useMemo(() => createTranscriptEmailForm(client), [client]);
  const { asking, busy, sentTo, value, error, focus } = useSyncExternalStore(
    form.subscribe,
    form.getState,
  );
  const input = useRef<TextInput>(null);
  const dir = textDirection(t);
  const said = error ? t(error) : null;

  useEffect(() => {
    if (focus === "input") input.current?.focus();
    form.focused();
  }, [focus, form]);

  const submit = () => void form.submit(roomId);

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
            onChange={form.setValue}
            onSubmit={submit}
            error={said}
          />
          {/* Not the widget's bare "Send": the composer's button beside it is called that. */}
          <CardButton label={label} busy={busy} onPress={submit} />
        </>
      ) : (
        <Pressable
          onPress={() => void form.press(roomId, email)}
          disabled={busy}
          accessibilityRole="button"
          accessibilityLabel={label}
          accessibilityState={{ disabled: busy, busy }}
          style={[card.link, busy && card.busy]}
        >
          <Text style={[card.linkText, dir]}>✉️ {label}</Text>
        </Pressable>
      )}
      <CardError text={said} dir={dir} />
    </View>
  );
}

const styles = StyleSheet.create({
  // Mostly a single action: less air than the rating's card above it.
  card: { paddingVertical: 8 },
});
