import { isTyping } from "@switchboard/client";
import type { Role } from "@switchboard/protocol";
import { useCallback, useMemo, useSyncExternalStore } from "react";
import { useChatClient } from "../ChatProvider.tsx";

/** What {@link useTyping} returns. */
export interface RoomTyping {
  /** Someone of the other side (`from`) is typing in the room. */
  isTyping: boolean;
  /** Tells the room that this user is typing (the SDK sends at most one per 2 s). */
  notifyTyping(): void;
  /** Tells the room that this user stopped typing (sent only after a `typing`). */
  notifyStopTyping(): void;
}

/**
 * Typing in a room: whether the other side (`from`: `"admin"` in the widget, `"customer"`
 * in an agent's inbox) is typing, as the SDK's `client.typingTracker` keeps it (cleared by
 * their `stop-typing`, by their next message, when the connection drops, or
 * `typingTimeoutMs`, 8 s by default, after their last `typing`); and the signals of this
 * user's own typing (the `Composer` sends them by the SDK's `createTypingInput` rule).
 *
 * @param roomId - The room on screen; null (not joined yet): nobody is typing, and the
 *   signals do nothing.
 * @param from - The role whose typing to show.
 * @returns Whether they type, and this user's typing signals.
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
  const tracker = client.typingTracker;
  const subscribe = useCallback(
    (onChange: () => void) => tracker.subscribe(() => onChange()),
    [tracker],
  );
  const read = () => isTyping(tracker.getState(), roomId, from);
  const typing = useSyncExternalStore(subscribe, read, read);
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
  return { isTyping: typing, ...notify };
}
