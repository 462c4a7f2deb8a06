import { Image } from "expo-image";
import { memo } from "react";
import { StyleSheet } from "react-native";

export interface AuthImageProps {
  /** Absolute URL of a file of the chat server. */
  uri: string;
  /** `{ Authorization: "Bearer …" }`: files are served only to the room's members. */
  headers: Record<string, string>;
  label: string;
}

/**
 * A chat image through expo-image: "memory-disk" caching, so that scrolling back or
 * re-opening the chat does not download it again (the cache key is the URL; the token in
 * the headers may change without invalidating it). expo-image sends the headers on iOS,
 * Android and the web (there it fetches the bytes itself).
 */
function AuthImageImpl({ uri, headers, label }: AuthImageProps) {
  return (
    <Image
      source={{ uri, headers, cacheKey: uri }}
      cachePolicy="memory-disk"
      contentFit="cover"
      transition={150}
      style={styles.image}
      accessibilityLabel={label}
      accessible
    />
  );
}

export const AuthImage = memo(AuthImageImpl);

const styles = StyleSheet.create({
  image: { width: 220, height: 165, borderRadius: 12, backgroundColor: "#d1d5db" },
});
