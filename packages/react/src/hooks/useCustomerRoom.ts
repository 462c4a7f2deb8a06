import type { ChatClient } from "@switchboard/client";
import type { Room } from "@switchboard/protocol";
import { useCallback, useEffect, useState } from "react";
import { useChatClient } from "../ChatProvider.tsx";
import { useClientState } from "./useChatState.ts";
import { useTranslator } from "./useTranslator.ts";

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // Blocked third-party storage: behave like a first visit.
  }
}

/** What {@link useCustomerRoom} returns. */
export interface CustomerRoom {
  /** The visitor's room once joined (it follows the SDK's active room); null until then. */
  roomId: string | null;
  /** Joining failed: why, in words for the visitor. */
  error: string | null;
  /** Fetches (or creates) the visitor's open room again: "Try again". */
  rejoin(): void;
}

/** The remembered room if it is still the visitor's (open or ended), else their open one. */
function joinRemembered(client: ChatClient, known: string | null, forget: () => void) {
  if (!known) return client.join();
  return client.join(known).catch((e: unknown): Promise<Room> => {
    console.warn("Switchboard: the remembered conversation is gone", e);
    forget();
    return client.join();
  });
}

/**
 * A customer's connection and room. Nothing touches the network before the visitor first
 * opens the chat (`open`), so a page that renders the chat closed costs nothing. A visitor
 * who chatted before (their room is remembered in `localStorage` under `visitorId`, e.g.
 * the token's `sub`) reconnects at once, but only to that room (joining without a room id
 * would create an empty one in the agents' inbox); that keeps an unread badge live.
 * Opening the chat shows that room too, even when it has ended: the visitor sees the
 * history, and their next message starts a new conversation (the SDK opens the room then,
 * and makes it the active one, which this hook follows). Without `visitorId` nothing is
 * remembered. Disconnects when unmounted.
 *
 * @param open - The visitor opened the chat (now or before): connect and join.
 * @param visitorId - Remembers the room across visits under this id; none: nothing is stored.
 * @returns The room id once joined, the join error, and `rejoin`.
 *
 * @example
 * ```tsx
 * const room = useCustomerRoom(open, visitorId);
 * <ChatWindow room={room} active={open} />
 * ```
 */
export function useCustomerRoom(open: boolean, visitorId?: string): CustomerRoom {
  const client = useChatClient();
  const t = useTranslator();
  const key = visitorId ? `switchboard:room:${visitorId}` : null;
  const [known, setKnown] = useState(() => (key ? (storage()?.getItem(key) ?? null) : null));
  const [started, setStarted] = useState(open || known !== null);
  const [joined, setJoined] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (open && !started) setStarted(true);
  const active = useClientState(client, (s) => s.activeRoomId);
  const roomId = joined ? active : null;

  useEffect(() => {
    if (key && roomId) storage()?.setItem(key, roomId);
  }, [key, roomId]);

  const forget = useCallback(() => {
    if (key) storage()?.removeItem(key);
    setKnown(null);
  }, [key]);
  const onJoinFailed = useCallback(
    (e: unknown) => {
      console.warn("Switchboard: join failed", e);
      setError(t("chat.joinFailed"));
    },
    [t],
  );

  useEffect(() => {
    if (!started) return;
    client.connect();
    return () => client.disconnect();
  }, [started, client]);

  useEffect(() => {
    if (!started || joined || (!open && known === null)) return;
    // A join cut short by a cleanup (disconnect, or the visitor opening the chat meanwhile)
    // is not an error to show.
    let live = true;
    const joining = open ? joinRemembered(client, known, forget) : client.join(known!);
    joining.then(
      () => live && setJoined(true),
      (e: unknown) => {
        if (!live) return;
        // In the background a gone room is simply forgotten; opening the chat starts afresh.
        if (open) onJoinFailed(e);
        else forget();
      },
    );
    return () => {
      live = false;
    };
  }, [started, open, joined, known, client, forget, onJoinFailed]);

  const rejoin = () => {
    setError(null);
    client.join().then(() => setJoined(true), onJoinFailed);
  };

  return { roomId, error, rejoin };
}
