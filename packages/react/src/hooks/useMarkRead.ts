import { markReadTarget, type ChatClient, type ChatMessage } from "@switchboard/client";
import type { Role } from "@switchboard/protocol";
import { useEffect, useState } from "react";
import { useClientState } from "./useChatState.ts";

/** Whether the page is visible (not a background tab), kept current. */
function usePageVisible(): boolean {
  const [visible, setVisible] = useState(() => document.visibilityState === "visible");
  useEffect(() => {
    const update = () => setVisible(document.visibilityState === "visible");
    document.addEventListener("visibilitychange", update);
    return () => document.removeEventListener("visibilitychange", update);
  }, []);
  return visible;
}

/**
 * Read receipts only for what the reader can actually see, by the SDK's rule
 * (`markReadTarget`): while the list is `active` (the widget is open), the page is visible,
 * the reader is at the end of the log (`atBottom`) and the client is online, the other
 * side's newest stored message, when not read yet, is marked read (`client.markRead(roomId,
 * itsId)`): again for each new one, and after a reconnect.
 */
export function useMarkRead(
  client: ChatClient,
  roomId: string,
  messages: readonly ChatMessage[],
  viewerRole: Role,
  seen: { active: boolean; atBottom: boolean },
): void {
  const visible = usePageVisible() && seen.active;
  const connectionStatus = useClientState(client, (s) => s.connectionStatus);
  const target = markReadTarget({
    messages,
    viewerRole,
    visible,
    connectionStatus,
    atEnd: seen.atBottom,
  });
  useEffect(() => {
    if (target) void client.markRead(roomId, target);
  }, [client, roomId, target]);
}
