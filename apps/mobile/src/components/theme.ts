import { StyleSheet } from "react-native";

/** The screen's colours; a host app restyles through the `style` props, not these. */
export const colors = {
  background: "#f4f5f7",
  own: "#2563eb",
  ownText: "#ffffff",
  other: "#ffffff",
  otherText: "#111827",
  muted: "#6b7280",
  read: "#86efac",
  danger: "#b91c1c",
  border: "#e5e7eb",
  banner: "#fef3c7",
  bannerText: "#92400e",
};

export const hairline = StyleSheet.hairlineWidth;
