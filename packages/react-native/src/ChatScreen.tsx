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
import { AuthImage } from "./components/AuthImage.tsx";
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
import { usePushRegistration } from "./hooks/usePushRegistration.ts";
import { useMarkRead, useTypingIndicator, useUnreadCount } from "./hooks/useRoomSignals.ts";
import type { ChatImageComponent, PickImageFn } from "./types.ts";

/** Props of {@link ChatScreen}. */
export interface ChatScreenProps {
  /** The SDK client (`createChatClient`); the screen opens and closes its socket. */
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
   * Whether the screen is focused: connected while true, disconnected when false. Default
   * true. With React Navigation pass `useIsFocused()`, or use the `ChatScreen` of
   * `@switchboard/react-native/navigation`, which follows the navigator by itself.
   */
  focused?: boolean;
  /** Seconds-long trips to another app keep the socket; longer ones close it. Default 15 s. */
  backgroundGraceMs?: number;
  /** Reports the viewer's unread count (e.g. to set the app icon badge); 0 once read. */
  onUnreadChange?: (count: number) => void;
  /**
   * The host's image picker (expo-image-picker, react-native-image-picker, ...). The screen
   * uploads the picked file and sends it with the SDK's `client.sendFiles`. Omitted or null:
   * no image button.
   */
  pickImage?: PickImageFn | null;
  /**
   * The host's push registration (permission, device token, `POST /api/chat/devices`), run
   * once after the screen first opened its room. A failure is logged, not shown.
   */
  registerPush?: () => Promise<unknown> | void;
  /**
   * Draws image attachments. Default: React Native's `Image` with the auth headers (iOS,
   * Android). On react-native-web, which does not send image headers, or for a disk cache,
   * pass one over expo-image or another image library. Keep it one reference.
   */
  ImageComponent?: ChatImageComponent;
  /** React Native's `AppState` unless given (tests). */
  appState?: AppStateLike;
  /** Height of the host's header above the screen, for the keyboard. */
  keyboardVerticalOffset?: number;
  /** Style of the screen's outer view (size, background). */
  style?: StyleProp<ViewStyle>;
}

/**
 * A complete customer ⇄ support chat screen over `@switchboard/client`: the SDK does the
 * socket, the send queue, retries and resync; this screen renders its store and ties the
 * connection to focus and app state. Image picking, push registration and (optionally) the
 * image component come from the host, so that the screen needs no Expo module.
 *
 * @example
 * ```tsx
 * const client = createChatClient({ url: SERVER, getToken, socketOptions: { transports: ["websocket"] } });
 *
 * function SupportTab() {
 *   return (
 *     <ChatScreen client={client} serverUrl={SERVER} getToken={getToken}
 *       focused={useIsFocused()} pickImage={pickImage} registerPush={registerPush} />
 *   );
 * }
 * ```
 */
export function ChatScreen(props: ChatScreenProps) {
  const { client, serverUrl, getToken, viewerRole = "customer", otherName = "Support" } = props;
  const session = useChat({
    client,
    focused: props.focused ?? true,
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
  usePushRegistration(props.registerPush, roomId !== null);
  const imageHeaders = useAuthHeaders(getToken, status === "online");
  const images = useImageSend(client, roomId, props.pickImage ?? null);

  const send = useCallback((text: string) => roomId && client.send(roomId, text), [client, roomId]);
  // No typing signals into an ended conversation (as on the web): nobody is there to see them.
  const onTyping = useCallback(
    () => roomId && !closed && client.typing(roomId),
    [client, roomId, closed],
  );
  const onStopTyping = useCallback(() => roomId && client.stopTyping(roomId), [client, roomId]);
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
            ImageComponent={props.ImageComponent ?? AuthImage}
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
        onStopTyping={onStopTyping}
        {...(images.attach ? { onAttach: () => void images.attach?.() } : {})}
      />
    </KeyboardAvoidingView>
  );
}

const styles = StyleSheet.create({
  screen: { flex: 1, backgroundColor: colors.background },
  body: { flex: 1 },
});
