import type { ChatClient } from "@switchboard/client";
import type { Room } from "@switchboard/protocol";
import { useCallback, useEffect, useState } from "react";
import { useChatState } from "../lib/client.ts";

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // Blocked third-party storage: behave like a first visit.
  }
}

export interface CustomerRoom {
  roomId: string | null;
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
 * The visitor's connection and room. Nothing touches the network before the visitor first
 * opens the chat, because the loader prefetches this frame on every page view of the host
 * site. A visitor who chatted before reconnects at once, but only to the room remembered
 * from that visit (joining without a room id would create an empty one in the agents'
 * inbox); that keeps the launcher's unread badge live. Opening the chat shows that room
 * too, even when it has ended: the visitor sees the history, and their next message
 * starts a new conversation (the SDK opens the room then, and makes it the active one,
 * which this hook follows).
 */
export function useCustomerRoom(
  client: ChatClient,
  open: boolean,
  visitorId: string,
): CustomerRoom {
  const key = `switchboard:room:${visitorId}`;
  const [known, setKnown] = useState(() => storage()?.getItem(key) ?? null);
  const [started, setStarted] = useState(open || known !== null);
  const [joined, setJoined] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (open && !started) setStarted(true);
  const active = useChatState(client, (s) => s.activeRoomId);
  const roomId = joined ? active : null;

  useEffect(() => {
    if (roomId) storage()?.setItem(key, roomId);
  }, [key, roomId]);

  const forget = useCallback(() => {
    storage()?.removeItem(key);
    setKnown(null);
  }, [key]);
  const onJoinFailed = useCallback((e: unknown) => {
    console.warn("Switchboard: join failed", e);
    setError("We couldn't open the conversation. Check your connection and try again.");
  }, []);

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
