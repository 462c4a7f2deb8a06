import { createTypingInput, type TypingInput } from "@switchboard/client";
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { Platform, Pressable, StyleSheet, Text, TextInput, View } from "react-native";
import { useTranslator } from "../i18n.ts";
import { colors, hairline } from "./theme.ts";

/** Props of {@link Composer}. */
export interface ComposerProps {
  /** False until the room is known (the first join answered). */
  enabled: boolean;
  /** The text to send (never blank); the field empties itself after. */
  onSend(text: string): void;
  /**
   * The user is typing: on every change while the field holds text (`client.typing`
   * throttles it to one event per 2 s).
   */
  onTyping?(): void;
  /**
   * The user stopped typing: sent, emptied the field, left it or the screen, or 4 s without a
   * change (the SDK's `createTypingInput` rule). Once per spell of typing.
   */
  onStopTyping?(): void;
  /** Shows the image button when given. */
  onAttach?(): void;
}

/** The 4000-code-point limit of the contract, in UTF-16 units for TextInput's maxLength. */
const MAX_LENGTH = 8000;

/**
 * The message field and its Send button (and, with `onAttach`, an image button). On the web
 * (react-native-web) Enter sends and Shift+Enter breaks the line; on a phone Return breaks
 * the line and the button sends. Typing is reported by the SDK's `createTypingInput` rule.
 *
 * @example
 * ```tsx
 * <Composer enabled={roomId !== null} onSend={(text) => client.send(roomId, text)}
 *   onTyping={() => client.typing(roomId)} onStopTyping={() => client.stopTyping(roomId)} />
 * ```
 */
export function Composer({ enabled, onSend, onTyping, onStopTyping, onAttach }: ComposerProps) {
  const t = useTranslator();
  const [text, setText] = useState("");
  // The SDK's rule of one's own typing; the callbacks of the latest render.
  const callbacks = useRef({ onTyping, onStopTyping });
  useLayoutEffect(() => {
    callbacks.current = { onTyping, onStopTyping };
  });
  const typingInput = useRef<TypingInput | null>(null);
  // Made at the first keystroke (event handlers only): the callbacks are read when it signals.
  const typing = () =>
    (typingInput.current ??= createTypingInput({
      typing: () => callbacks.current.onTyping?.(),
      stopTyping: () => callbacks.current.onStopTyping?.(),
    }));
  // Leaving the screen ends a spell of typing.
  useEffect(() => () => typingInput.current?.stop(), []);
  const canSend = enabled && text.trim().length > 0;
  const send = () => {
    if (!canSend) return;
    onSend(text);
    setText("");
    typing().stop();
  };
  return (
    <View style={styles.bar}>
      {onAttach ? (
        <Pressable
          onPress={onAttach}
          disabled={!enabled}
          accessibilityRole="button"
          accessibilityLabel={t("screen.attachImage")}
          hitSlop={8}
          style={styles.attach}
        >
          <Text style={[styles.attachIcon, !enabled && styles.disabled]}>+</Text>
        </Pressable>
      ) : null}
      <TextInput
        value={text}
        onChangeText={(value) => {
          setText(value);
          typing().changed(value);
        }}
        onBlur={() => typing().stop()}
        placeholder={t("composer.placeholder")}
        placeholderTextColor={colors.muted}
        accessibilityLabel={t("composer.label")}
        multiline
        // One line to start with on the web too (a textarea's default is two).
        {...(Platform.OS === "web" ? { rows: 1 } : {})}
        maxLength={MAX_LENGTH}
        style={[styles.input, { writingDirection: t.dir }]}
        // On the web Enter sends and Shift+Enter breaks the line, as in every web chat; on a
        // phone Return breaks the line and the button sends.
        onKeyPress={(e) => {
          const ev = e.nativeEvent as { key: string; shiftKey?: boolean };
          if (Platform.OS === "web" && ev.key === "Enter" && !ev.shiftKey) {
            (e as unknown as { preventDefault?: () => void }).preventDefault?.();
            send();
          }
        }}
      />
      <Pressable
        onPress={send}
        disabled={!canSend}
        accessibilityRole="button"
        accessibilityLabel={t("screen.send")}
        accessibilityState={{ disabled: !canSend }}
        style={[styles.send, !canSend && styles.sendDisabled]}
      >
        <Text style={styles.sendText}>{t("screen.send")}</Text>
      </Pressable>
    </View>
  );
}

const styles = StyleSheet.create({
  bar: {
    flexDirection: "row",
    alignItems: "flex-end",
    gap: 8,
    padding: 8,
    borderTopWidth: hairline,
    borderTopColor: colors.border,
    backgroundColor: "#fff",
  },
  attach: { paddingHorizontal: 6, paddingVertical: 8 },
  attachIcon: { fontSize: 28, lineHeight: 28, fontWeight: "300", color: colors.own },
  disabled: { opacity: 0.4 },
  input: {
    flex: 1,
    minHeight: 40,
    maxHeight: 120,
    paddingHorizontal: 12,
    paddingVertical: 9,
    borderRadius: 20,
    backgroundColor: colors.background,
    fontSize: 16,
    color: colors.otherText,
  },
  send: {
    backgroundColor: colors.own,
    borderRadius: 20,
    paddingHorizontal: 16,
    paddingVertical: 10,
  },
  sendDisabled: { opacity: 0.4 },
  sendText: { color: "#fff", fontWeight: "600", fontSize: 16 },
});
