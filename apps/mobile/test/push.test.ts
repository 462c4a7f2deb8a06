// Hermetic: the real module warns at import that it runs in "Expo Go" under jest.
jest.mock("expo-notifications", () => ({ AndroidImportance: { HIGH: 4 } }));

import {
  listenForChatNotifications,
  registerForPush,
  setAppBadge,
  type NotificationsApi,
} from "../src/push.ts";

type Listener = (event: unknown) => void;

/** expo-notifications, driven by the test. */
function fakeNotifications(
  opts: { granted?: boolean; canAskAgain?: boolean; grantOnAsk?: boolean } = {},
) {
  const listeners = { response: new Set<Listener>(), received: new Set<Listener>() };
  let lastResponse: unknown = null;
  const api = {
    getPermissionsAsync: jest.fn(async () => ({
      granted: opts.granted ?? false,
      canAskAgain: opts.canAskAgain ?? true,
    })),
    requestPermissionsAsync: jest.fn(async () => ({
      granted: opts.grantOnAsk ?? true,
      canAskAgain: false,
    })),
    getDevicePushTokenAsync: jest.fn(async () => ({ type: "android", data: "fcm-token-123" })),
    setBadgeCountAsync: jest.fn(async () => true),
    setNotificationChannelAsync: jest.fn(async () => null),
    addNotificationResponseReceivedListener: jest.fn((l: Listener) => {
      listeners.response.add(l);
      return { remove: () => listeners.response.delete(l) };
    }),
    addNotificationReceivedListener: jest.fn((l: Listener) => {
      listeners.received.add(l);
      return { remove: () => listeners.received.delete(l) };
    }),
    getLastNotificationResponseAsync: jest.fn(async () => lastResponse),
  };
  const note = (data: Record<string, string>) => ({ request: { content: { data } } });
  return {
    api: api as unknown as NotificationsApi,
    mocks: api,
    setColdStart(data: Record<string, string>) {
      lastResponse = { notification: note(data) };
    },
    tap: (data: Record<string, string>) =>
      listeners.response.forEach((l) => l({ notification: note(data) })),
    arrive: (data: Record<string, string>) => listeners.received.forEach((l) => l(note(data))),
  };
}

const okFetch = () => jest.fn(async () => ({ status: 201 }) as Response);

describe("registerForPush", () => {
  test("asks for permission, then registers the FCM token with the server", async () => {
    const n = fakeNotifications();
    const fetch = okFetch();
    const result = await registerForPush({
      serverUrl: "https://chat.example.com/",
      getToken: async () => "jwt",
      notifications: n.api,
      platform: "android",
      fetch,
    });
    expect(result).toEqual({ registered: true, token: "fcm-token-123" });
    expect(n.mocks.setNotificationChannelAsync).toHaveBeenCalledWith(
      "chat",
      expect.objectContaining({ name: "Chat messages" }),
    );
    expect(n.mocks.requestPermissionsAsync).toHaveBeenCalledTimes(1);
    expect(fetch).toHaveBeenCalledWith("https://chat.example.com/api/chat/devices", {
      method: "POST",
      headers: { Authorization: "Bearer jwt", "Content-Type": "application/json" },
      body: JSON.stringify({ token: "fcm-token-123", platform: "android" }),
    });
  });

  test("takes the FCM token from the host on iOS", async () => {
    const n = fakeNotifications({ granted: true });
    const fetch = okFetch();
    const result = await registerForPush({
      serverUrl: "https://x",
      getToken: () => "jwt",
      notifications: n.api,
      platform: "ios",
      getDeviceToken: async () => "fcm-ios",
      fetch,
    });
    expect(result).toEqual({ registered: true, token: "fcm-ios" });
    expect(n.mocks.getDevicePushTokenAsync).not.toHaveBeenCalled();
    expect(n.mocks.setNotificationChannelAsync).not.toHaveBeenCalled();
  });

  test("registers nothing without permission", async () => {
    const n = fakeNotifications({ grantOnAsk: false });
    const fetch = okFetch();
    const result = await registerForPush({
      serverUrl: "https://x",
      getToken: () => "jwt",
      notifications: n.api,
      platform: "ios",
      fetch,
    });
    expect(result).toEqual({ registered: false, reason: "permission denied" });
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe("listenForChatNotifications", () => {
  test("a tap opens the chat; a push in the foreground sets the badge", async () => {
    const n = fakeNotifications();
    const onOpenChat = jest.fn();
    const onUnread = jest.fn();
    const stop = listenForChatNotifications({ onOpenChat, onUnread, notifications: n.api });
    n.tap({ roomId: "room-1", messageId: "m1", unread: "2" });
    n.arrive({ roomId: "room-1", messageId: "m2", unread: "3" });
    expect(onOpenChat).toHaveBeenCalledWith("room-1");
    expect(onUnread).toHaveBeenCalledWith(3);
    stop();
    n.tap({ roomId: "room-2" });
    expect(onOpenChat).toHaveBeenCalledTimes(1);
  });

  test("the tap that launched the app opens the chat too", async () => {
    const n = fakeNotifications();
    n.setColdStart({ roomId: "room-9", messageId: "m", unread: "1" });
    const onOpenChat = jest.fn();
    listenForChatNotifications({ onOpenChat, notifications: n.api });
    await Promise.resolve();
    await Promise.resolve();
    expect(onOpenChat).toHaveBeenCalledWith("room-9");
  });
});

test("setAppBadge sets the icon badge and never goes below 0", () => {
  const n = fakeNotifications();
  setAppBadge(4, n.api);
  setAppBadge(-1, n.api);
  expect(n.mocks.setBadgeCountAsync.mock.calls).toEqual([[4], [0]]);
});
