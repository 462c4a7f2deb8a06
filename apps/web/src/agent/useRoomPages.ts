import type { ChatClient } from "@switchboard/client";
import { ChatError } from "@switchboard/protocol";
import { useCallback, useEffect, useRef, useState } from "react";
import { useChatState } from "../lib/client.ts";
import { floorOf, lowerFloor, type Floor, type RoomFilter } from "./roomOrder.ts";

const PAGE = 30;

export interface RoomPages {
  status: "loading" | "ready" | "error";
  /** The token was refused (sign in again), as opposed to a network or server fault. */
  authError: boolean;
  /** Where the loaded pages end (null: all loaded). */
  floor: Floor | null;
  hasMore: boolean;
  loadingMore: boolean;
  /** Loads the page after `lastId` (the last room the list shows). */
  loadMore(lastId: string | undefined): void;
}

interface State {
  key: string;
  status: RoomPages["status"];
  authError: boolean;
  floor: Floor | null;
  hasMore: boolean;
  loadingMore: boolean;
}

const initial = (key: string): State => ({
  key,
  status: "loading",
  authError: false,
  floor: null,
  hasMore: false,
  loadingMore: false,
});

async function page(client: ChatClient, filter: RoomFilter, before?: string) {
  if (!client.listRooms) throw new Error("this client cannot list rooms");
  return client.listRooms({ ...filter, limit: PAGE, ...(before ? { before } : {}) });
}

/**
 * The pages of `list-rooms` loaded for a filter. The rooms go to the SDK's store, where
 * `room-updated` keeps them current; this only remembers how far down the pages reach.
 * The first page is read again after a reconnect (events may have been missed), keeping
 * the window as deep as it was.
 */
export function useRoomPages(client: ChatClient, filter: RoomFilter): RoomPages {
  const key = `${filter.status}:${filter.assigned}`;
  const [state, setState] = useState<State>(() => initial(key));
  if (state.key !== key) setState(initial(key)); // a new filter starts over
  const online = useChatState(client, (s) => s.connectionStatus === "online");
  const filterRef = useRef(filter);
  useEffect(() => {
    filterRef.current = filter;
  });

  useEffect(() => {
    if (!online) return;
    let live = true;
    page(client, filterRef.current).then(
      ({ rooms, hasMore }) => {
        const last = rooms.at(-1);
        const floor = hasMore && last ? floorOf(last) : null;
        if (!live) return;
        setState((s) => ({
          ...s,
          status: "ready",
          hasMore: s.status === "ready" ? s.hasMore || hasMore : hasMore,
          floor: s.status === "ready" && s.floor ? lowerFloor(s.floor, floor) : floor,
        }));
      },
      (e: unknown) => {
        console.warn("Switchboard: listing rooms failed", e);
        const authError = e instanceof ChatError && e.code === "UNAUTHORIZED";
        if (live) setState((s) => ({ ...s, status: "error", authError }));
      },
    );
    return () => {
      live = false;
    };
  }, [client, key, online]);

  const loadMore = useCallback(
    (lastId: string | undefined) => {
      if (!lastId) return;
      setState((s) => ({ ...s, loadingMore: true }));
      page(client, filterRef.current, lastId).then(
        ({ rooms, hasMore }) => {
          const last = rooms.at(-1);
          setState((s) => ({
            ...s,
            loadingMore: false,
            hasMore,
            floor: hasMore && last ? lowerFloor(s.floor, floorOf(last)) : null,
          }));
        },
        (e: unknown) => {
          console.warn("Switchboard: loading more rooms failed", e);
          setState((s) => ({ ...s, loadingMore: false }));
        },
      );
    },
    [client],
  );

  return { ...state, loadMore };
}
