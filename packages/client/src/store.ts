import { chatReducers, initialChatState } from "./reducers.ts";
import type { ChatState, ChatStore, ChatStoreListener } from "./types.ts";

/**
 * Creates the SDK's built-in state container (the default of `createChatClient`): plain
 * JavaScript, no React or state library needed. Its actions apply {@link chatReducers},
 * so updates are immutable and structural: a change to one room replaces that room's
 * message array and nothing else, and an action that changes nothing notifies no one.
 *
 * Read it in React with `useSyncExternalStore(store.subscribe, () => select(store.getState()))`.
 *
 * @param initial - the first state; default {@link initialChatState}
 * @example
 * ```ts
 * const store = createChatStore();
 * const unsubscribe = store.subscribe((state, previous) => {
 *   if (state.messagesByRoom[roomId] !== previous.messagesByRoom[roomId]) render(state);
 * });
 * store.addMessage(message);
 * ```
 */
export function createChatStore(initial: ChatState = initialChatState()): ChatStore {
  let state = initial;
  const listeners = new Set<ChatStoreListener>();
  const apply = (next: ChatState) => {
    if (next === state) return;
    const previous = state;
    state = next;
    for (const listener of [...listeners]) listener(next, previous);
  };
  const r = chatReducers;
  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    setConnectionStatus: (status) => apply(r.setConnectionStatus(state, status)),
    setActiveRoom: (roomId) => apply(r.setActiveRoom(state, roomId)),
    upsertRoom: (room) => apply(r.upsertRooms(state, [room])),
    upsertRooms: (rooms) => apply(r.upsertRooms(state, rooms)),
    addMessage: (message) => apply(r.addMessage(state, message)),
    setMessages: (roomId, messages, opts) => apply(r.setMessages(state, roomId, messages, opts)),
    removeMessage: (roomId, id) => apply(r.removeMessage(state, roomId, id)),
    applyMessageStatus: (event) => apply(r.applyMessageStatus(state, event)),
  };
}
