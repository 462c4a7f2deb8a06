// Where the chat server is, and the pretend sign-in's user. On the web build (the end-to-end
// test) both come from the page's query: `?server=<origin>&token=<jwt>&name=<name>`; on a
// phone from EXPO_PUBLIC_ variables at bundle time (Expo inlines them).
import { Platform } from "react-native";
import type { Session } from "./auth.tsx";

const query = Platform.OS === "web" ? new URLSearchParams(window.location.search) : null;

/** The chat server's origin. Android's emulator reaches the computer's localhost at 10.0.2.2. */
export const CHAT_URL =
  query?.get("server") ??
  (query ? window.location.origin : process.env.EXPO_PUBLIC_SWITCHBOARD_URL) ??
  "http://10.0.2.2:3000";

/** The pretend sign-in: who the user is and the chat token the host's backend gave them. */
export function demoSession(): Session {
  return {
    name: query?.get("name") ?? process.env.EXPO_PUBLIC_DEMO_NAME ?? "Dana",
    chatToken: query?.get("token") ?? process.env.EXPO_PUBLIC_SWITCHBOARD_TOKEN ?? "",
  };
}
