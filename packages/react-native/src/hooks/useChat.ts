import {
  DisconnectedError,
  type ChatClient,
  type ChatState,
  type ConnectionStatus,
} from "@switchboard/client";
import { useCallback, useEffect, useState } from "react";
import { useAppActivity, type AppStateLike } from "./useAppActivity.ts";
import { useChatSelector, useConnectionStatus } from "./useChatStore.ts";

const selectActiveRoom = (s: ChatState) => s.activeRoomId;

/** Options of {@link useChat}. */
export interface UseChatOptions {
  /** The SDK client; the hook opens and closes its socket. */
  client: ChatClient;
  /** The room to show; customers omit it and get their open room (created if needed). */
  roomId?: string;
  /** Whether the screen is focused in its navigator. */
  focused: boolean;
  /** React Native's `AppState` unless given (tests). */
  appState?: AppStateLike;
  /** How long the socket stays open after the app went to the background. Default 15 s. */
  backgroundGraceMs?: number;
}

/** What {@link useChat} reports: the room, the connection, and whether the user sees them. */
export interface ChatSession {
  /** The joined room; null until the first join answered. */
  roomId: string | null;
  /** The client's connection status. */
  status: ConnectionStatus;
  /** Focused and in the foreground: the user sees the conversation (read receipts). */
  visible: boolean;
  /** Whether the screen wants a connection now (focused, app not away for long). */
  wanted: boolean;
  /** Why the room could not be opened; null when fine. */
  error: string | null;
  /** Asks for the room again after an `error`. */
  retryJoin(): void;
}

/**
 * The screen's connection lifecycle over the SDK:
 *
 * - connects while the screen is focused and the app is in the foreground (or away for
 *   less than the grace period), disconnects on blur, unmount or a long background;
 * - joins the room once; every later connect (focus, return from the background, a network
 *   drop) makes the SDK re-join and resync every joined room, then flush its send queue;
 * - Socket.IO's own backoff handles network drops; a return from a long background is one
 *   `connect()`, not a burst of retries.
 *
 * @param options - The client, the room, the focus and the app state.
 * @returns The room once joined, the connection, whether the user sees it, and join errors.
 *
 * @example
 * ```tsx
 * const { roomId, status, visible } = useChat({ client, focused: useIsFocused() });
 * ```
 */
export function useChat(options: UseChatOptions): ChatSession {
  const { client, roomId: asked, focused, appState, backgroundGraceMs } = options;
  const activity = useAppActivity(appState, backgroundGraceMs);
  const wanted = focused && activity.keepAlive;
  const visible = focused && activity.foreground;
  const status = useConnectionStatus(client);
  const key = asked ?? "";
  const [joined, setJoined] = useState<{ key: string; roomId: string } | null>(null);
  const [failure, setFailure] = useState<{ key: string; message: string } | null>(null);
  const joinedId = joined?.key === key ? joined.roomId : null;
  // A customer's closed room is followed by a new one when they write again (the SDK opens
  // it, moves the message there and makes it the active room): the screen follows.
  const activeRoomId = useChatSelector(client, selectActiveRoom);
  const roomId = joinedId !== null && asked === undefined && activeRoomId ? activeRoomId : joinedId;
  const error = failure?.key === key ? failure.message : null;

  useEffect(() => {
    if (!wanted) return;
    client.connect();
    return () => client.disconnect();
  }, [wanted, client]);

  useEffect(() => {
    if (!wanted || joinedId !== null || error !== null) return;
    // A join cut short by a blur rejects with DisconnectedError: not an error to show,
    // the next focus joins again.
    let live = true;
    client.join(asked).then(
      (room) => live && setJoined({ key, roomId: room.id }),
      (e: unknown) => {
        if (!live || e instanceof DisconnectedError) return;
        console.warn("switchboard: join failed", e);
        setFailure({ key, message: "We couldn't open the conversation." });
      },
    );
    return () => {
      live = false;
    };
  }, [wanted, joinedId, error, client, asked, key]);

  const retryJoin = useCallback(() => setFailure(null), []);
  return { roomId, status, visible, wanted, error, retryJoin };
}
