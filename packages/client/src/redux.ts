/**
 * Redux Toolkit adapter of the Switchboard client SDK: the chat's state as a slice of the
 * host's own Redux store. The host adds the slice's reducer under a key of its choosing and
 * hands the client a {@link ChatStore} over its store; the client then dispatches the
 * slice's actions (visible in Redux DevTools) and the host's selectors read the state like
 * any other slice. The merge and dedupe rules are the SDK's own `chatReducers`, the same
 * code as the built-in store. Needs `@reduxjs/toolkit` 2 (an optional peer dependency).
 *
 * @example
 * ```ts
 * import { configureStore } from "@reduxjs/toolkit";
 * import { createChatClient } from "@switchboard/client";
 * import { chatSlice, createReduxChatStore } from "@switchboard/client/redux";
 *
 * export const store = configureStore({
 *   reducer: { cart: cartReducer, [chatSlice.reducerPath]: chatSlice.reducer },
 * });
 * export const chat = createChatClient({ url, getToken, store: createReduxChatStore(store) });
 * // anywhere: useSelector((s: RootState) => s.chat.connectionStatus)
 * ```
 *
 * @packageDocumentation
 */
import {
  createSlice,
  isDraft,
  original,
  type PayloadAction,
  type UnknownAction,
} from "@reduxjs/toolkit";
import type { Message, MessageStatusEvent, Room } from "@switchboard/protocol";
import { chatReducers as r, initialChatState } from "./reducers.ts";
import type {
  ChatMessage,
  ChatState,
  ChatStore,
  ChatStoreListener,
  ConnectionStatus,
} from "./types.ts";

/**
 * The state as it was before this action. The SDK's reducers return new objects and never
 * mutate, so they run on the plain (frozen) state, not on Immer's draft: Immer then has
 * only the new objects to freeze, and a change to one room costs what it costs elsewhere.
 */
function base(state: ChatState): ChatState {
  return isDraft(state) ? (original(state as never) as ChatState) : state;
}

/**
 * Makes the chat slice. Its state is a {@link ChatState} (`connectionStatus`,
 * `activeRoomId`, `rooms`, `messagesByRoom`, `hasMoreBefore`); its actions are the
 * {@link ChatStore} actions, with object payloads. `name` is the actions' prefix and the
 * `reducerPath` where {@link createReduxChatStore} looks for the state by default.
 *
 * @param name - default `"chat"`
 * @example
 * ```ts
 * const supportChat = createChatSlice("supportChat");
 * const store = configureStore({ reducer: { [supportChat.reducerPath]: supportChat.reducer } });
 * const chatStore = createReduxChatStore(store, { slice: supportChat });
 * ```
 */
export function createChatSlice<Name extends string = "chat">(name: Name = "chat" as Name) {
  return createSlice({
    name,
    initialState: initialChatState,
    reducers: {
      /** Sets `connectionStatus` (see {@link ChatStore.setConnectionStatus}). */
      setConnectionStatus: (s, a: PayloadAction<ConnectionStatus>) =>
        r.setConnectionStatus(base(s), a.payload),
      /** Sets `activeRoomId` (see {@link ChatStore.setActiveRoom}). */
      setActiveRoom: (s, a: PayloadAction<string | null>) => r.setActiveRoom(base(s), a.payload),
      /** Upserts rooms, ignoring older copies (see {@link ChatStore.upsertRooms}). */
      upsertRooms: (s, a: PayloadAction<readonly Room[]>) => r.upsertRooms(base(s), a.payload),
      /** Adds or replaces one message (see {@link ChatStore.addMessage}). */
      addMessage: (s, a: PayloadAction<ChatMessage | Message>) => r.addMessage(base(s), a.payload),
      /** Merges a page of stored messages into a room (see {@link ChatStore.setMessages}). */
      setMessages: (
        s,
        a: PayloadAction<{ roomId: string; messages: readonly Message[]; hasMoreBefore?: boolean }>,
      ) => {
        const { roomId, messages, hasMoreBefore } = a.payload;
        const opts = hasMoreBefore === undefined ? undefined : { hasMoreBefore };
        return r.setMessages(base(s), roomId, messages, opts);
      },
      /** Removes one message from a room's list (see {@link ChatStore.removeMessage}). */
      removeMessage: (s, a: PayloadAction<{ roomId: string; id: string }>) =>
        r.removeMessage(base(s), a.payload.roomId, a.payload.id),
      /** Applies a `message-status` event (see {@link ChatStore.applyMessageStatus}). */
      applyMessageStatus: (s, a: PayloadAction<MessageStatusEvent>) =>
        r.applyMessageStatus(base(s), a.payload),
    },
  });
}

