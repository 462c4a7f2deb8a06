import type { ChatClient, ChatMessage } from "@switchboard/client";
import type { Role } from "@switchboard/protocol";
import { useEffect, useState } from "react";

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
 * Read receipts only for what the reader can actually see: marks the room read when the
 * other side's last message is not read yet, the list is `active` (the widget is open),
 * the page is visible and the reader is at the end of the log (`atBottom`).
 */
export function useMarkRead(
  client: ChatClient,
  roomId: string,
  messages: readonly ChatMessage[],
  viewerRole: Role,
  seen: { active: boolean; atBottom: boolean },
): void {
  const { active, atBottom } = seen;
  const lastOther = messages.findLast((m) => m.senderRole !== viewerRole);
  const needsRead = lastOther !== undefined && lastOther.status !== "read";
  const visible = usePageVisible();
  useEffect(() => {
    if (active && visible && atBottom && needsRead) void client.markRead(roomId);
  }, [active, visible, atBottom, needsRead, client, roomId, lastOther?.id]);
}
