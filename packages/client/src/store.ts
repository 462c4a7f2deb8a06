import {
  compareMessages,
  MESSAGE_STATUS_RANK,
  type Message,
  type MessageStatusEvent,
  type Room,
} from "@switchboard/protocol";
import { createStore, type StoreApi } from "zustand/vanilla";
import type { ChatMessage, ChatState } from "./types.ts";

/** The id prefix of a queued message that has no stored id yet. */
export const LOCAL_ID_PREFIX = "local:";

/** Whether a message is one of ours that the server has not stored (yet). */
export function isLocal(m: Pick<ChatMessage, "localStatus">): boolean {
  return m.localStatus !== "stored";
}

function toChatMessage(m: ChatMessage | Message): ChatMessage {
  return "localStatus" in m ? (m as ChatMessage) : { ...m, localStatus: "stored" };
}

/** Stored first, by (createdAt, id); then pending/failed ones, by (createdAt, id). */
function compareChatMessages(a: ChatMessage, b: ChatMessage): number {
  const la = isLocal(a) ? 1 : 0;
  const lb = isLocal(b) ? 1 : 0;
  return la !== lb ? la - lb : compareMessages(a, b);
}

/**
 * Whether two messages are the same send. The `clientMessageId` is unique per sender;
 * a local message whose sender is not known yet (`senderId === ""`) matches any sender.
 */
function sameSend(a: ChatMessage, b: ChatMessage): boolean {
  if (!a.clientMessageId || a.clientMessageId !== b.clientMessageId) return false;
  return a.senderId === b.senderId || a.senderId === "" || b.senderId === "";
}

function firstTime(a: string | null, b: string | null): string | null {
  return a ?? b;
}

/**
 * Merges a newer copy of a message into the held one. A stored message is never turned
 * back into a local one, and the delivery status only moves forward (a page read before
 * a `message-status` event may arrive after it).
 */
function mergeOne(held: ChatMessage, incoming: ChatMessage): ChatMessage {
  if (!isLocal(held) && isLocal(incoming)) return held;
  if (isLocal(incoming)) return sameMessage(held, incoming) ? held : incoming;
  const forward = MESSAGE_STATUS_RANK[incoming.status] >= MESSAGE_STATUS_RANK[held.status];
  const merged: ChatMessage = {
    ...incoming,
    localStatus: "stored",
    status: forward ? incoming.status : held.status,
    deliveredAt: firstTime(incoming.deliveredAt, isLocal(held) ? null : held.deliveredAt),
    readAt: firstTime(incoming.readAt, isLocal(held) ? null : held.readAt),
  };
  delete merged.error;
  return sameMessage(held, merged) ? held : merged;
}

/** Shallow equality of everything the UI renders; keeps references stable for memoisation. */
function sameMessage(a: ChatMessage, b: ChatMessage): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof ChatMessage>;
  for (const k of keys) {
    if (k === "attachments" || k === "error") continue;
    if (a[k] !== b[k]) return false;
  }
  return (
    a.error?.code === b.error?.code &&
    a.error?.message === b.error?.message &&
    JSON.stringify(a.attachments) === JSON.stringify(b.attachments)
  );
}

/**
 * Merges messages into a room's list: deduped by `id` and by `clientMessageId`, sorted
 * (stored ones by `compareMessages`, local ones after them). Returns `held` itself when
 * nothing changed, so subscribers can compare by reference.
 *
 * @example
 * ```ts
 * const next = mergeMessages(state.messagesByRoom[roomId] ?? [], page.messages);
 * ```
 */
export function mergeMessages(
  held: readonly ChatMessage[],
  incoming: readonly (ChatMessage | Message)[],
): readonly ChatMessage[] {
  const list = held.slice();
  const byId = new Map(list.map((m, i) => [m.id, i]));
  const byCmid = new Map<string, number[]>();
  const indexCmid = (m: ChatMessage, i: number) => {
    if (m.clientMessageId)
      byCmid.set(m.clientMessageId, [...(byCmid.get(m.clientMessageId) ?? []), i]);
  };
  list.forEach(indexCmid);
  let changed = false;
  for (const raw of incoming) {
    const m = toChatMessage(raw);
    const i = byId.get(m.id) ?? byCmid.get(m.clientMessageId)?.find((j) => sameSend(list[j]!, m));
    if (i === undefined) {
      byId.set(m.id, list.length);
      indexCmid(m, list.length);
      list.push(m);
      changed = true;
      continue;
    }
    const merged = mergeOne(list[i]!, m);
    if (merged !== list[i]) {
      byId.set(merged.id, i);
      list[i] = merged;
      changed = true;
    }
  }
  if (!changed) return held;
  // TimSort: a sorted list plus a few new items sorts in about linear time.
  return list.sort(compareChatMessages);
}

function withRoomMessages(
  state: ChatState,
  roomId: string,
  messages: readonly ChatMessage[],
): Pick<ChatState, "messagesByRoom"> {
  return { messagesByRoom: { ...state.messagesByRoom, [roomId]: messages as ChatMessage[] } };
}

