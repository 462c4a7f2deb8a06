// The chat screen as a web page, through react-native-web: the bundle that the end-to-end
// test drives in Chromium against a real server (which serves it, so it is same-origin).
// Query: `token` (the customer's JWT), optional `server` (origin), `grace` (ms the socket
// survives a hidden tab, i.e. the app in the background) and `locale` (else the browser's
// languages, as a phone's).
import { ChatScreen } from "@switchboard/react-native";
import { AppRegistry, StyleSheet, View } from "react-native";
import { createMobileChatClient } from "../src/createMobileChatClient.ts";
import { ExpoChatImage } from "../src/ExpoChatImage.tsx";
import { pickImageFromLibrary } from "../src/imagePicker.ts";

const params = new URLSearchParams(location.search);
const token = params.get("token") ?? "";
const serverUrl = params.get("server") ?? location.origin;
const grace = Number(params.get("grace") ?? 15_000);
const locale = params.get("locale") ?? undefined;
const getToken = () => token;
const client = createMobileChatClient({ serverUrl, getToken });

/** The web's stand-in for the app icon badge: the tab title. */
const setTitleBadge = (count: number) => {
  document.title = count > 0 ? `(${count}) Support` : "Support";
};

function WebDemo() {
  return (
    <View style={styles.app}>
      <ChatScreen
        client={client}
        serverUrl={serverUrl}
        getToken={getToken}
        backgroundGraceMs={grace}
        pickImage={pickImageFromLibrary}
        // react-native-web's Image sends no headers; expo-image fetches with them.
        ImageComponent={ExpoChatImage}
        onUnreadChange={setTitleBadge}
        {...(locale ? { locale } : {})}
      />
    </View>
  );
}

const styles = StyleSheet.create({
  app: { flex: 1, backgroundColor: "#fff" },
});

AppRegistry.registerComponent("main", () => WebDemo);
AppRegistry.runApplication("main", { rootTag: document.getElementById("root") });
