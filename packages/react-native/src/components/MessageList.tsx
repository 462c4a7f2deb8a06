import type { ChatMessage } from "@switchboard/client";
import type { Role } from "@switchboard/protocol";
import { useCallback, useMemo, useRef, useState, type ReactElement } from "react";
import {
  ActivityIndicator,
  FlatList,
  ScrollView,
  StyleSheet,
  Text,
  View,
  type ListRenderItem,
} from "react-native";
import { textDirection, useTranslator } from "../i18n.ts";
import type { ChatImageComponent } from "../types.ts";
import { MessageRow } from "./MessageRow.tsx";
import { colors } from "./theme.ts";

/** Props of {@link MessageList}. */
export interface MessageListProps {
  /** The room's messages, ascending (as the store holds them). */
  messages: readonly ChatMessage[];
  /** Who reads: their messages are drawn as their own. */
  viewerRole: Role;
  /** Whether older messages exist on the server (scrolling up loads them). */
  hasOlder: boolean;
  /** Loads the page before the oldest message held. */
  loadOlder(): Promise<unknown>;
  /** Tapping a failed message sends it again. */
  onRetry(clientMessageId: string): void;
  /** Server origin: attachment URLs are relative to it. */
  serverUrl: string;
  /** Headers for attachment requests; one object for the whole list (memoisation). */
  imageHeaders: Record<string, string>;
  /** Draws image attachments. */
  ImageComponent: ChatImageComponent;
  /** The other side's name, for screen readers. */
  otherName: string;
  /** Shown when there are no messages yet. */
  emptyText?: string;
  /** Shown in bold above `emptyText` (a greeting). */
  emptyTitle?: string;
  /**
   * Drawn after the newest message, scrolling with the conversation (and under the empty
   * text): e.g. the email prompt or the rating.
   */
  footer?: ReactElement | null;
}

/**
 * The row key of a message. Stable across pending → stored: the store keeps a queued
 * message's `clientMessageId` on the stored copy, so the row is updated in place, not
 * unmounted and mounted again.
 *
 * @param m - The message.
 * @returns The sender's role and the `clientMessageId` (the id when there is none).
 *
 * @example
 * ```tsx
 * <FlatList data={messages} keyExtractor={messageKey} renderItem={renderRow} />
 * ```
 */
export const messageKey = (m: ChatMessage) => `${m.senderRole}:${m.clientMessageId || m.id}`;

/**
 * The conversation, newest at the bottom: an inverted FlatList, so that the list starts at
 * the newest message without a scroll on mount, new messages appear without jumping, and
 * "end reached" means "the user scrolled up to the oldest message" (load the page before).
 *
 * No `getItemLayout`: it is for rows whose size is known before they render, and these
 * have variable heights (wrapped text, images), so any estimate would make FlatList jump to
 * wrong offsets; without it FlatList measures rows as they render and estimates the rest
 * from their average, which is all a measured-heights `getItemLayout` could do. Instead the
 * window is kept small and rows are memoised, so that a new message renders one row, not
 * the list (apps/mobile/test/renderCounts.test.tsx, docs/mobile.md).
 *
 * @example
 * ```tsx
 * <MessageList messages={useRoomMessages(client, roomId)} viewerRole="customer"
 *   hasOlder={useHasOlder(client, roomId)} loadOlder={() => client.loadOlder(roomId)}
 *   onRetry={(id) => client.retry(id)} serverUrl={SERVER} imageHeaders={headers}
 *   ImageComponent={AuthImage} otherName="Support" />
 * ```
 */
export function MessageList(props: MessageListProps) {
  const { messages, viewerRole, hasOlder, loadOlder, onRetry } = props;
  const { serverUrl, imageHeaders, ImageComponent, otherName } = props;
  const t = useTranslator();
  // Inverted: index 0 is the newest message.
  const data = useMemo(() => messages.slice().reverse(), [messages]);
  const [loading, setLoading] = useState(false);
  const inFlight = useRef(false);

  const onEndReached = useCallback(() => {
    if (!hasOlder || inFlight.current) return;
    inFlight.current = true;
    setLoading(true);
    loadOlder()
      .catch((e: unknown) => console.warn("switchboard: loading older messages failed", e))
      .finally(() => {
        inFlight.current = false;
        setLoading(false);
      });
  }, [hasOlder, loadOlder]);

  const renderItem = useCallback<ListRenderItem<ChatMessage>>(
    ({ item }) => (
      <MessageRow
        message={item}
        // Our own queued messages may not know their sender yet; they are ours anyway.
        own={item.localStatus !== "stored" || item.senderRole === viewerRole}
        serverUrl={serverUrl}
        imageHeaders={imageHeaders}
        ImageComponent={ImageComponent}
        otherName={otherName}
        onRetry={onRetry}
        viewerRole={viewerRole}
      />
    ),
    [viewerRole, serverUrl, imageHeaders, ImageComponent, otherName, onRetry],
  );

  // Inverted: the footer is drawn at the top, above the oldest message.
  const top = loading ? (
    <ActivityIndicator style={styles.top} accessibilityLabel={t("log.loadingEarlier")} />
  ) : !hasOlder && messages.length > 0 ? (
    <Text style={[styles.top, styles.start]}>{t("log.start")}</Text>
  ) : null;

  if (messages.length === 0) {
    return (
      <ScrollView
        contentContainerStyle={styles.empty}
        keyboardShouldPersistTaps="handled"
        keyboardDismissMode="interactive"
      >
        <View style={styles.welcome}>
          {props.emptyTitle ? (
            <Text style={[styles.welcomeTitle, textDirection(t)]}>{props.emptyTitle}</Text>
          ) : null}
          <Text style={[styles.welcomeText, textDirection(t)]}>
            {props.emptyText ?? t("chat.welcome.body", { team: otherName })}
          </Text>
        </View>
        {props.footer}
      </ScrollView>
    );
  }
  return (
    <FlatList
      inverted
      data={data}
      keyExtractor={messageKey}
      renderItem={renderItem}
      onEndReached={onEndReached}
      onEndReachedThreshold={0.3}
      ListFooterComponent={top}
      // Inverted: the header is drawn at the bottom, after the newest message.
      ListHeaderComponent={props.footer ?? null}
      initialNumToRender={15}
      maxToRenderPerBatch={10}
      windowSize={11}
      keyboardDismissMode="interactive"
      keyboardShouldPersistTaps="handled"
      contentContainerStyle={styles.content}
      accessibilityLabel={t("log.label")}
      testID="messages"
    />
  );
}

const styles = StyleSheet.create({
  content: { paddingVertical: 8 },
  top: { paddingVertical: 12, alignSelf: "center" },
  start: { color: colors.muted, fontSize: 12, textAlign: "center" },
  empty: { flexGrow: 1, justifyContent: "center", paddingVertical: 16 },
  welcome: { alignItems: "center", paddingHorizontal: 24, paddingVertical: 16, gap: 6 },
  welcomeTitle: { fontSize: 20, fontWeight: "700", color: colors.otherText, textAlign: "center" },
  welcomeText: { color: colors.muted, fontSize: 15, lineHeight: 21, textAlign: "center" },
});
