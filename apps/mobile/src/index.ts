// What this app adds to @switchboard/react-native's ChatScreen: its Expo pieces (the client's
// React Native settings, the image picker, the image component, push), which a host app with
// Expo can copy. The screen itself is the package's.
export { createMobileChatClient, type MobileChatClientOptions } from "./createMobileChatClient.ts";
export { ExpoChatImage } from "./ExpoChatImage.tsx";
export { pickImageFromLibrary } from "./imagePicker.ts";
export {
  listenForChatNotifications,
  registerForPush,
  setAppBadge,
  type ChatNotificationHandlers,
  type NotificationsApi,
  type RegisterOptions,
  type RegisterResult,
} from "./push.ts";
