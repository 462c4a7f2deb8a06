import {
  ChatError,
  compareMessages,
  LIMITS,
  type ClientEventData,
  type ClientEventName,
  type Message,
  type MessagePage,
  type Room,
} from "@switchboard/protocol";
import { isLocal } from "./messages.ts";
import { StaleSyncError } from "./rpc.ts";
import type { ClientEventPayload } from "./transport.ts";
import type { ChatMessage, ChatStore } from "./types.ts";

/**
 * How far back from the newest held message the resync re-reads. Messages written at the
 * same time on the server can commit out of (createdAt, id) order by a few milliseconds,
 * so a message older than the newest one we saw may still appear after we saw it.
 */
export const RESYNC_WINDOW_MS = 5000;

/** Calls a client event and resolves with its `ack.data` (rejects on a coded error). */
export type Call = <E extends ClientEventName>(
  event: E,
  payload: ClientEventPayload<E>,
) => Promise<ClientEventData[E]>;

/** What {@link syncRoom} works with. */
export interface SyncDeps {
  store: ChatStore;
  call: Call;
  /** Each page merged (for delivery receipts). */
  onMessages?: (messages: readonly Message[]) => void;
  /** True when a newer connection superseded this sync: it stops. */
  stale?: () => boolean;
  /** Called as soon as the server answered the join (before the paging). */
  onJoined?: (room: Room) => void;
}

/**
 * Chooses where the resync pages `fetch-messages { after }` from, or null when the
 * join page alone is enough.
 *
 * The cursor is NOT simply the newest held message: concurrent sends can commit out of
 * (createdAt, id) order, so a message slightly older than the newest one held may have
 * been committed after we received that newest one (and while we were disconnected).
 * Hence the cursor is the newest held stored message at least {@link RESYNC_WINDOW_MS}
 * older than the newest held one, or, when every held message is inside that window,
 * the oldest held one. Paging `after` it re-reads the window (the overlap is deduped) and
 * fills any gap, however long, between what we hold and the present.
 *
 * No paging is needed when nothing is held (the join page is a fresh view, like a first
 * join; older messages come with `loadOlder`), or when the join page reaches back to the
 * cursor: the join page holds every message from its first one on at the time it was
 * read, and anything committed later is pushed to us as `new-message` (the server puts
 * the socket in the room before it reads the page).
 *
 * @param held - the room's stored messages held BEFORE the join, ascending
 * @param joinPage - the messages of the `join-chat` answer, ascending
 * @example
 * ```ts
 * const after = chooseResyncCursor(heldBefore, joined.messages);
 * if (after) await fetch("fetch-messages", { roomId, after, limit: 100 });
 * ```
 */
export function chooseResyncCursor(
  held: readonly Pick<Message, "id" | "createdAt">[],
  joinPage: readonly Pick<Message, "id" | "createdAt">[],
  windowMs: number = RESYNC_WINDOW_MS,
): string | null {
  const newest = held.at(-1);
  let cursor = held[0];
  if (!newest || !cursor) return null;
  const limit = Date.parse(newest.createdAt) - windowMs;
  for (let i = held.length - 1; i >= 0; i--) {
    const m = held[i]!;
    if (Date.parse(m.createdAt) <= limit) {
      cursor = m;
      break;
    }
  }
  const first = joinPage[0];
  if (!first || compareMessages(first, cursor) <= 0) return null;
  return cursor.id;
}

/**
 * Merges a history page (`join-chat` answer, `chat-history` event). It sets
 * `hasMoreBefore` only when the page reaches back to the oldest message held (else we
 * hold older ones, and the flag already describes what lies before those).
 *
 * @example
 * ```ts
 * socket.on("chat-history", (e) => mergeHistoryPage(store, e.roomId, e, heldBefore));
 * ```
 */
export function mergeHistoryPage(
  store: ChatStore,
  roomId: string,
  page: MessagePage,
  heldBefore: readonly Pick<Message, "id" | "createdAt">[],
): void {
  const first = page.messages[0];
  const oldest = heldBefore[0];
  const reaches = !oldest || (first !== undefined && compareMessages(first, oldest) <= 0);
  store.setMessages(roomId, page.messages, reaches ? { hasMoreBefore: page.hasMore } : undefined);
}

function stored(list: readonly ChatMessage[] | undefined): ChatMessage[] {
  return (list ?? []).filter((m) => !isLocal(m));
}

/**
 * Joins a room and brings its messages up to date with the database. When an earlier sync
 * of the room completed, it asks `join-chat { roomId, after: <the newest message held then> }`
 * (contract v2): the server answers only what came after it (nothing, and reads no message,
 * when nothing did), since within a room messages are written in (createdAt, id) order. Then
 * it pages `fetch-messages { after }` while `hasMore`. Otherwise (nothing held, or the
 * held message is gone from the server) it merges the plain join page and pages from
 * {@link chooseResyncCursor}. Used by `join()` and, after every connect, for every joined
 * room. Without `roomId` (customers) the server picks the customer's open room.
 *
 * With `rejoin` (the room was synced on an earlier connection) and no stored message
 * held, the room was empty when we last synced it: everything it holds now is new to us,
 * so it pages `before` back to the beginning. Without this, a message whose ACK was lost
 * and that the queue re-sends after the resync would come back as an old stored message
 * sitting above a hole in the list.
 *
 * @example
 * ```ts
 * const room = await syncRoom({ store, call }, roomId);
 * ```
 */
