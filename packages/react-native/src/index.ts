/**
 * Switchboard's chat screen for React Native, over `@switchboard/client`: an inverted
 * FlatList of messages with ticks and retry, the composer (with an image button when the
 * host gives a picker), connection and typing lines, the keyboard handled, the socket open
 * only while the screen is focused and the app in the foreground. For a customer, as in the
 * web widget: the team's header (open and replying, or away and when it is back), an email
 * prompt while nobody can answer, and a rating once the conversation is closed; every word
 * in English, German, French, Spanish or Arabic (right to left), from
 * `@switchboard/client/i18n`. Image picking, push
 * registration and (optionally) the image component are the host's: no Expo module is
 * imported, so a bare React Native app can use it. React Navigation apps can use the
 * `ChatScreen` of `@switchboard/react-native/navigation`, which follows the navigator's focus.
 *
 * @example
 * ```tsx
 * import { createChatClient } from "@switchboard/client";
 * import { ChatScreen } from "@switchboard/react-native";
 *
 * const client = createChatClient({ url: SERVER, getToken, socketOptions: { transports: ["websocket"] } });
 * <ChatScreen client={client} serverUrl={SERVER} getToken={getToken} focused={focused} pickImage={pickImage} />;
 * ```
 *
 * @packageDocumentation
 */
export { ChatScreen, type ChatScreenProps } from "./ChatScreen.tsx";
export type { ChatImageComponent, ChatImageProps, PickedFile, PickImageFn } from "./types.ts";
export { AuthImage } from "./components/AuthImage.tsx";
export { Composer, type ComposerProps } from "./components/Composer.tsx";
export { MessageList, messageKey, type MessageListProps } from "./components/MessageList.tsx";
export { MessageRow, type MessageRowProps } from "./components/MessageRow.tsx";
export { ActivityLine, type ActivityLineProps } from "./components/ActivityLine.tsx";
export {
  ClosedNotice,
  ConnectionBanner,
  JoinError,
  TypingIndicator,
  UploadStrip,
  type UploadStripProps,
} from "./components/StatusViews.tsx";
export { useChat, type ChatSession, type UseChatOptions } from "./hooks/useChat.ts";
export {
  useChatSelector,
  useConnectionStatus,
  useHasOlder,
  useRoom,
  useRoomMessages,
} from "./hooks/useChatStore.ts";
export { useAppActivity, type AppActivity, type AppStateLike } from "./hooks/useAppActivity.ts";
export { useMarkRead, useTypingIndicator, useUnreadCount } from "./hooks/useRoomSignals.ts";
export {
  useAuthHeaders,
  useImageSend,
  type ImageSend,
  type ImageUpload,
} from "./hooks/useImageSend.ts";
export { usePushRegistration } from "./hooks/usePushRegistration.ts";
export { useWidgetConfig } from "./hooks/useWidgetConfig.ts";
export { TeamHeader, type TeamHeaderProps } from "./components/TeamHeader.tsx";
export { ContactPrompt, type ContactPromptProps } from "./components/ContactPrompt.tsx";
export { RatingForm, type RatingFormProps } from "./components/RatingForm.tsx";
export { TranscriptEmail, type TranscriptEmailProps } from "./components/TranscriptEmail.tsx";
export {
  deviceLocales,
  directionOf,
  screenLocale,
  type DirectionProps,
  textDirection,
  TranslatorContext,
  useTranslator,
} from "./i18n.ts";
export { failureText, formatTime } from "./format.ts";
