// The demo app: @switchboard/react-native's chat screen full-screen (its own header shows the
// team and whether it is open; its language is the phone's), with this app's Expo
// pieces injected (image picker, image component, push registration) and the badge wired as
// a host app would do it. The server URL and the customer's token come from the app
// config (`extra.switchboard` in app.json) or, winning over it, from EXPO_PUBLIC_
// environment variables at bundle time (`npm start` at the repo root prints a demo token).
import { ChatScreen } from "@switchboard/react-native";
import Constants from "expo-constants";
import { StatusBar } from "expo-status-bar";
import { useEffect, useMemo } from "react";
import { StyleSheet, Text, View } from "react-native";
import { createMobileChatClient } from "./src/createMobileChatClient.ts";
import { ExpoChatImage } from "./src/ExpoChatImage.tsx";
import { pickImageFromLibrary } from "./src/imagePicker.ts";
import { listenForChatNotifications, registerForPush, setAppBadge } from "./src/push.ts";

interface DemoConfig {
  serverUrl: string;
  token: string;
}

function readConfig(): DemoConfig {
  const extra = (Constants.expoConfig?.extra?.switchboard ?? {}) as Partial<DemoConfig>;
  return {
    serverUrl: process.env.EXPO_PUBLIC_SWITCHBOARD_URL || extra.serverUrl || "",
    token: process.env.EXPO_PUBLIC_SWITCHBOARD_TOKEN || extra.token || "",
  };
}

const config = readConfig();
// A real app asks its backend for a fresh token here (it is called on every reconnect).
const getToken = () => config.token;

/** Run by the screen once it opened the room (signed in, with the chat in view). */
const registerPush = () =>
  registerForPush({ serverUrl: config.serverUrl, getToken }).then(
    (r) => !r.registered && console.warn("switchboard: push not registered:", r.reason),
  );

export default function App() {
  const client = useMemo(
    () => createMobileChatClient({ serverUrl: config.serverUrl, getToken }),
    [],
  );

  useEffect(() => {
    if (!config.token) return;
    // One screen here; a host app navigates to its chat screen with `roomId`.
    return listenForChatNotifications({ onOpenChat: () => undefined, onUnread: setAppBadge });
  }, []);

  return (
    <View style={styles.app}>
      <StatusBar style="dark" />
      {config.token ? (
        <ChatScreen
          client={client}
          serverUrl={config.serverUrl}
          getToken={getToken}
          pickImage={pickImageFromLibrary}
          registerPush={registerPush}
          ImageComponent={ExpoChatImage}
          onUnreadChange={setAppBadge}
        />
      ) : (
        <Text style={styles.missing}>
          Set EXPO_PUBLIC_SWITCHBOARD_URL and EXPO_PUBLIC_SWITCHBOARD_TOKEN (see docs/mobile.md).
        </Text>
      )}
    </View>
  );
}

const styles = StyleSheet.create({
  app: { flex: 1, backgroundColor: "#fff", paddingTop: Constants.statusBarHeight },
  missing: { padding: 24, color: "#b91c1c" },
});