/** A slice made by {@link createChatSlice}. */
export type ChatSlice<Name extends string = string> = ReturnType<typeof createChatSlice<Name>>;

/** The default chat slice: `name` and `reducerPath` `"chat"`. */
export const chatSlice: ChatSlice<"chat"> = createChatSlice();

/** The actions of {@link chatSlice}, e.g. `chatActions.setActiveRoom(roomId)` from a router. */
export const chatActions = chatSlice.actions;

/** The reducer of {@link chatSlice}: add it to the host's store, under `"chat"` or another key. */
export const chatReducer = chatSlice.reducer;

/** The part of a Redux store the adapter uses; any Redux (Toolkit) store is one. */
export interface ReduxStoreLike<S> {
  /** The store's whole state. */
  getState(): S;
  /** Calls `listener` after every dispatch; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** Dispatches an action. */
  dispatch(action: UnknownAction): unknown;
}

/** Options of {@link createReduxChatStore}. */
export interface ReduxChatStoreOptions<S> {
  /** The slice whose actions are dispatched. Default {@link chatSlice}. */
  slice?: ChatSlice;
  /**
   * Where the chat's state is in the host's state. Default: at the slice's `reducerPath`
   * (`state.chat` for {@link chatSlice}); give it when the reducer is under another key.
   */
  select?: (state: S) => ChatState;
}

/**
 * A {@link ChatStore} over a host's Redux store, for `createChatClient({ store })`:
 * `getState` selects the chat's slice, `subscribe` calls its listener only when that slice
 * changed (with the slice before), and each action dispatches the slice's action.
 *
 * @throws Error when the slice's state is not in the store where `select` looks
 * @example
 * ```ts
 * const store = configureStore({ reducer: { support: chatReducer, user: userReducer } });
 * const chatStore = createReduxChatStore(store, { select: (s) => s.support });
 * const client = createChatClient({ url, getToken, store: chatStore });
 * ```
 */
export function createReduxChatStore<S>(
  store: ReduxStoreLike<S>,
  options: ReduxChatStoreOptions<S> = {},
): ChatStore {
  const slice = options.slice ?? chatSlice;
  const select = options.select ?? ((s: S) => (s as Record<string, ChatState>)[slice.reducerPath]!);
  const read = () => select(store.getState());
  if (!read()) {
    throw new Error(
      `switchboard: no chat state at "${slice.reducerPath}" of the Redux store: add the slice's ` +
        "reducer there, or pass `select`",
    );
  }
  const a = slice.actions;
  const dispatch = (action: UnknownAction) => void store.dispatch(action);
  return {
    getState: read,
    subscribe(listener: ChatStoreListener) {
      let last = read();
      return store.subscribe(() => {
        const next = read();
        if (next === last) return;
        const previous = last;
        last = next;
        listener(next, previous);
      });
    },
    setConnectionStatus: (status) => dispatch(a.setConnectionStatus(status)),
    setActiveRoom: (roomId) => dispatch(a.setActiveRoom(roomId)),
    upsertRoom: (room) => dispatch(a.upsertRooms([room])),
    upsertRooms: (rooms) => dispatch(a.upsertRooms(rooms)),
    addMessage: (message) => dispatch(a.addMessage(message)),
    setMessages: (roomId, messages, opts) => dispatch(a.setMessages({ roomId, messages, ...opts })),
    removeMessage: (roomId, id) => dispatch(a.removeMessage({ roomId, id })),
    applyMessageStatus: (event) => dispatch(a.applyMessageStatus(event)),
  };
}
