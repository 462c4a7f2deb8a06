import type { ChatClient } from "@switchboard/client";
import type { Role } from "@switchboard/protocol";
import { useEffect, useState } from "react";
import { listen } from "../lib/client.ts";

/** A lost `stop-typing` (a closed tab) must not leave "is typing…" up forever. */
const TYPING_TTL_MS = 8000;

/** Whether the other side (`from`) is typing in `roomId`; false while the SDK has no `on`. */
export function useTyping(client: ChatClient, roomId: string | null, from: Role): boolean {
  const [typingIn, setTypingIn] = useState<string | null>(null);
  useEffect(() => {
    if (!roomId) return;
    let timer = 0;
    const stop = () => {
      window.clearTimeout(timer);
      setTypingIn(null);
    };
    const offs = [
      listen(client, "typing", (e) => {
        if (e.roomId !== roomId || e.role !== from) return;
        setTypingIn(roomId);
        window.clearTimeout(timer);
        timer = window.setTimeout(stop, TYPING_TTL_MS);
      }),
      listen(client, "stop-typing", (e) => {
        if (e.roomId === roomId && e.role === from) stop();
      }),
      listen(client, "new-message", (m) => {
        if (m.roomId === roomId && m.senderRole === from) stop();
      }),
    ];
    return () => {
      window.clearTimeout(timer);
      offs.forEach((off) => off());
    };
  }, [client, roomId, from]);
  return typingIn !== null && typingIn === roomId;
}
