// The public surface of the mobile chat: what a host app imports.
export { ChatScreen, type ChatScreenProps } from "./ChatScreen.tsx";
export { createMobileChatClient, type MobileChatClientOptions } from "./createMobileChatClient.ts";
export { useChat, type ChatSession, type UseChatOptions } from "./hooks/useChat.ts";
export {
  useChatSelector,
  useConnectionStatus,
  useHasOlder,
  useRoom,
  useRoomMessages,
} from "./hooks/useChatStore.ts";
export { useAppActivity, type AppActivity, type AppStateLike } from "./hooks/useAppActivity.ts";
export { useNavigationFocus } from "./hooks/useNavigationFocus.ts";
export { useMarkRead, useTypingIndicator, useUnreadCount } from "./hooks/useRoomSignals.ts";
export { pickImageFromLibrary, type PickedFile, type PickImageFn } from "./imagePicker.ts";
export { useAuthHeaders, useImageSend } from "./hooks/useImageSend.ts";
export {
  listenForChatNotifications,
  registerForPush,
  setAppBadge,
  type ChatNotificationHandlers,
  type NotificationsApi,
  type RegisterOptions,
  type RegisterResult,
} from "./push.ts";
