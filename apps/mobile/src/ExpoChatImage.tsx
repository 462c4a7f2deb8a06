import type { ChatImageProps } from "@switchboard/react-native";
import { Image } from "expo-image";
import { memo } from "react";

/**
 * The app's image attachments (the chat screen's `ImageComponent`) through expo-image:
 * "memory-disk" caching, so that scrolling back or re-opening the chat does not download an
 * image again (the cache key is the URL; the token in the headers may change without
 * invalidating it), and the auth headers sent on iOS, Android and the web (there expo-image
 * fetches the bytes itself; React Native for Web's `Image` would not send them).
 */
function ExpoChatImageImpl({ uri, headers, label, style }: ChatImageProps) {
  return (
    <Image
      source={{ uri, headers, cacheKey: uri }}
      cachePolicy="memory-disk"
      contentFit="cover"
      transition={150}
      style={style}
      accessibilityLabel={label}
      accessible
    />
  );
}

/** {@link ChatImageProps} drawn with expo-image; memoised. */
export const ExpoChatImage = memo(ExpoChatImageImpl);
