import { StyleSheet } from "react-native";
import { colors, hairline } from "./theme.ts";

/** The look the screen's cards share (email prompt, rating). */
export const card = StyleSheet.create({
  card: {
    marginHorizontal: 12,
    marginVertical: 8,
    padding: 16,
    gap: 10,
    borderRadius: 16,
    backgroundColor: colors.card,
    borderWidth: hairline,
    borderColor: colors.border,
  },
  title: { fontSize: 16, fontWeight: "600", color: colors.otherText },
  text: { fontSize: 14, lineHeight: 20, color: colors.otherText },
  label: { fontSize: 13, fontWeight: "600", color: colors.otherText },
  input: {
    minHeight: 44,
    paddingHorizontal: 12,
    paddingVertical: 10,
    borderRadius: 10,
    borderWidth: 1,
    borderColor: colors.border,
    backgroundColor: colors.background,
    fontSize: 16,
    color: colors.otherText,
  },
  invalid: { borderColor: colors.danger },
  error: { fontSize: 13, color: colors.danger },
  button: {
    minHeight: 44,
    alignItems: "center",
    justifyContent: "center",
    paddingHorizontal: 16,
    borderRadius: 22,
    backgroundColor: colors.own,
  },
  busy: { opacity: 0.6 },
  buttonText: { color: "#fff", fontWeight: "600", fontSize: 15 },
  link: {
    minHeight: 44,
    justifyContent: "center",
    alignSelf: "flex-start",
    paddingHorizontal: 6,
    marginHorizontal: -6,
  },
  linkText: { color: colors.own, fontWeight: "600", fontSize: 14 },
});
