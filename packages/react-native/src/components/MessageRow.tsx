import type { ChatMessage } from "@switchboard/client";
import type { Attachment, Role } from "@switchboard/protocol";
import { memo } from "react";
import { Pressable, StyleSheet, Text, View } from "react-native";
import { failureText, formatTime } from "../format.ts";
import { useTranslator } from "../i18n.ts";
import type { ChatImageComponent } from "../types.ts";
import { ActivityLine } from "./ActivityLine.tsx";
import { colors } from "./theme.ts";

/** Props of {@link MessageRow}. */
export interface MessageRowProps {
  /** The message, stored or still queued. */
  message: ChatMessage;
  /** Drawn as the viewer's own (right, with ticks) or the other side's (left). */
  own: boolean;
  /** Server origin: attachment URLs are relative to it. */
  serverUrl: string;
  /** Headers for attachment requests; one object for the whole list (memoisation). */
  imageHeaders: Record<string, string>;
  /** Draws image attachments (the default `AuthImage`, or the host's). */
  ImageComponent: ChatImageComponent;
  /** The other side's name, for screen readers ("Support: …"), when the message names no agent. */
  otherName: string;
  /** Tapping a failed message sends it again. */
  onRetry(clientMessageId: string): void;
  /**
   * Who reads, for activity lines: to a customer their own close reads "You closed the
   * chat". Default "customer".
   */
  viewerRole?: Role;
}

/** ✓ sent, ✓✓ delivered, ✓✓ (tinted) read; "Sending…" while our message is queued. */
function Ticks({ message }: { message: ChatMessage }) {
  const t = useTranslator();
  if (message.localStatus === "pending") {
    return (
      <Text style={[styles.meta, styles.ownMeta]} accessibilityLabel={t("screen.sendingLabel")}>
        {t("message.sending")}
      </Text>
    );
  }
  const { status } = message;
  const label = t(
    status === "read"
      ? "screen.status.read"
      : status === "delivered"
        ? "message.status.delivered"
        : "message.status.sent",
  );
  return (
    <Text
      style={[styles.meta, status === "read" ? styles.read : styles.ownMeta]}
      accessibilityLabel={label}
      testID={`ticks-${status}`}
    >
      {status === "sent" ? "✓" : "✓✓"}
    </Text>
  );
}

function Attachments(props: {
  items: readonly Attachment[];
  serverUrl: string;
  headers: Record<string, string>;
  ImageComponent: ChatImageComponent;
}) {
  const { ImageComponent } = props;
  const t = useTranslator();
  return props.items.map((a) =>
    a.mimeType.startsWith("image/") ? (
      <ImageComponent
        key={a.url}
        uri={absolute(props.serverUrl, a.url)}
        headers={props.headers}
        label={a.name}
        style={styles.image}
      />
    ) : (
      <Text key={a.url} style={styles.file}>
        📎{" "}
        {t("screen.file", {
          name: a.name,
          size: new Intl.NumberFormat(t.locale).format(Math.max(1, Math.round(a.size / 1024))),
        })}
      </Text>
    ),
  );
}

const absolute = (origin: string, url: string) =>
  /^https?:\/\//.test(url) ? url : origin.replace(/\/+$/, "") + url;

