import { contactEmail, type ChatClient } from "@switchboard/client";
import { ChatError } from "@switchboard/protocol";
import { useEffect, useRef, useState } from "react";
import type { TextInput } from "react-native";
import { Pressable, Text, View } from "react-native";
import { textDirection, useTranslator } from "../i18n.ts";
import { card } from "./cards.ts";
import { CardButton, CardError } from "./CardParts.tsx";
import { EmailInput } from "./EmailInput.tsx";

/** Props of {@link ContactPrompt}. */
export interface ContactPromptProps {
  /** The SDK client (`client.setContact`). */
  client: ChatClient;
  /** The email the room holds (`room.customerEmail`), or null. */
  email: string | null;
  /** Why it asks: the team is `away` (outside hours), or `noAgent` is online. */
  reason: "away" | "noAgent";
}

/**
 * While nobody can answer in the chat: "Get the answer by email" with a labelled email field,
 * checked before it is sent (the SDK's `contactEmail`: `set-contact`'s own schema; the
 * reason under the field, which keeps the focus), then `client.setContact` and a
 * confirmation ("We'll email you at …") with "Change email". With an email stored it shows
 * the confirmation.
 *
 * @example
 * ```tsx
 * {teamStatus(config).asksForEmail ? (
 *   <ContactPrompt client={client} email={room?.customerEmail ?? null} reason="away" />
 * ) : null}
 * ```
 */
export function ContactPrompt({ client, email, reason }: ContactPromptProps) {
  const t = useTranslator();
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<TextInput>(null);
  const change = useRef<View>(null);
  // Where the focus goes after the render a step causes: the field, or "Change" once saved.
  const focus = useRef<"input" | "change" | null>(null);
  const asking = editing || !email;
  const dir = textDirection(t);

  useEffect(() => {
    if (focus.current === "input") input.current?.focus();
    if (focus.current === "change") (change.current as { focus?: () => void } | null)?.focus?.();
    focus.current = null;
  });

  const submit = () => {
    if (busy) return;
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
    <View style={card.card} testID="contact-prompt">
      <Text style={[card.title, dir]} accessibilityRole="header">
        {t("contact.title")}
      </Text>
      {!asking ? (
        <View accessibilityLiveRegion="polite">
          <Text style={[card.text, dir]}>{t("contact.saved", { email: email ?? "" })}</Text>
          <Pressable
            ref={change}
            style={card.link}
            accessibilityRole="button"
            onPress={() => {
              setValue(email ?? "");
              setEditing(true);
              focus.current = "input";
            }}
          >
            <Text style={card.linkText}>{t("contact.change")}</Text>
          </Pressable>
        </View>
      ) : (
        <>
          <Text style={[card.text, dir]}>
            {t(reason === "away" ? "contact.away" : "contact.noAgent")}
          </Text>
          <EmailInput
            labelId="contact-label"
            label={t("contact.label")}
            dir={dir}
            inputRef={input}
            value={value}
            onChange={setValue}
            onSubmit={submit}
            error={error}
          />
          <CardError text={error} dir={dir} />
          <CardButton
            label={t(busy ? "contact.saving" : "contact.save")}
            busy={busy}
            onPress={submit}
          />
          {email ? (
            <Pressable
              style={card.link}
              accessibilityRole="button"
              onPress={() => {
                setEditing(false);
                setError(null);
                focus.current = "change";
              }}
            >
              <Text style={card.linkText}>{t("contact.cancel")}</Text>
            </Pressable>
          ) : null}
        </>
      )}
    </View>
  );
}
