import type { ChatClient } from "@switchboard/client";
import type { Room } from "@switchboard/protocol";
import { useCallback, useEffect, useState } from "react";

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
  /** Fetches (or creates) the visitor's open room again: "Try again", "Start a new one". */
  rejoin(): void;
}

/**
 * The visitor's connection and room. Nothing touches the network before the visitor first
 * opens the chat, because the loader prefetches this frame on every page view of the host
 * site. A visitor who chatted before reconnects at once, but only to the room remembered
 * from that visit (joining without a room id would create an empty one in the agents'
 * inbox); that keeps the launcher's unread badge live.
 */
export function useCustomerRoom(
  client: ChatClient,
  open: boolean,
  visitorId: string,
): CustomerRoom {
  const key = `switchboard:room:${visitorId}`;
  const [known, setKnown] = useState(() => storage()?.getItem(key) ?? null);
  const [started, setStarted] = useState(open || known !== null);
  const [roomId, setRoomId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (open && !started) setStarted(true);

  const onJoined = useCallback(
    (room: Room) => {
      setRoomId(room.id);
      storage()?.setItem(key, room.id);
    },
    [key],
  );
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
    if (!started || roomId !== null || (!open && known === null)) return;
    // A join cut short by a cleanup (disconnect, or the visitor opening the chat meanwhile)
    // is not an error to show.
    let live = true;
    if (open) {
      client.join().then(
        (room) => live && onJoined(room),
        (e: unknown) => live && onJoinFailed(e),
      );
    } else if (known !== null) {
      client.join(known).then(
        (room) => live && onJoined(room),
        () => {
          // Gone or not this visitor's any more: forget it; opening the chat starts afresh.
          storage()?.removeItem(key);
          if (live) setKnown(null);
        },
      );
    }
    return () => {
      live = false;
    };
  }, [started, open, roomId, known, key, client, onJoined, onJoinFailed]);

  const rejoin = () => {
    setError(null);
    client.join().then(onJoined, onJoinFailed);
  };

  return { roomId, error, rejoin };
}