function MessageRowImpl({
  message,
  own,
  serverUrl,
  imageHeaders,
  ImageComponent,
  otherName,
  onRetry,
  viewerRole = "customer",
}: MessageRowProps) {
  const t = useTranslator();
  // The server's record of a room change: a system line, never a bubble of either side.
  if (message.kind === "activity")
    return <ActivityLine message={message} viewerRole={viewerRole} />;
  const failed = message.localStatus === "failed";
  const failure = failed ? t("screen.retry", { reason: failureText(message.error?.code, t) }) : "";
  const pending = message.localStatus === "pending";
  const bubble = (
    <View
      style={[styles.bubble, own ? styles.own : styles.other, pending && styles.pending]}
      accessible
      accessibilityLabel={t("announce.text", {
        name: own ? t("message.you") : (message.senderName ?? otherName),
        text: message.content,
      })}
    >
      {message.attachments.length > 0 ? (
        <Attachments
          items={message.attachments}
          serverUrl={serverUrl}
          headers={imageHeaders}
          ImageComponent={ImageComponent}
        />
      ) : null}
      {message.content ? (
        <Text
          style={[
            styles.text,
            own ? styles.ownText : styles.otherText,
            { writingDirection: t.dir },
          ]}
          selectable
        >
          {message.content}
        </Text>
      ) : null}
      <View style={styles.metaRow}>
        <Text style={[styles.meta, own ? styles.ownMeta : styles.otherMeta]}>
          {formatTime(message.createdAt, t.locale)}
        </Text>
        {own && !failed ? <Ticks message={message} /> : null}
      </View>
    </View>
  );
  return (
    <View
      style={[styles.row, own ? styles.rowOwn : styles.rowOther]}
      testID={`message-${message.clientMessageId || message.id}`}
    >
      {failed ? (
        // The whole failed bubble is the retry target: a bigger touch area than a link.
        <Pressable
          onPress={() => onRetry(message.clientMessageId)}
          accessibilityRole="button"
          accessibilityLabel={failure}
          style={styles.failedWrap}
        >
          {bubble}
          <Text style={styles.failed}>{failure}</Text>
        </Pressable>
      ) : (
        bubble
      )}
    </View>
  );
}

/** What a receipt changes on a message: drawn only on the viewer's own rows (the ticks). */
const RECEIPT_FIELDS = new Set<string>(["status", "deliveredAt", "readAt"]);

/** Whether a row would draw the same: equal props, the other side's receipts aside. */
function sameRow(a: MessageRowProps, b: MessageRowProps): boolean {
  for (const key of Object.keys(b) as (keyof MessageRowProps)[]) {
    if (key !== "message" && a[key] !== b[key]) return false;
  }
  if (a.message === b.message) return true;
  if (b.own) return false;
  // The other side's row shows no ticks: the user's own receipts on it (delivered, read)
  // draw nothing new.
  const keys = new Set([...Object.keys(a.message), ...Object.keys(b.message)]);
  return [...keys].every(
    (k) =>
      RECEIPT_FIELDS.has(k) ||
      a.message[k as keyof ChatMessage] === b.message[k as keyof ChatMessage],
  );
}

/**
 * One message, as the list draws it: the bubble with attachments, time and (own messages)
 * ticks; a failed message of the viewer's is a button that sends it again; an activity
 * (`kind: "activity"`) is a centred system line in the screen's language ({@link ActivityLine}). Memoised: the
 * store keeps unchanged messages as the same objects, so when a message arrives or changes
 * status only its own row renders again (and the other side's rows not even then: they show
 * no ticks).
 *
 * @example
 * ```tsx
 * <MessageRow message={m} own={m.senderRole === "customer"} serverUrl={SERVER}
 *   imageHeaders={headers} ImageComponent={AuthImage} otherName="Support" onRetry={retry} />
 * ```
 */
export const MessageRow = memo(MessageRowImpl, sameRow);

const styles = StyleSheet.create({
  row: { paddingHorizontal: 12, paddingVertical: 3, flexDirection: "row" },
  rowOwn: { justifyContent: "flex-end" },
  rowOther: { justifyContent: "flex-start" },
  bubble: { maxWidth: "80%", borderRadius: 16, paddingHorizontal: 12, paddingVertical: 8, gap: 6 },
  // Logical corners: the tail follows the language's direction (on the left in Arabic).
  own: { backgroundColor: colors.own, borderEndEndRadius: 4 },
  other: { backgroundColor: colors.other, borderEndStartRadius: 4 },
  pending: { opacity: 0.7 },
  text: { fontSize: 16, lineHeight: 21 },
  ownText: { color: colors.ownText },
  otherText: { color: colors.otherText },
  metaRow: { flexDirection: "row", justifyContent: "flex-end", alignItems: "center", gap: 4 },
  meta: { fontSize: 11 },
  ownMeta: { color: "#dbeafe" },
  otherMeta: { color: colors.muted },
  read: { color: colors.read, fontWeight: "700" },
  file: { color: colors.otherText, textDecorationLine: "underline" },
  image: { width: 220, height: 165, borderRadius: 12, backgroundColor: "#d1d5db" },
  failedWrap: { alignItems: "flex-end", maxWidth: "100%" },
  failed: { color: colors.danger, fontSize: 12, marginTop: 2 },
});
