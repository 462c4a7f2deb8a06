// The Redux Toolkit adapter with a real configureStore: the host owns the slice, the SDK's
// engine writes to it through the adapter, and the host reads it like any other slice.
import { configureStore, createSlice } from "@reduxjs/toolkit";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { dbView, settle, view } from "../test/unit.ts";
import { chatActions, chatReducer, createChatSlice, createReduxChatStore } from "./redux.ts";
import { createFakeChatClient, FakeServer } from "./testing/index.ts";
import type { ChatState } from "./types.ts";

/** A host app's own slice, to show the chat's state sits beside it. */
const cart = createSlice({
  name: "cart",
  initialState: { items: [] as string[] },
  reducers: { add: (s, a: { payload: string }) => void s.items.push(a.payload) },
});

function hostStore() {
  return configureStore({ reducer: { cart: cart.reducer, support: chatReducer } });
}
type HostState = ReturnType<ReturnType<typeof hostStore>["getState"]>;
const selectChat = (s: HostState) => s.support;

let server: FakeServer;
beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse("2025-01-01T00:00:00.000Z") });
  server = new FakeServer();
});
afterEach(() => vi.useRealTimers());

describe("createReduxChatStore", () => {
  it("reads the slice where the host put it, and notifies only when it changed", () => {
    const host = hostStore();
    const store = createReduxChatStore(host, { select: selectChat });
    expect(store.getState()).toBe(host.getState().support);
    const seen: [ChatState, ChatState][] = [];
    const off = store.subscribe((state, previous) => seen.push([state, previous]));
    host.dispatch(cart.actions.add("socks")); // the host's own action
    store.setConnectionStatus("idle"); // no change
    expect(seen).toEqual([]);
    const before = store.getState();
    store.setConnectionStatus("online");
    expect(seen).toHaveLength(1);
    expect(seen[0]![1]).toBe(before);
    expect(seen[0]![0]).toBe(host.getState().support);
    expect(host.getState().support.connectionStatus).toBe("online");
    off();
    store.setConnectionStatus("offline");
    expect(seen).toHaveLength(1);
  });

  it("dispatches the slice's actions, and the host can dispatch them too", () => {
    const host = hostStore();
    const actions: string[] = [];
    const store = createReduxChatStore(
      { ...host, dispatch: (a) => (actions.push(a.type), host.dispatch(a)) },
      { select: selectChat },
    );
    store.setActiveRoom("r1");
    expect(actions).toEqual(["chat/setActiveRoom"]);
    host.dispatch(chatActions.setActiveRoom("r2")); // e.g. the host's router
    expect(store.getState().activeRoomId).toBe("r2");
  });

  it("finds a named slice at its reducerPath, and says so when the slice is missing", () => {
    const named = createChatSlice("helpdesk");
    const host = configureStore({ reducer: { [named.reducerPath]: named.reducer } });
    const store = createReduxChatStore(host, { slice: named });
    store.setConnectionStatus("online");
    expect(host.getState().helpdesk.connectionStatus).toBe("online");
    expect(() => createReduxChatStore(hostStore())).toThrow(/no chat state at "chat"/);
  });

  it("carries a whole conversation: a client on the host's Redux store and the fake server", async () => {
    const host = hostStore();
    const { client, socket } = createFakeChatClient(server, {
      userId: "u1",
      role: "customer",
      store: createReduxChatStore(host, { select: selectChat }),
    });
    const agent = createFakeChatClient(server, { userId: "a1", role: "admin" });
    client.connect();
    socket.goOnline();
    agent.client.connect();
    agent.socket.goOnline();
    const room = await client.join();
    await agent.client.join(room.id);
    expect(host.getState().support.activeRoomId).toBe(room.id);

    // A send: pending at once, replaced in place by the ACK (same clientMessageId).
    const pending = client.send(room.id, "Where is my order?");
    expect(host.getState().support.messagesByRoom[room.id]).toMatchObject([
      { id: pending.id, localStatus: "pending" },
    ]);
    await settle();
    const [stored] = server.roomMessages(room.id);
    expect(host.getState().support.messagesByRoom[room.id]).toMatchObject([
      { id: stored!.id, clientMessageId: pending.clientMessageId, localStatus: "stored" },
    ]);

    // The agent reads it (status forward to read) and answers.
    await agent.client.markRead(room.id);
    server.store(room.id, "a1", "admin", "On its way.");
    await settle();
    await vi.advanceTimersByTimeAsync(100); // the customer's delivery receipt batch
    await settle();
    expect(view(client, room.id)).toEqual(dbView(server, room.id));
    const held = host.getState().support.messagesByRoom[room.id]!;
    expect(held.map((m) => [m.content, m.status])).toEqual([
      ["Where is my order?", "read"],
      ["On its way.", "delivered"],
    ]);
    expect(host.getState().cart.items).toEqual([]); // the host's slice untouched

    // A reconnect resyncs into the same slice, without doubles.
    socket.drop();
    server.store(room.id, "a1", "admin", "Tracking: 123");
    socket.goOnline();
    await settle();
    expect(view(client, room.id)).toEqual(dbView(server, room.id));
    expect(host.getState().support.connectionStatus).toBe("online");
  });
});
