import type { ChatClient, ChatState } from "@switchboard/client";
import { ChatError, LIMITS } from "@switchboard/protocol";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
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
  /** With a search: the rooms its pages answered. */
  found: ReadonlySet<string> | undefined;
}

const initial = (key: string, searching: boolean): Pages => ({
  key,
  status: "loading",
  authError: false,
  floor: null,
  hasMore: false,
  loadingMore: false,
  found: searching ? new Set() : undefined,
});

/** The search text as the server takes it: trimmed, and none under 2 characters. */
function searchOf(filter: RoomFilter): string | undefined {
  const q = filter.q?.trim();
  return q && q.length >= LIMITS.searchQueryMinLength ? q : undefined;
}

/** The filter as `list-rooms` takes it: no empty label, no search too short to run. */
function normalized(filter: RoomFilter): RoomFilter {
  const q = searchOf(filter);
  return {
    status: filter.status,
    assigned: filter.assigned,
    ...(filter.label ? { label: filter.label } : {}),
    ...(q ? { q } : {}),
  };
}

const page = (client: ChatClient, filter: RoomFilter, before?: string) =>
  client.listRooms({ ...filter, limit: PAGE, ...(before ? { before } : {}) });

const withFound = (found: ReadonlySet<string> | undefined, ids: string[], reset: boolean) =>
  found && new Set([...(reset ? [] : found), ...ids]);

/**
 * The pages of `list-rooms` loaded for a filter. The rooms go to the SDK's store, where
 * `room-updated` keeps them current; this only remembers how far down the pages reach.
 * The first page is read again after a reconnect (events may have been missed), keeping
 * the window as deep as it was.
 */
function useRoomPages(client: ChatClient, filter: RoomFilter) {
  const key = JSON.stringify(filter);
  const [state, setState] = useState<Pages>(() => initial(key, !!filter.q));
  if (state.key !== key) setState(initial(key, !!filter.q)); // a new filter starts over
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
          // A search read again (a reconnect) answers anew: what matched before may not.
          found: withFound(
            s.found,
            rooms.map((r) => r.id),
            s.status !== "ready" || !s.floor,
          ),
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
            found: withFound(
              s.found,
              rooms.map((r) => r.id),
              false,
            ),
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
 * @param filter - Which rooms: `status`, `assigned`, and (contract v2) `label` and `q` (a
 *   search: the rooms the server found, which stay current but are not joined by new ones).
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
  const { status, assigned, label } = filter;
  const q = searchOf(filter);
  const wanted = useMemo(
    () => normalized({ status, assigned, label, q }),
    [status, assigned, label, q],
  );
  const { loadAfter, key: _key, floor, found, ...pages } = useRoomPages(client, wanted);
  const me = options.me ?? client.identity?.userId;
  const select = useCallback(
    (s: ChatState) => visibleRoomIds(s.rooms, wanted, me, floor, found),
    [wanted, me, floor, found],
  );
  const roomIds = useClientSelector(client, select, sameItems);
  const last = roomIds.at(-1);
  const loadMore = useCallback(() => loadAfter(last), [loadAfter, last]);
  return { ...pages, roomIds, loadMore };
}
