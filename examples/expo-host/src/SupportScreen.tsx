// The Switchboard glue: this file and two lines of App.tsx (counted in the README).
import { createChatClient } from "@switchboard/client";
import { ChatScreen } from "@switchboard/react-native/navigation";
import { useMemo } from "react";
import { useAuth } from "./auth.tsx";
import { CHAT_URL as url } from "./config.ts";
import { pickImage, registerPush } from "./device.ts";

export function SupportScreen() {
  const { getChatToken: getToken } = useAuth();
  const client = useMemo(
    () => createChatClient({ url, getToken, socketOptions: { transports: ["websocket"] } }),
    [getToken],
  );
  const props = { client, serverUrl: url, getToken, pickImage, registerPush };
  return <ChatScreen {...props} />;
}
