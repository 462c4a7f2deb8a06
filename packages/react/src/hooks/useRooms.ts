import type { ChatClient, ChatState } from "@switchboard/client";
import { ChatError } from "@switchboard/protocol";
import { useCallback, useEffect, useRef, useState } from "react";
import { useChatClient } from "../ChatProvider.tsx";
import { floorOf, lowerFloor, visibleRoomIds, type Floor, type RoomFilter } from "./roomOrder.ts";
import { sameItems, useClientSelector, useClientState } from "./useChatState.ts";

/** Rooms per `list-rooms` page. */
const PAGE = 30;

/** What {@link useRooms} returns. */
export interface AgentRooms {
  /** The rooms to list, in the server's order (newest activity first); each is `state.rooms[id]`. */
  roomIds: string[];
  /** `loading` until the first page arrived; `error` when it could not be read. */
  status: "loading" | "ready" | "error";
  /** The token was refused (sign in again), as opposed to a network or server fault. */
  authError: boolean;
  /** Older rooms exist below the loaded pages. */
  hasMore: boolean;
  /** A page asked for with `loadMore` is on its way. */
  loadingMore: boolean;
  /** Loads the next page (below the last room listed). */
  loadMore(): void;
}

/** Options of {@link useRooms}. */
export interface RoomsOptions {
  /** The signed-in agent's id, for `assigned: "me"`; default `client.identity.userId`. */
  me?: string;
}

interface Pages {
  key: string;
  status: AgentRooms["status"];
  authError: boolean;
  /** Where the loaded pages end (null: all loaded). */
  floor: Floor | null;
  hasMore: boolean;
  loadingMore: boolean;
}

const initial = (key: string): Pages => ({
  key,
  status: "loading",
  authError: false,
  floor: null,
  hasMore: false,
  loadingMore: false,
});

const page = (client: ChatClient, filter: RoomFilter, before?: string) =>
  client.listRooms({ ...filter, limit: PAGE, ...(before ? { before } : {}) });

/**
 * The pages of `list-rooms` loaded for a filter. The rooms go to the SDK's store, where
 * `room-updated` keeps them current; this only remembers how far down the pages reach.
 * The first page is read again after a reconnect (events may have been missed), keeping
 * the window as deep as it was.
 */
function useRoomPages(client: ChatClient, filter: RoomFilter) {
  const key = `${filter.status}:${filter.assigned}`;
  const [state, setState] = useState<Pages>(() => initial(key));
  if (state.key !== key) setState(initial(key)); // a new filter starts over
  const online = useClientState(client, (s) => s.connectionStatus === "online");
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

  const loadAfter = useCallback(
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
  return { ...state, loadAfter };
}

/**
 * An agent's room list: the pages of `list-rooms` for `filter`, loaded while online (the
 * first page again after each reconnect), and the store's rooms that belong in it, in the
 * server's order. Live changes come through the store (`room-updated`): nothing is
 * fetched again, and `roomIds` is a new array only when the order or membership changed,
 * so a list re-renders only then (render each row from `state.rooms[id]`).
 *
 * @param filter - Which rooms: `status` and `assigned`.
 * @param options - Who "me" is (default the signed-in user).
 * @returns The listed room ids, the loading state and `loadMore`.
 *
 * @example
 * ```tsx
 * const { roomIds, status, hasMore, loadMore } = useRooms({ status: "open", assigned: "me" });
 * ```
 */
export function useRooms(filter: RoomFilter, options: RoomsOptions = {}): AgentRooms {
  const client = useChatClient();
  const { loadAfter, key: _key, floor, ...pages } = useRoomPages(client, filter);
  const me = options.me ?? client.identity?.userId;
  const { status, assigned } = filter;
  const select = useCallback(
    (s: ChatState) => visibleRoomIds(s.rooms, { status, assigned }, me, floor),
    [status, assigned, me, floor],
  );
  const roomIds = useClientSelector(client, select, sameItems);
  const last = roomIds.at(-1);
  const loadMore = useCallback(() => loadAfter(last), [loadAfter, last]);
  return { ...pages, roomIds, loadMore };
}
