import { memo } from "react";
import { Image } from "react-native";
import type { ChatImageProps } from "../types.ts";

/**
 * The default image of an attachment: React Native's `Image` with the auth headers in its
 * source, which iOS and Android send with the request (and cache the response by URL, as
 * their HTTP caches do). React Native for Web drops `source.headers`, so a web build passes
 * its own `ImageComponent` (expo-image, which fetches with the headers on the web too).
 */
function AuthImageImpl({ uri, headers, label, style }: ChatImageProps) {
  return (
    <Image
      source={{ uri, headers }}
      resizeMode="cover"
      style={style}
      accessibilityLabel={label}
      accessible
    />
  );
}

/**
 * The screen's default `ImageComponent`: {@link ChatImageProps} drawn with React Native's
 * `Image`, the auth headers in its source (iOS and Android send them; the web does not).
 * Memoised.
 *
 * @example
 * ```tsx
 * <AuthImage uri={`${SERVER}${attachment.url}`} headers={{ Authorization: `Bearer ${token}` }}
 *   label={attachment.name} style={{ width: 200, height: 150 }} />
 * ```
 */
export const AuthImage = memo(AuthImageImpl);
