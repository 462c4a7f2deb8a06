import { teamStatus, transcriptEmailAddress, type ChatClient } from "@switchboard/client";
import { translator } from "@switchboard/client/i18n";
import type { Role } from "@switchboard/protocol";
import { useCallback, useMemo } from "react";
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
import { ContactPrompt } from "./components/ContactPrompt.tsx";
import { MessageList } from "./components/MessageList.tsx";
import { RatingForm } from "./components/RatingForm.tsx";
import {
  ClosedNotice,
  ConnectionBanner,
  JoinError,
  TypingIndicator,
  UploadStrip,
} from "./components/StatusViews.tsx";
import { TeamHeader } from "./components/TeamHeader.tsx";
import { TranscriptEmail } from "./components/TranscriptEmail.tsx";
import { colors } from "./components/theme.ts";
import type { AppStateLike } from "./hooks/useAppActivity.ts";
import { useChat } from "./hooks/useChat.ts";
import { useChatSelector, useHasOlder, useRoom, useRoomMessages } from "./hooks/useChatStore.ts";
import { useAuthHeaders, useImageSend } from "./hooks/useImageSend.ts";
import { usePushRegistration } from "./hooks/usePushRegistration.ts";
import { useMarkRead, useTypingIndicator, useUnreadCount } from "./hooks/useRoomSignals.ts";
import { useWidgetConfig } from "./hooks/useWidgetConfig.ts";
import { directionOf, screenLocale, TranslatorContext } from "./i18n.ts";
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
  /**
   * The other side, for the header, the typing line and screen readers. Default: the team's
   * name from the server's widget-config (`TEAM_NAME`), else "Support".
   */
  otherName?: string;
  /**
   * The screen's language, a BCP 47 tag (`de`, `fr-CA`, `ar`): English, German, French,
   * Spanish or Arabic (right to left). Default: the device's language if it is one of them,
   * else the team's (widget-config's `locale`), else English.
   */
  locale?: string;
  /**
   * The team's header: its name and whether it is open and replying, or away and when it
   * is back. Default true for a customer (agents never see it); false when the host's own
   * header says as much.
   */
  header?: boolean;
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
  const { client, serverUrl, getToken, viewerRole = "customer" } = props;
  const customer = viewerRole === "customer";
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
  const config = useWidgetConfig(client, customer && session.visible, status);
  const locale = screenLocale(props.locale, config?.locale);
  const t = useMemo(() => translator(locale), [locale]);
  const direction = directionOf(t);
  const otherName = props.otherName ?? config?.teamName ?? "Support";
  const messages = useRoomMessages(client, roomId);
  const hasOlder = useHasOlder(client, roomId);
  const room = useRoom(client, roomId);
  const closed = room?.status === "closed";
  const email = useChatSelector(client, (s) => (roomId ? transcriptEmailAddress(s, roomId) : null));
  const team = teamStatus(config);
  const typing = useTypingIndicator(
    client,
    roomId,
    viewerRole === "customer" ? "admin" : "customer",
  );
  useMarkRead(client, roomId, messages, viewerRole, session.visible, status);
  useUnreadCount(client, roomId, viewerRole, props.onUnreadChange);
  usePushRegistration(props.registerPush, roomId !== null);
  const imageHeaders = useAuthHeaders(getToken, status === "online");
  const images = useImageSend(client, roomId, props.pickImage ?? null, t);

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

  // While nobody can answer, the customer's email; once closed, the rating and the transcript
  // by email when the server sends email (customers only).
  const footer =
    !customer || !roomId ? null : closed ? (
      <View>
        <RatingForm client={client} roomId={roomId} rating={room?.rating ?? null} />
        {config?.transcriptEmail ? (
          <TranscriptEmail client={client} roomId={roomId} email={email} />
        ) : null}
      </View>
    ) : team.asksForEmail ? (
      <ContactPrompt client={client} email={room?.customerEmail ?? null} reason={team.kind} />
    ) : null;

  return (
    <TranslatorContext.Provider value={t}>
      <KeyboardAvoidingView
        style={[styles.screen, direction.style, props.style]}
        behavior={Platform.OS === "ios" ? "padding" : undefined}
        keyboardVerticalOffset={props.keyboardVerticalOffset ?? 0}
        testID="chat-screen"
        {...direction.props}
      >
        {(props.header ?? customer) ? (
          <TeamHeader team={otherName} status={status} config={customer ? config : null} />
        ) : null}
        {session.wanted ? <ConnectionBanner status={status} /> : null}
        <View style={styles.body}>
          {session.error ? (
            <JoinError message={t("chat.joinFailed")} onRetry={session.retryJoin} />
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
              {...(customer && config?.greeting ? { emptyTitle: config.greeting } : {})}
              footer={footer}
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
    </TranslatorContext.Provider>
  );
}

const styles = StyleSheet.create({
  screen: { flex: 1, backgroundColor: colors.background },
  body: { flex: 1 },
});
