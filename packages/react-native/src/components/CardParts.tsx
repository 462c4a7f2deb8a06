import { Pressable, Text, type StyleProp, type TextStyle } from "react-native";
import { card } from "./cards.ts";

/**
 * A card's error line: announced at once (`alert`, assertive), in the screen's direction;
 * nothing while there is no error.
 */
export function CardError({ text, dir }: { text: string | null; dir: StyleProp<TextStyle> }) {
  if (!text) return null;
  return (
    <Text style={[card.error, dir]} accessibilityRole="alert" accessibilityLiveRegion="assertive">
      {text}
    </Text>
  );
}

/** A card's main button: disabled and marked busy while its request runs. */
export function CardButton({
  label,
  busy,
  onPress,
}: {
  label: string;
  busy: boolean;
  onPress: () => void;
}) {
  return (
    <Pressable
      onPress={onPress}
      disabled={busy}
      accessibilityRole="button"
      accessibilityState={{ disabled: busy, busy }}
      style={[card.button, busy && card.busy]}
    >
      <Text style={card.buttonText}>{label}</Text>
    </Pressable>
  );
}
