import type { ConnectionStatus } from "@switchboard/client";
import type { MessageKey } from "@switchboard/client/i18n";
import { ActivityIndicator, Pressable, StyleSheet, Text, View } from "react-native";
import { textDirection, useTranslator } from "../i18n.ts";
import { colors } from "./theme.ts";

const BANNER: Partial<Record<ConnectionStatus, MessageKey>> = {
  connecting: "connection.connecting",
  reconnecting: "screen.reconnecting",
  offline: "screen.offline",
};

/**
 * Says why messages may not flow (connecting, reconnecting, offline: what is sent now goes
 * out later); nothing while online. An alert, announced politely.
 *
 * @param props - The banner's props.
 * @param props.status - The client's connection status (`useConnectionStatus`).
 *
 * @example
 * ```tsx
 * <ConnectionBanner status={useConnectionStatus(client)} />
 * ```
 */
export function ConnectionBanner({ status }: { status: ConnectionStatus }) {
  const t = useTranslator();
  const key = BANNER[status];
  if (!key) return null;
  const text = t(key);
  return (
    <View style={styles.banner} accessibilityRole="alert" accessibilityLiveRegion="polite">
      {status !== "offline" ? <ActivityIndicator size="small" color={colors.bannerText} /> : null}
      <Text style={[styles.bannerText, textDirection(t)]}>{text}</Text>
    </View>
  );
}

/**
 * "Support is typing…", announced politely to screen readers.
 *
 * @param props - The line's props.
 * @param props.name - Who is typing: the other side's name.
 *
 * @example
 * ```tsx
 * {useTypingIndicator(client, roomId, "admin") ? <TypingIndicator name="Support" /> : null}
 * ```
 */
export function TypingIndicator({ name }: { name: string }) {
  const t = useTranslator();
  return (
    <Text style={[styles.typing, textDirection(t)]} accessibilityLiveRegion="polite">
      {t("typing", { name })}
    </Text>
  );
}

/** Props of {@link UploadStrip}. */
export interface UploadStripProps {
  /** How much is uploaded, 0 to 1. */
  progress: number;
  /** Why the upload failed; null while it runs. */
  error: string | null;
  /** Clears the failure. */
  onDismiss(): void;
}

/**
 * The image being uploaded: a progress bar, or why it failed (tap to dismiss).
 *
 * @example
 * ```tsx
 * {images.upload ? (
 *   <UploadStrip progress={images.upload.progress} error={images.upload.error} onDismiss={images.dismiss} />
 * ) : null}
 * ```
 */
export function UploadStrip({ progress, error, onDismiss }: UploadStripProps) {
  const t = useTranslator();
  const percent = Math.round(progress * 100);
  return (
    <View style={styles.upload}>
      {error ? (
        <Pressable
          onPress={onDismiss}
          accessibilityRole="button"
          accessibilityLabel={t("composer.dismiss")}
        >
          <Text style={[styles.uploadError, textDirection(t)]}>
            {t("screen.upload.dismiss", { error })}
          </Text>
        </Pressable>
      ) : (
        <>
          <Text style={[styles.uploadText, textDirection(t)]}>
            {t("screen.upload.progress", { percent })}
          </Text>
          <View
            style={styles.track}
            accessibilityRole="progressbar"
            accessibilityValue={{ min: 0, max: 100, now: percent }}
          >
            <View style={[styles.fill, { width: `${percent}%` }]} />
          </View>
        </>
      )}
    </View>
  );
}

/**
 * Under a closed conversation: a customer's next message opens a new one (the SDK does it).
 *
 * @param props - The notice's props.
 * @param props.canRestart - The viewer is the customer, who may write again ("Write to start
 *   a new one"); else only "This conversation is closed."
 *
 * @example
 * ```tsx
 * {closed ? <ClosedNotice canRestart={viewerRole === "customer"} /> : null}
 * ```
 */
export function ClosedNotice({ canRestart }: { canRestart: boolean }) {
  const t = useTranslator();
  return (
    <Text style={styles.closed} accessibilityRole="text">
      {t(canRestart ? "screen.ended" : "screen.closed")}
    </Text>
  );
}

/**
 * The room could not be opened: why, and a "Try again" button.
 *
 * @param props - The view's props.
 * @param props.message - Why, in words for the user.
 * @param props.onRetry - Asks for the room again (`useChat`'s `retryJoin`).
 *
 * @example
 * ```tsx
 * {session.error ? <JoinError message={session.error} onRetry={session.retryJoin} /> : null}
 * ```
 */
export function JoinError({ message, onRetry }: { message: string; onRetry(): void }) {
  const t = useTranslator();
  return (
    <View style={styles.joinError}>
      <Text style={styles.uploadError}>{message}</Text>
      <Pressable onPress={onRetry} accessibilityRole="button" style={styles.retry}>
        <Text style={styles.retryText}>{t("chat.tryAgain")}</Text>
      </Pressable>
    </View>
  );
}

const styles = StyleSheet.create({
  banner: {
    flexDirection: "row",
    alignItems: "center",
    gap: 8,
    paddingHorizontal: 12,
    paddingVertical: 8,
    backgroundColor: colors.banner,
  },
  bannerText: { color: colors.bannerText, fontSize: 13, flexShrink: 1 },
  typing: {
    color: colors.muted,
    fontSize: 13,
    fontStyle: "italic",
    paddingHorizontal: 16,
    paddingBottom: 4,
  },
  upload: { paddingHorizontal: 12, paddingVertical: 6, gap: 4, backgroundColor: "#fff" },
  uploadText: { color: colors.muted, fontSize: 12 },
  uploadError: { color: colors.danger, fontSize: 13 },
  track: { height: 4, borderRadius: 2, backgroundColor: colors.border, overflow: "hidden" },
  fill: { height: 4, backgroundColor: colors.own },
  closed: { color: colors.muted, fontSize: 13, textAlign: "center", padding: 8 },
  joinError: { padding: 24, alignItems: "center", gap: 12 },
  retry: {
    backgroundColor: colors.own,
    borderRadius: 20,
    paddingHorizontal: 16,
    paddingVertical: 8,
  },
  retryText: { color: "#fff", fontWeight: "600" },
});
