import type { ChatClient } from "@switchboard/client";
import type { Room } from "@switchboard/protocol";
import { useEffect, useState } from "react";
import { canListen, listen } from "../lib/client.ts";

/** Without live `room-updated` events (an SDK without `on`), the list is polled this often. */
const POLL_MS = 15_000;

export class AuthError extends Error {}

interface MaybeListRooms {
  listRooms?: (q: { status: "open"; limit: number }) => Promise<{ rooms: Room[] }>;
}

/**
 * Open rooms, newest activity first. Uses the SDK's `list-rooms` when it has a method for
 * it, otherwise the equivalent REST route with the same bearer token.
 */
export async function fetchOpenRooms(client: ChatClient, token: string): Promise<Room[]> {
  const sdk = (client as unknown as MaybeListRooms).listRooms;
  if (sdk) return (await sdk.call(client, { status: "open", limit: 100 })).rooms;
  const res = await fetch("/api/chat/rooms?status=open&limit=100", {
    headers: { Authorization: `Bearer ${token}` },
  });
  if (res.status === 401 || res.status === 403) throw new AuthError("token refused");
  if (!res.ok) throw new Error(`GET /api/chat/rooms answered ${res.status}`);
  return ((await res.json()) as { rooms: Room[] }).rooms;
}

export type RoomsState = { kind: "loading" } | { kind: "ready" } | { kind: "error"; auth: boolean };

/** Loads the open rooms into the store and keeps them current. */
export function useRoomFeed(client: ChatClient, token: string): RoomsState {
  const [state, setState] = useState<RoomsState>({ kind: "loading" });
  useEffect(() => {
    let cancelled = false;
    const upsert = (rooms: Room[]) => rooms.forEach((r) => client.store.getState().upsertRoom(r));
    const load = () =>
      fetchOpenRooms(client, token).then(
        (rooms) => {
          if (cancelled) return;
          upsert(rooms);
          setState({ kind: "ready" });
        },
        (e: unknown) => {
          if (cancelled) return;
          console.warn("Switchboard: listing rooms failed", e);
          setState({ kind: "error", auth: e instanceof AuthError });
        },
      );
    void load();
    // Every connected admin receives room-updated for every room change (contract).
    const off = listen(client, "room-updated", (room) => upsert([room]));
    const timer = canListen(client) ? 0 : window.setInterval(load, POLL_MS);
    return () => {
      cancelled = true;
      off();
      window.clearInterval(timer);
    };
  }, [client, token]);
  return state;
}

export const activityOf = (r: Room) => r.lastMessageAt ?? r.createdAt;

export const byActivity = (a: Room, b: Room) => (activityOf(a) < activityOf(b) ? 1 : -1);
