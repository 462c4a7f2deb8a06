import type { Role } from "@switchboard/protocol";
import { useEffect, useMemo, useState } from "react";
import { useChatClient } from "../ChatProvider.tsx";

/** A lost `stop-typing` (a closed tab) must not leave "is typing…" up forever. */
const TYPING_TTL_MS = 8000;

/** What {@link useTyping} returns. */
export interface RoomTyping {
  /** Someone of the other side (`from`) is typing in the room. */
  isTyping: boolean;
  /** Tells the room that this user is typing (the SDK sends at most one per 2 s). */
  notifyTyping(): void;
  /** Tells the room that this user stopped typing. */
  notifyStopTyping(): void;
}

/**
 * Typing in a room: whether the other side (`from`: `"admin"` in the widget,
 * `"customer"` in an agent's inbox) is typing, cleared by their `stop-typing`, by their
 * next message or 8 s after their last `typing`; and the signals of this user's own
 * typing (the `Composer` throttles them and stops them after 4 s idle).
 *
 * @example
 * ```tsx
 * const { isTyping, notifyTyping, notifyStopTyping } = useTyping(roomId, "admin");
 * <Composer onSend={send} onTyping={notifyTyping} onStopTyping={notifyStopTyping} />
 * {isTyping ? <TypingIndicator who="Support" /> : null}
 * ```
 */
export function useTyping(roomId: string | null, from: Role): RoomTyping {
  const client = useChatClient();
  const [typingIn, setTypingIn] = useState<string | null>(null);
  useEffect(() => {
    if (!roomId) return;
    let timer = 0;
    const stop = () => {
      window.clearTimeout(timer);
      setTypingIn(null);
    };
    const offs = [
      client.on("typing", (e) => {
        if (e.roomId !== roomId || e.role !== from) return;
        setTypingIn(roomId);
        window.clearTimeout(timer);
        timer = window.setTimeout(stop, TYPING_TTL_MS);
      }),
      client.on("stop-typing", (e) => {
        if (e.roomId === roomId && e.role === from) stop();
      }),
      client.on("new-message", (m) => {
        if (m.roomId === roomId && m.senderRole === from) stop();
      }),
    ];
    return () => {
      window.clearTimeout(timer);
      offs.forEach((off) => off());
    };
  }, [client, roomId, from]);
  const notify = useMemo(
    () => ({
      notifyTyping: () => {
        if (roomId) client.typing(roomId);
      },
      notifyStopTyping: () => {
        if (roomId) client.stopTyping(roomId);
      },
    }),
    [client, roomId],
  );
  return { isTyping: typingIn !== null && typingIn === roomId, ...notify };
}
