import { teamStatus, type ConnectionStatus } from "@switchboard/client";
import { teamStatusLine } from "@switchboard/client/i18n";
import type { WidgetConfig } from "@switchboard/protocol";
import { StyleSheet, Text, View } from "react-native";
import { textDirection, useTranslator } from "../i18n.ts";
import { colors, hairline } from "./theme.ts";

/** Props of {@link TeamHeader}. */
export interface TeamHeaderProps {
  /** The team's name. */
  team: string;
  /** The client's connection: while it is not up the line says so. */
  status: ConnectionStatus;
  /** The team's availability (`useWidgetConfig`), or null while unknown. */
  config: WidgetConfig | null;
}

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => [...word][0]?.toUpperCase() ?? "")
    .join("") || "?";

/**
 * The team and the truth about it, as the web widget's header says it: "Online · Replies in
 * a few minutes" only while widget-config says the team is open, else "Away · Back tomorrow
 * at 9:00" (in the reader's language and zone) or "Away · We'll reply by email"; the
 * connection while it is not up. The line is a polite live region.
 *
 * @example
 * ```tsx
 * <TeamHeader team="Acme Support" status={status} config={useWidgetConfig(client, true, status)} />
 * ```
 */
export function TeamHeader({ team, status, config }: TeamHeaderProps) {
  const t = useTranslator();
  const now = teamStatus(config);
  const line =
    status === "online"
      ? teamStatusLine(t, now)
      : t(status === "idle" ? "status.connecting" : `status.${status}`);
  const dot = status !== "online" ? colors.muted : now.asksForEmail ? colors.away : colors.online;
  return (
    <View style={styles.header} testID="team-header">
      <View
        style={styles.avatar}
        accessible={false}
        importantForAccessibility="no-hide-descendants"
      >
        <Text style={styles.avatarText}>{initials(team)}</Text>
      </View>
      <View style={styles.text}>
        <Text style={[styles.title, textDirection(t)]} accessibilityRole="header" numberOfLines={1}>
          {team}
        </Text>
        <View style={styles.lineRow}>
          <View style={[styles.dot, { backgroundColor: dot }]} />
          <Text
            style={[styles.line, textDirection(t)]}
            accessibilityLiveRegion="polite"
            testID="team-status"
          >
            {line}
          </Text>
        </View>
      </View>
    </View>
  );
}

const styles = StyleSheet.create({
  header: {
    flexDirection: "row",
    alignItems: "center",
    gap: 12,
    paddingHorizontal: 16,
    paddingVertical: 10,
    backgroundColor: "#fff",
    borderBottomWidth: hairline,
    borderBottomColor: colors.border,
  },
  avatar: {
    width: 40,
    height: 40,
    borderRadius: 20,
    backgroundColor: colors.own,
    alignItems: "center",
    justifyContent: "center",
  },
  avatarText: { color: "#fff", fontWeight: "700", fontSize: 15 },
  text: { flex: 1, gap: 2 },
  title: { fontSize: 17, fontWeight: "600", color: colors.otherText },
  lineRow: { flexDirection: "row", alignItems: "center", gap: 6 },
  dot: { width: 8, height: 8, borderRadius: 4 },
  line: { fontSize: 13, color: colors.muted, flexShrink: 1 },
});