function applyStatus(m: ChatMessage, e: MessageStatusEvent): ChatMessage {
  if (MESSAGE_STATUS_RANK[e.status] <= MESSAGE_STATUS_RANK[m.status]) return m;
  return {
    ...m,
    status: e.status,
    deliveredAt: m.deliveredAt ?? e.at,
    readAt: e.status === "read" ? (m.readAt ?? e.at) : m.readAt,
  };
}

type SetState = StoreApi<ChatState>["setState"];

function messageActions(set: SetState) {
  return {
    addMessage(message: ChatMessage | Message) {
      set((state) => {
        const held = state.messagesByRoom[message.roomId] ?? [];
        const next = mergeMessages(held, [message]);
        return next === held ? state : withRoomMessages(state, message.roomId, next);
      });
    },
    setMessages(roomId: string, messages: Message[], opts?: { hasMoreBefore?: boolean }) {
      set((state) => {
        const held = state.messagesByRoom[roomId];
        const next = mergeMessages(held ?? [], messages);
        const more = opts?.hasMoreBefore;
        const moreChanged = more !== undefined && state.hasMoreBefore[roomId] !== more;
        if (next === held && !moreChanged) return state;
        return {
          ...(next === held ? {} : withRoomMessages(state, roomId, next)),
          ...(moreChanged ? { hasMoreBefore: { ...state.hasMoreBefore, [roomId]: more } } : {}),
        };
      });
    },
    removeMessage(roomId: string, id: string) {
      set((state) => {
        const held = state.messagesByRoom[roomId];
        const next = held?.filter((m) => m.id !== id);
        return held && next && next.length !== held.length
          ? withRoomMessages(state, roomId, next)
          : state;
      });
    },
    applyMessageStatus(event: MessageStatusEvent) {
      set((state) => {
        const held = state.messagesByRoom[event.roomId];
        if (!held) return state;
        const ids = new Set(event.messageIds);
        let changed = false;
        const next = held.map((m) => {
          const updated = ids.has(m.id) ? applyStatus(m, event) : m;
          changed ||= updated !== m;
          return updated;
        });
        return changed ? withRoomMessages(state, event.roomId, next) : state;
      });
    },
  };
}

/**
 * Creates the SDK's state container: a vanilla zustand store (no React needed), usable
 * with `useStore(store, selector)` from `zustand` in React and React Native.
 *
 * Updates are immutable and structural: a change to one room replaces that room's
 * message array and nothing else, and a change that changes nothing keeps the state as is.
 *
 * @example
 * ```ts
 * const store = createChatStore();
 * store.getState().addMessage(message);
 * const unsubscribe = store.subscribe((s) => render(s.messagesByRoom[roomId] ?? []));
 * ```
 */
export function createChatStore(): StoreApi<ChatState> {
  return createStore<ChatState>()((set) => ({
    connectionStatus: "idle",
    activeRoomId: null,
    rooms: {},
    messagesByRoom: {},
    hasMoreBefore: {},
    setConnectionStatus: (connectionStatus) =>
      set((s) => (s.connectionStatus === connectionStatus ? s : { connectionStatus })),
    setActiveRoom: (activeRoomId) =>
      set((s) => (s.activeRoomId === activeRoomId ? s : { activeRoomId })),
    upsertRoom: (room) => set((s) => mergeRooms(s, [room])),
    upsertRooms: (rooms) => set((s) => mergeRooms(s, rooms)),
    ...messageActions(set),
  }));
}

/** One new `rooms` object for the whole batch, or the state itself when nothing changed. */
function mergeRooms(s: ChatState, rooms: readonly Room[]): ChatState | Pick<ChatState, "rooms"> {
  let next: Record<string, Room> | null = null;
  for (const room of rooms) {
    const held = (next ?? s.rooms)[room.id];
    // An older copy (e.g. a join answer overtaken by a `room-updated`) is ignored.
    if (held && (held.updatedAt > room.updatedAt || sameRoom(held, room))) continue;
    next ??= { ...s.rooms };
    next[room.id] = room;
  }
  return next ? { rooms: next } : s;
}

function sameRoom(a: object, b: object): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => (a as Record<string, unknown>)[k] === (b as Record<string, unknown>)[k]);
}

/** Of `ids`, those whose held copy in the room is still `sent` (for delivery receipts). */
export function stillSent(state: ChatState, roomId: string, ids: string[]): string[] {
  const held = new Map((state.messagesByRoom[roomId] ?? []).map((m) => [m.id, m.status]));
  return ids.filter((id) => held.get(id) === "sent");
}

/** The stored (server-held) messages of a room, ascending. */
export function storedMessages(state: ChatState, roomId: string): ChatMessage[] {
  return (state.messagesByRoom[roomId] ?? []).filter((m) => !isLocal(m));
}
