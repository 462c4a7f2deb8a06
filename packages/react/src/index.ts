/**
 * Switchboard's chat for React web apps, over the framework-free `@switchboard/client`: a
 * provider, hooks that read the client's store (through `getState`/`subscribe`, so the
 * built-in store and a host's Redux store both work), and the components of Switchboard's
 * own widget and agent inbox. Import the stylesheet once; theme it with `--sb-*` CSS
 * variables (see the README).
 *
 * @example
 * ```tsx
 * import { createChatClient } from "@switchboard/client";
 * import { ChatProvider, ChatWindow } from "@switchboard/react";
 * import "@switchboard/react/styles.css";
 *
 * const client = createChatClient({ url: "https://chat.example.com", getToken });
 *
 * export function Support({ userId }: { userId: string }) {
 *   return (
 *     <ChatProvider client={client}>
 *       <ChatWindow team="Acme Support" visitorId={userId} />
 *     </ChatProvider>
 *   );
 * }
 * ```
 *
 * @packageDocumentation
 */
export { ChatProvider, useChatClient } from "./ChatProvider.tsx";
export type { ChatProviderProps } from "./ChatProvider.tsx";

export { sameItems, useChatSelector, useChatState } from "./hooks/useChatState.ts";
export { useConnectionStatus } from "./hooks/useConnectionStatus.ts";
export { useCustomerRoom } from "./hooks/useCustomerRoom.ts";
export type { CustomerRoom } from "./hooks/useCustomerRoom.ts";
export { useMessages } from "./hooks/useMessages.ts";
export type { RoomMessages } from "./hooks/useMessages.ts";
export { useSend } from "./hooks/useSend.ts";
export type { RoomSend } from "./hooks/useSend.ts";
export { useTyping } from "./hooks/useTyping.ts";
export type { RoomTyping } from "./hooks/useTyping.ts";
export { useUnread } from "./hooks/useUnread.ts";
export type { Unread, UnreadOptions } from "./hooks/useUnread.ts";
export { useRooms } from "./hooks/useRooms.ts";
export type { AgentRooms, RoomsOptions } from "./hooks/useRooms.ts";
export { activityOf } from "./hooks/roomOrder.ts";
export type { AssignedFilter, RoomFilter, StatusFilter } from "./hooks/roomOrder.ts";
export { useAgents } from "./hooks/useAgents.ts";
export type { AgentDirectory } from "./hooks/useAgents.ts";
export { useCannedResponses } from "./hooks/useCannedResponses.ts";
export type { CannedResponses } from "./hooks/useCannedResponses.ts";
export { fillCanned, matchCanned, slashQuery } from "./hooks/canned.ts";
export type { CannedContext } from "./hooks/canned.ts";
export { useUploads } from "./hooks/useUploads.ts";
export { useTranslator } from "./hooks/useTranslator.ts";
export { useWidgetConfig, WIDGET_CONFIG_REFRESH_MS } from "./hooks/useWidgetConfig.ts";
export { LocaleProvider } from "./LocaleProvider.tsx";
export type { LocaleProviderProps } from "./LocaleProvider.tsx";
export {
  awayUntil,
  DICTIONARIES,
  en,
  isRtl,
  LOCALES,
  matchLocale,
  resolveLocale,
  translator,
} from "./i18n/index.ts";
export type {
  Dictionary,
  Locale,
  MessageKey,
  MessageParams,
  PluralForm,
  PluralKey,
  Translator,
} from "./i18n/index.ts";
export type { UploadItem, Uploads } from "./hooks/useUploads.ts";

export { ChatWidget } from "./components/ChatWidget.tsx";
export type { ChatWidgetProps } from "./components/ChatWidget.tsx";
export { ChatWindow } from "./components/ChatWindow.tsx";
export { ContactPrompt } from "./components/ContactPrompt.tsx";
export type { ContactPromptProps } from "./components/ContactPrompt.tsx";
export { RatingForm } from "./components/RatingForm.tsx";
export type { RatingFormProps } from "./components/RatingForm.tsx";
export { TranscriptLinks } from "./components/TranscriptLinks.tsx";
export type { TranscriptLinksProps } from "./components/TranscriptLinks.tsx";
export { TranscriptEmail } from "./components/TranscriptEmail.tsx";
export type { TranscriptEmailProps } from "./components/TranscriptEmail.tsx";
export type { ChatWindowProps } from "./components/ChatWindow.tsx";
export { MessageList } from "./components/MessageList.tsx";
export type { MessageListProps } from "./components/MessageList.tsx";
export { MessageBubble } from "./components/MessageBubble.tsx";
export type { MessageBubbleProps } from "./components/MessageBubble.tsx";
export { Composer } from "./components/Composer.tsx";
export type { ComposerHandle, ComposerInputAria, ComposerProps } from "./components/Composer.tsx";
export { useCannedPicker } from "./components/CannedPicker.tsx";
export type { CannedPickerOptions, CannedPickerProps } from "./components/CannedPicker.tsx";
export { DropZone, useFilePicker } from "./components/FileDrop.tsx";
export type { DropZoneProps, FilePicker } from "./components/FileDrop.tsx";
export { UploadBubbles } from "./components/UploadBubbles.tsx";
export type { UploadBubblesProps } from "./components/UploadBubbles.tsx";
export { Attachments } from "./components/Attachments.tsx";
export type { AttachmentsProps } from "./components/Attachments.tsx";
export { Lightbox } from "./components/Lightbox.tsx";
export type { LightboxProps } from "./components/Lightbox.tsx";
export { TypingIndicator } from "./components/TypingIndicator.tsx";
export type { TypingIndicatorProps } from "./components/TypingIndicator.tsx";
export { ConnectionBar, statusLabel } from "./components/ConnectionBar.tsx";
export type { ConnectionBarProps } from "./components/ConnectionBar.tsx";
export {
  AlertIcon,
  BackIcon,
  BellIcon,
  ChatIcon,
  ChevronDownIcon,
  ClockIcon,
  CloseIcon,
  DownloadIcon,
  ExternalIcon,
  FileIcon,
  PaperclipIcon,
  PanelIcon,
  SendIcon,
  TicksIcon,
} from "./components/Icons.tsx";
export type { IconProps } from "./components/Icons.tsx";

export { formatFull, formatTime, initials } from "./lib/format.ts";
// One copy for the widget, the dashboard and the React Native screen: the framework-free SDK's.
export { activityText } from "@switchboard/client/i18n";
export { AVATAR_COLORS, avatarColor } from "./lib/avatar.ts";
export { ACCEPT, ACCEPTED_TYPES, formatBytes, MAX_FILE_BYTES, sortFiles } from "./lib/files.ts";
