import type { ChatMessage } from "@switchboard/client";
import type { Role } from "@switchboard/protocol";
import { useCallback, useMemo, useRef, useState } from "react";
import {
  ActivityIndicator,
  FlatList,
  StyleSheet,
  Text,
  View,
  type ListRenderItem,
} from "react-native";
import { MessageRow } from "./MessageRow.tsx";
import { colors } from "./theme.ts";

export interface MessageListProps {
  messages: ChatMessage[];
  viewerRole: Role;
  hasOlder: boolean;
  loadOlder(): Promise<unknown>;
  onRetry(clientMessageId: string): void;
  serverUrl: string;
  imageHeaders: Record<string, string>;
  otherName: string;
  /** Shown when there are no messages yet. */
  emptyText?: string;
}

/**
 * Stable across pending → stored: the store keeps a queued message's `clientMessageId` on
 * the stored copy, so the row is updated in place, not unmounted and mounted again.
 */
export const messageKey = (m: ChatMessage) => `${m.senderRole}:${m.clientMessageId || m.id}`;

/**
 * The conversation, newest at the bottom: an inverted FlatList, so that the list starts at
 * the newest message without a scroll on mount, new messages appear without jumping, and
 * "end reached" means "the user scrolled up to the oldest message" (load the page before).
 *
 * No `getItemLayout`: rows have variable heights (wrapped text, images), so any fixed
 * estimate would make FlatList skip to wrong offsets. Instead the window is kept small
 * (rows are measured as they render) and rows are memoised, so that a new message renders
 * one row, not the list (measured in test/renderCounts.test.tsx and docs/mobile.md).
 */
export function MessageList(props: MessageListProps) {
  const { messages, viewerRole, hasOlder, loadOlder, onRetry } = props;
  const { serverUrl, imageHeaders, otherName } = props;
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
        otherName={otherName}
        onRetry={onRetry}
      />
    ),
    [viewerRole, serverUrl, imageHeaders, otherName, onRetry],
  );

  // Inverted: the footer is drawn at the top, above the oldest message.
  const top = loading ? (
    <ActivityIndicator style={styles.top} accessibilityLabel="Loading earlier messages" />
  ) : !hasOlder && messages.length > 0 ? (
    <Text style={[styles.top, styles.start]}>Start of conversation</Text>
  ) : null;

  if (messages.length === 0) {
    return (
      <View style={styles.empty}>
        <Text style={styles.start}>
          {props.emptyText ?? "Ask us anything. We usually reply in a few minutes."}
        </Text>
      </View>
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
      initialNumToRender={15}
      maxToRenderPerBatch={10}
      windowSize={11}
      keyboardDismissMode="interactive"
      keyboardShouldPersistTaps="handled"
      contentContainerStyle={styles.content}
      accessibilityLabel="Messages"
      testID="messages"
    />
  );
}

const styles = StyleSheet.create({
  content: { paddingVertical: 8 },
  top: { paddingVertical: 12, alignSelf: "center" },
  start: { color: colors.muted, fontSize: 12, textAlign: "center" },
  empty: { flex: 1, alignItems: "center", justifyContent: "center", padding: 24 },
});
