import { createContactForm, type ChatClient } from "@switchboard/client";
import { useEffect, useMemo, useRef, useSyncExternalStore } from "react";
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
  // The SDK's state machine decides each step (as in the web widget); this draws it.
  const form = useMemo(() => createContactForm(client), [client]);
  const { editing, value, error, busy, focus } = useSyncExternalStore(
    form.subscribe,
    form.getState,
  );
  const input = useRef<TextInput>(null);
  const change = useRef<View>(null);
  const asking = editing || !email;
  const dir = textDirection(t);
  const said = error ? t(error) : null;

  useEffect(() => {
    if (focus === "input") input.current?.focus();
    if (focus === "change") (change.current as { focus?: () => void } | null)?.focus?.();
    form.focused();
  }, [focus, form]);

  const submit = () => void form.submit();

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
            onPress={() => form.edit(email ?? "")}
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
            onChange={form.setValue}
            onSubmit={submit}
            error={said}
          />
          <CardError text={said} dir={dir} />
          <CardButton
            label={t(busy ? "contact.saving" : "contact.save")}
            busy={busy}
            onPress={submit}
          />
          {email ? (
            <Pressable style={card.link} accessibilityRole="button" onPress={form.cancel}>
              <Text style={card.linkText}>{t("contact.cancel")}</Text>
            </Pressable>
          ) : null}
        </>
      )}
    </View>
  );
}