export async function syncRoom(
  deps: SyncDeps,
  roomId?: string,
  opts: { rejoin?: boolean } = {},
): Promise<Room> {
  const { store } = deps;
  // The state is immutable: this reference is a snapshot of what we held before the
  // join (the `chat-history` event may merge the join page before the ack arrives).
  const before = store.getState().messagesByRoom;
  const through = roomId ? syncedThroughOf(store).get(roomId) : undefined;
  const contiguous = through && stored(before[roomId!]).some((m) => m.id === through);
  const resumed = contiguous ? await joinAfter(deps, roomId!, through) : null;
  if (resumed) {
    checkStale(deps);
    deps.onJoined?.(resumed.room);
    store.upsertRoom(resumed.room);
    store.setMessages(resumed.room.id, resumed.messages);
    deps.onMessages?.(resumed.messages);
    const last = resumed.messages.at(-1);
    if (resumed.hasMore && last) await pageAfter(deps, resumed.room.id, last.id);
    markSynced(store, resumed.room.id);
    return resumed.room;
  }
  const joined = await deps.call("join-chat", roomId ? { roomId } : {});
  checkStale(deps);
  const { room } = joined;
  deps.onJoined?.(room);
  store.upsertRoom(room);
  const held = stored(before[room.id]);
  mergeHistoryPage(store, room.id, joined, held);
  deps.onMessages?.(joined.messages);
  const after = chooseResyncCursor(held, joined.messages);
  if (after) await pageAfter(deps, room.id, after);
  else if (opts.rejoin && held.length === 0 && joined.hasMore) {
    await pageBefore(deps, room.id, joined.messages[0]?.id);
  }
  markSynced(store, room.id);
  return room;
}

/**
 * Per store and room, the newest stored message held when the room's last sync completed:
 * everything up to it is held with no gap. Not the newest message held now: a send's ACK
 * adds the sender's own message while a failed resync may have left a gap before it, and
 * `after` that message would skip the gap for good.
 */
const syncedThrough = new WeakMap<ChatStore, Map<string, string>>();

function syncedThroughOf(store: ChatStore): Map<string, string> {
  let rooms = syncedThrough.get(store);
  if (!rooms) syncedThrough.set(store, (rooms = new Map()));
  return rooms;
}

function markSynced(store: ChatStore, roomId: string): void {
  const newest = stored(store.getState().messagesByRoom[roomId]).at(-1);
  if (newest) syncedThroughOf(store).set(roomId, newest.id);
}

/** `join-chat { roomId, after }`; null when the server no longer has that message. */
async function joinAfter(deps: SyncDeps, roomId: string, after: string) {
  try {
    return await deps.call("join-chat", { roomId, after });
  } catch (err) {
    if (err instanceof ChatError && err.code === "NOT_FOUND") {
      // The message is gone (erased) or the room is: the plain join decides which.
      return null;
    }
    throw err;
  }
}

function checkStale(deps: SyncDeps): void {
  if (deps.stale?.()) throw new StaleSyncError();
}

async function pageAfter(deps: SyncDeps, roomId: string, cursor: string): Promise<void> {
  for (let after: string | undefined = cursor; after;) {
    const page: MessagePage = await deps.call("fetch-messages", {
      roomId,
      after,
      limit: LIMITS.pageMax,
    });
    checkStale(deps);
    deps.store.setMessages(roomId, page.messages);
    deps.onMessages?.(page.messages);
    after = page.hasMore ? page.messages.at(-1)?.id : undefined;
  }
}

/**
 * Loads the page before the oldest stored message held (the last page when none is held)
 * and records whether more exist. Resolves with `hasMore`.
 *
 * @example
 * ```ts
 * const more = await fetchOlderPage({ store, call }, roomId);
 * ```
 */
export async function fetchOlderPage(deps: SyncDeps, roomId: string): Promise<boolean> {
  const oldest = stored(deps.store.getState().messagesByRoom[roomId])[0];
  const limit = LIMITS.pageDefault;
  const payload = oldest ? { roomId, before: oldest.id, limit } : { roomId, limit };
  const page = await deps.call("fetch-messages", payload);
  deps.store.setMessages(roomId, page.messages, { hasMoreBefore: page.hasMore });
  deps.onMessages?.(page.messages);
  return page.hasMore;
}

async function pageBefore(deps: SyncDeps, roomId: string, cursor?: string): Promise<void> {
  for (let before: string | undefined = cursor; before;) {
    const page: MessagePage = await deps.call("fetch-messages", {
      roomId,
      before,
      limit: LIMITS.pageMax,
    });
    checkStale(deps);
    deps.store.setMessages(roomId, page.messages, { hasMoreBefore: page.hasMore });
    deps.onMessages?.(page.messages);
    before = page.hasMore ? page.messages[0]?.id : undefined;
  }
}
