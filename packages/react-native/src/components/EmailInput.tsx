import type { RefObject } from "react";
import { Text, TextInput, type StyleProp, type TextStyle } from "react-native";
import { card } from "./cards.ts";
import { colors } from "./theme.ts";

/** Props of {@link EmailInput}. */
export interface EmailInputProps {
  /** The label's `nativeID`, which the field is labelled by. */
  labelId: string;
  /** What the field asks for. */
  label: string;
  /** The label's writing direction (the screen's language). */
  dir: StyleProp<TextStyle>;
  inputRef: RefObject<TextInput | null>;
  value: string;
  onChange(value: string): void;
  /** The keyboard's send key. */
  onSubmit(): void;
  /** What is wrong with the address, read as the field's hint; null when nothing is. */
  error: string | null;
}

/**
 * The labelled email field, as the email prompt and the transcript email action both ask for
 * an address: an email keyboard, no autocorrect, the address left to right in every language.
 */
export function EmailInput(props: EmailInputProps) {
  const { labelId, label, dir, inputRef, value, onChange, onSubmit, error } = props;
  return (
    <>
      <Text style={[card.label, dir]} nativeID={labelId}>
        {label}
      </Text>
      <TextInput
        ref={inputRef}
        value={value}
        onChangeText={onChange}
        onSubmitEditing={onSubmit}
        accessibilityLabel={label}
        accessibilityLabelledBy={labelId}
        {...(error ? { accessibilityHint: error } : {})}
        placeholder="name@example.com"
        placeholderTextColor={colors.muted}
        keyboardType="email-address"
        inputMode="email"
        autoCapitalize="none"
        autoCorrect={false}
        autoComplete="email"
        textContentType="emailAddress"
        returnKeyType="send"
        // An address reads left to right, in Arabic too.
        style={[card.input, { writingDirection: "ltr" }, error ? card.invalid : null]}
      />
    </>
  );
}
