import { StyleSheet } from "react-native";

/** The screen's colours; a host app restyles the screen through its `style` prop. */
export const colors = {
  background: "#f4f5f7",
  own: "#2563eb",
  ownText: "#ffffff",
  other: "#ffffff",
  otherText: "#111827",
  muted: "#6b7280",
  /** Activity lines ("Grace took the chat"): muted, yet 7:1 on `background`. */
  system: "#4b5563",
  read: "#86efac",
  danger: "#b91c1c",
  border: "#e5e7eb",
  banner: "#fef3c7",
  bannerText: "#92400e",
  online: "#16a34a",
  away: "#d97706",
  card: "#ffffff",
  selected: "#dbeafe",
};

/** The thinnest line the screen can draw (separators). */
export const hairline = StyleSheet.hairlineWidth;
