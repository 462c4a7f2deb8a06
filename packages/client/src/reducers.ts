import type { Message, MessageStatusEvent, Room } from "@switchboard/protocol";
import { applyStatus, isLocal, mergeMessages } from "./messages.ts";
import type { ChatMessage, ChatState, ConnectionStatus } from "./types.ts";

/**
 * The state of a client that has done nothing yet: `idle`, no room, no message.
 *
 * @example
 * ```ts
 * const state = initialChatState(); // { connectionStatus: "idle", activeRoomId: null, ... }
 * ```
 */
export function initialChatState(): ChatState {
  return {
    connectionStatus: "idle",
    activeRoomId: null,
    rooms: {},
    messagesByRoom: {},
    hasMoreBefore: {},
  };
}

function withRoomMessages(
  state: ChatState,
  roomId: string,
  messages: readonly ChatMessage[],
): ChatState {
  return { ...state, messagesByRoom: { ...state.messagesByRoom, [roomId]: messages } };
}

/** One new `rooms` object for the whole batch, or the state itself when nothing changed. */
function upsertRooms(state: ChatState, rooms: readonly Room[]): ChatState {
  let next: Record<string, Room> | null = null;
  for (const room of rooms) {
    const held = (next ?? state.rooms)[room.id];
    // An older copy (e.g. a join answer overtaken by a `room-updated`) is ignored.
    if (held && (held.updatedAt > room.updatedAt || sameRoom(held, room))) continue;
    next ??= { ...state.rooms };
    next[room.id] = room;
  }
  return next ? { ...state, rooms: next } : state;
}

function sameRoom(a: object, b: object): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => (a as Record<string, unknown>)[k] === (b as Record<string, unknown>)[k]);
}

function setMessages(
  state: ChatState,
  roomId: string,
  messages: readonly Message[],
  opts?: { hasMoreBefore?: boolean },
): ChatState {
  const held = state.messagesByRoom[roomId];
  const next = mergeMessages(held ?? [], messages);
  const more = opts?.hasMoreBefore;
  const moreChanged = more !== undefined && state.hasMoreBefore[roomId] !== more;
  if (next === held && !moreChanged) return state;
  const merged = next === held ? state : withRoomMessages(state, roomId, next);
  return moreChanged
    ? { ...merged, hasMoreBefore: { ...state.hasMoreBefore, [roomId]: more } }
    : merged;
}

function applyMessageStatus(state: ChatState, event: MessageStatusEvent): ChatState {
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
}

/**
 * Every change the SDK makes to a {@link ChatState}, as pure functions: each returns a new
 * state (replacing only what changed: one room's message array, the `rooms` object, ...)
 * or the state itself when nothing changed, so subscribers can compare by reference. The
 * built-in store and the Redux adapter (`@switchboard/client/redux`) both apply these, so
 * the merge and dedupe rules are the same whatever holds the state. A host backing the state
 * with another library implements {@link ChatStore} with them.
 *
 * @example
 * ```ts
 * let state = initialChatState();
 * state = chatReducers.addMessage(state, message); // deduped by id and clientMessageId
 * state = chatReducers.setMessages(state, roomId, page.messages, { hasMoreBefore: page.hasMore });
 * ```
 */
export const chatReducers = {
  /** Sets the connection status. */
  setConnectionStatus(state: ChatState, connectionStatus: ConnectionStatus): ChatState {
    return state.connectionStatus === connectionStatus ? state : { ...state, connectionStatus };
  },
  /** Sets the room the UI shows. */
  setActiveRoom(state: ChatState, activeRoomId: string | null): ChatState {
    return state.activeRoomId === activeRoomId ? state : { ...state, activeRoomId };
  },
  /** Upserts rooms; a copy older (by `updatedAt`) than the one held is ignored. */
  upsertRooms,
  /** Adds or replaces one message (deduped by id and by clientMessageId). */
  addMessage(state: ChatState, message: ChatMessage | Message): ChatState {
    const held = state.messagesByRoom[message.roomId] ?? [];
    const next = mergeMessages(held, [message]);
    return next === held ? state : withRoomMessages(state, message.roomId, next);
  },
  /** Merges a page of stored messages into a room (deduped), keeping pending ones. */
  setMessages,
  /** Removes one message from a room's list (a queued copy that moved to another room). */
  removeMessage(state: ChatState, roomId: string, id: string): ChatState {
    const held = state.messagesByRoom[roomId];
    const next = held?.filter((m) => m.id !== id);
    return held && next && next.length !== held.length
      ? withRoomMessages(state, roomId, next)
      : state;
  },
  /** Applies a `message-status` event to the held messages it names; status only moves forward. */
  applyMessageStatus,
} as const;

/** Of `ids`, those whose held copy in the room is still `sent` (for delivery receipts). */
export function stillSent(state: ChatState, roomId: string, ids: string[]): string[] {
  const held = new Map((state.messagesByRoom[roomId] ?? []).map((m) => [m.id, m.status]));
  return ids.filter((id) => held.get(id) === "sent");
}

/** The stored (server-held) messages of a room, ascending. */
export function storedMessages(state: ChatState, roomId: string): ChatMessage[] {
  return (state.messagesByRoom[roomId] ?? []).filter((m) => !isLocal(m));
}
