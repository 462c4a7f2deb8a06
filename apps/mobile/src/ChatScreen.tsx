import type { ChatClient } from "@switchboard/client";
import type { Role } from "@switchboard/protocol";
import { useCallback } from "react";
import {
  KeyboardAvoidingView,
  Platform,
  StyleSheet,
  View,
  type StyleProp,
  type ViewStyle,
} from "react-native";
import { Composer } from "./components/Composer.tsx";
import { MessageList } from "./components/MessageList.tsx";
import {
  ClosedNotice,
  ConnectionBanner,
  JoinError,
  TypingIndicator,
  UploadStrip,
} from "./components/StatusViews.tsx";
import { colors } from "./components/theme.ts";
import type { AppStateLike } from "./hooks/useAppActivity.ts";
import { useChat } from "./hooks/useChat.ts";
import { useHasOlder, useRoom, useRoomMessages } from "./hooks/useChatStore.ts";
import { useAuthHeaders, useImageSend } from "./hooks/useImageSend.ts";
import { useNavigationFocus } from "./hooks/useNavigationFocus.ts";
import { useMarkRead, useTypingIndicator, useUnreadCount } from "./hooks/useRoomSignals.ts";
import { pickImageFromLibrary, type PickImageFn } from "./imagePicker.ts";

export interface ChatScreenProps {
  /** The SDK client (`createMobileChatClient`); the screen opens and closes its socket. */
  client: ChatClient;
  /** The chat server's origin, for images (the same URL the client uses). */
  serverUrl: string;
  /** The same token source the client was given: image requests send it too. */
  getToken: () => string | Promise<string>;
  /** The room to show; a customer omits it and gets their open room. */
  roomId?: string;
  /** Who reads: decides which side is "own". Default "customer". */
  viewerRole?: Role;
  /** The other side, for the typing line and screen readers. Default "Support". */
  otherName?: string;
  /**
   * Whether the screen is focused. Default: React Navigation's focus when inside a
   * navigator, else always focused. Pass your own with another navigation library.
   */
  focused?: boolean;
  /** Seconds-long trips to another app keep the socket; longer ones close it. Default 15 s. */
  backgroundGraceMs?: number;
  /** Reports the viewer's unread count (e.g. `setAppBadge`); 0 once read. */
  onUnreadChange?: (count: number) => void;
  /**
   * Image picker; default expo-image-picker's library picker; null hides the button. The
   * file goes up with the SDK's `client.upload`.
   */
  pickImage?: PickImageFn | null;
  /** React Native's AppState unless given (tests). */
  appState?: AppStateLike;
  /** Height of the host's header above the screen, for the keyboard. */
  keyboardVerticalOffset?: number;
  style?: StyleProp<ViewStyle>;
}

/**
 * A complete customer ⇄ support chat screen over `@switchboard/client`: the SDK does the
 * socket, the send queue, retries and resync; this screen renders its store and ties the
 * connection to focus and app state.
 */
export function ChatScreen(props: ChatScreenProps) {
  const { client, serverUrl, getToken, viewerRole = "customer", otherName = "Support" } = props;
  const navigationFocused = useNavigationFocus();
  const focused = props.focused ?? navigationFocused;
  const session = useChat({
    client,
    focused,
    ...(props.roomId ? { roomId: props.roomId } : {}),
    ...(props.appState ? { appState: props.appState } : {}),
    ...(props.backgroundGraceMs !== undefined
      ? { backgroundGraceMs: props.backgroundGraceMs }
      : {}),
  });
  const { roomId, status } = session;
  const messages = useRoomMessages(client, roomId);
  const hasOlder = useHasOlder(client, roomId);
  const closed = useRoom(client, roomId)?.status === "closed";
  const typing = useTypingIndicator(
    client,
    roomId,
    viewerRole === "customer" ? "admin" : "customer",
  );
  useMarkRead(client, roomId, messages, viewerRole, session.visible, status);
  useUnreadCount(client, roomId, viewerRole, props.onUnreadChange);
  const imageHeaders = useAuthHeaders(getToken, status === "online");
  const pickImage = props.pickImage === undefined ? pickImageFromLibrary : props.pickImage;
  const images = useImageSend(client, roomId, pickImage);

  const send = useCallback((text: string) => roomId && client.send(roomId, text), [client, roomId]);
  const onTyping = useCallback(() => roomId && client.typing?.(roomId), [client, roomId]);
  const onRetry = useCallback((id: string) => client.retry(id), [client]);
  const loadOlder = useCallback(
    () => (roomId ? client.loadOlder(roomId) : Promise.resolve(false)),
    [client, roomId],
  );

  return (
    <KeyboardAvoidingView
      style={[styles.screen, props.style]}
      behavior={Platform.OS === "ios" ? "padding" : undefined}
      keyboardVerticalOffset={props.keyboardVerticalOffset ?? 0}
    >
      {session.wanted ? <ConnectionBanner status={status} /> : null}
      <View style={styles.body}>
        {session.error ? (
          <JoinError message={session.error} onRetry={session.retryJoin} />
        ) : (
          <MessageList
            messages={messages}
            viewerRole={viewerRole}
            hasOlder={hasOlder}
            loadOlder={loadOlder}
            onRetry={onRetry}
            serverUrl={serverUrl}
            imageHeaders={imageHeaders}
            otherName={otherName}
          />
        )}
      </View>
      {typing ? <TypingIndicator name={otherName} /> : null}
      {closed ? <ClosedNotice canRestart={viewerRole === "customer"} /> : null}
      {images.upload ? (
        <UploadStrip
          progress={images.upload.progress}
          error={images.upload.error}
          onDismiss={images.dismiss}
        />
      ) : null}
      <Composer
        // A customer may write into a closed room: that starts a new conversation.
        enabled={roomId !== null && (!closed || viewerRole === "customer")}
        onSend={send}
        onTyping={onTyping}
        {...(images.attach ? { onAttach: () => void images.attach?.() } : {})}
      />
    </KeyboardAvoidingView>
  );
}

const styles = StyleSheet.create({
  screen: { flex: 1, backgroundColor: colors.background },
  body: { flex: 1 },
});
