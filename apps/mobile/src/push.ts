import * as Notifications from "expo-notifications";
import { Platform } from "react-native";

/** The part of expo-notifications used here; tests pass a fake. */
export type NotificationsApi = Pick<
  typeof Notifications,
  | "getPermissionsAsync"
  | "requestPermissionsAsync"
  | "getDevicePushTokenAsync"
  | "setBadgeCountAsync"
  | "setNotificationChannelAsync"
  | "addNotificationResponseReceivedListener"
  | "addNotificationReceivedListener"
  | "getLastNotificationResponseAsync"
>;

export interface RegisterOptions {
  serverUrl: string;
  getToken: () => string | Promise<string>;
  notifications?: NotificationsApi;
  platform?: "ios" | "android" | "web";
  /**
   * The FCM registration token. Default: expo-notifications' device token, which IS the FCM
   * token on Android; on iOS it is a raw APNs token that FCM cannot address, so an iOS app
   * passes Firebase's (`messaging().getToken()` of @react-native-firebase/messaging).
   */
  getDeviceToken?: () => Promise<string>;
  fetch?: typeof fetch;
}

export type RegisterResult =
  { registered: true; token: string } | { registered: false; reason: string };

/**
 * Asks for permission, gets the device's FCM token (the server sends through FCM HTTP v1,
 * not through Expo's push service) and registers it with
 * `POST /api/chat/devices`. Call it after sign-in and on every app start: tokens rotate,
 * and registering again is idempotent (the server moves a token to its latest user).
 */
export async function registerForPush(options: RegisterOptions): Promise<RegisterResult> {
  const api = options.notifications ?? Notifications;
  const platform = options.platform ?? (Platform.OS as "ios" | "android" | "web");
  if (platform === "android") {
    // Android 8+ shows nothing without a channel; 13+ asks for permission only once one exists.
    await api.setNotificationChannelAsync("chat", {
      name: "Chat messages",
      importance: Notifications.AndroidImportance.HIGH,
    });
  }
  let permission = await api.getPermissionsAsync();
  if (!permission.granted && permission.canAskAgain)
    permission = await api.requestPermissionsAsync();
  if (!permission.granted) return { registered: false, reason: "permission denied" };
  const token = options.getDeviceToken
    ? await options.getDeviceToken()
    : String((await api.getDevicePushTokenAsync()).data);
  const res = await (options.fetch ?? fetch)(
    options.serverUrl.replace(/\/+$/, "") + "/api/chat/devices",
    {
      method: "POST",
      headers: {
        Authorization: `Bearer ${await options.getToken()}`,
        "Content-Type": "application/json",
      },
      body: JSON.stringify({ token, platform }),
    },
  );
  if (res.status !== 201) return { registered: false, reason: `server answered ${res.status}` };
  return { registered: true, token };
}

/** The `data` the server puts in every chat push. */
interface ChatPushData {
  roomId?: string;
  messageId?: string;
  /** The recipient's unread count, as a string. */
  unread?: string;
}

export interface ChatNotificationHandlers {
  /** The user tapped a chat notification: navigate to the chat screen of `roomId`. */
  onOpenChat(roomId: string): void;
  /** A push arrived while the app was open: the unread count for the badge. */
  onUnread?(count: number): void;
  notifications?: NotificationsApi;
}

/**
 * Wires chat notifications to the host app: a tap (also the one that launched the app)
 * opens the chat, a push received in the foreground updates the badge. Returns the
 * unsubscribe function. Call once, e.g. in the root component next to the navigator.
 */
export function listenForChatNotifications(handlers: ChatNotificationHandlers): () => void {
  const api = handlers.notifications ?? Notifications;
  let live = true;
  const open = (data: ChatPushData | undefined) => {
    if (live && data?.roomId) handlers.onOpenChat(data.roomId);
  };
  const tapped = api.addNotificationResponseReceivedListener((r) =>
    open(r.notification.request.content.data as ChatPushData),
  );
  const received = api.addNotificationReceivedListener((n) => {
    const unread = Number((n.request.content.data as ChatPushData | undefined)?.unread);
    if (Number.isFinite(unread)) handlers.onUnread?.(unread);
  });
  // A tap that cold-started the app happened before this listener existed.
  void api
    .getLastNotificationResponseAsync()
    .then((r) => open(r?.notification.request.content.data as ChatPushData | undefined));
  return () => {
    live = false;
    tapped.remove();
    received.remove();
  };
}

/** Sets the app icon badge (iOS, and Android launchers that show counts); 0 clears it. */
export function setAppBadge(count: number, notifications: NotificationsApi = Notifications): void {
  notifications.setBadgeCountAsync(Math.max(0, count)).catch((e: unknown) => {
    console.warn("switchboard: setting the badge failed", e);
  });
}
