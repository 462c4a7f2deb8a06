import type { ChatMessage } from "@switchboard/client";
import { activityText } from "@switchboard/client/i18n";
import type { Role } from "@switchboard/protocol";
import { StyleSheet, Text, View } from "react-native";
import { formatTime } from "../format.ts";
import { textDirection, useTranslator } from "../i18n.ts";
import { colors } from "./theme.ts";

/** Props of {@link ActivityLine}. */
export interface ActivityLineProps {
  /** The activity message (`kind: "activity"`). */
  message: ChatMessage;
  /** Who reads it: a customer's own close and rating read "You closed the chat". */
  viewerRole: Role;
}

/**
 * An activity (assigned, transferred, closed, rated) as the web widget shows it: a sentence
 * in the screen's language (the SDK's `activityText`, the widget's own), centred and muted,
 * with its time; not a bubble, no ticks, no sender. One element to a screen reader.
 *
 * @example
 * ```tsx
 * {message.kind === "activity" ? <ActivityLine message={message} viewerRole="customer" /> : null}
 * ```
 */
export function ActivityLine({ message, viewerRole }: ActivityLineProps) {
  const t = useTranslator();
  const text = activityText(message, t, viewerRole);
  const time = formatTime(message.createdAt, t.locale);
  return (
    <View
      style={styles.row}
      accessible
      accessibilityLabel={`${text}, ${time}`}
      testID={`activity-${message.id}`}
    >
      <Text style={[styles.text, textDirection(t)]}>
        {text}
        <Text style={styles.time}>{` · ${time}`}</Text>
      </Text>
    </View>
  );
}

const styles = StyleSheet.create({
  row: { paddingHorizontal: 24, paddingVertical: 8, alignItems: "center" },
  // Darker than `muted`: 13 px on the screen's grey needs 4.5:1 (this is 7:1).
  text: { color: colors.system, fontSize: 13, lineHeight: 18, textAlign: "center" },
  time: { color: colors.system },
});
