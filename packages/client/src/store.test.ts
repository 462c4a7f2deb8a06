import type { Message, Room } from "@switchboard/protocol";
import { configureStore } from "@reduxjs/toolkit";
import { describe, expect, it } from "vitest";
import { chatSlice, createReduxChatStore } from "./redux.ts";
import { createChatStore } from "./store.ts";
import type { ChatMessage, ChatStore } from "./types.ts";

const ROOM = "a".repeat(24);
const OTHER = "b".repeat(24);

function msg(n: number, over: Partial<Message> = {}): Message {
  return {
    id: n.toString(16).padStart(24, "0"),
    roomId: ROOM,
    senderId: "u1",
    senderRole: "customer",
    clientMessageId: `c${n}`,
    content: `m${n}`,
    attachments: [],
    status: "sent",
    createdAt: new Date(Date.UTC(2025, 0, 1) + n * 1000).toISOString(),
    deliveredAt: null,
    readAt: null,
    ...over,
  };
}

function pending(cmid: string, over: Partial<ChatMessage> = {}): ChatMessage {
  return {
    ...msg(0, {
      id: `local:${cmid}`,
      clientMessageId: cmid,
      createdAt: "2025-01-01T09:00:00.000Z",
    }),
    localStatus: "pending",
    ...over,
  };
}

const ids = (list: readonly ChatMessage[] | undefined) => (list ?? []).map((m) => m.id);

/** The chat state in a host's Redux store, next to the host's own slice. */
function reduxChatStore(): ChatStore {
  const host = configureStore({
    reducer: {
      cart: (state: string[] = [], action: { type: string }) =>
        action.type === "cart/add" ? [...state, "item"] : state,
      [chatSlice.reducerPath]: chatSlice.reducer,
    },
  });
  return createReduxChatStore(host);
}

// The same rules whatever holds the state: both stores apply `chatReducers`.
describe.each([
  ["built-in store", () => createChatStore()],
  ["Redux store", reduxChatStore],
])("chat state in the %s", (_name, createChatStore: () => ChatStore) => {
  it("dedupes by id and keeps the state when nothing changed", () => {
    const store = createChatStore();
    store.addMessage(msg(1));
    const before = store.getState();
    store.addMessage(msg(1));
    expect(store.getState()).toBe(before);
    expect(store.getState().messagesByRoom[ROOM]).toHaveLength(1);
    expect(store.getState().messagesByRoom[ROOM]![0]!.localStatus).toBe("stored");
  });

  it("replaces a pending message with its stored twin, whichever arrives first", () => {
    for (const order of ["ack-first", "echo-first"]) {
      const store = createChatStore();
      store.addMessage(msg(1));
      store.addMessage(pending("x"));
      const stored = msg(2, { clientMessageId: "x" });
      store.addMessage(stored); // the ACK or the new-message echo
      store.addMessage(order === "ack-first" ? stored : { ...stored });
      const list = store.getState().messagesByRoom[ROOM]!;
      expect(ids(list), order).toEqual([msg(1).id, stored.id]);
      expect(list[1]!.localStatus).toBe("stored");
    }
  });

  it("never turns a stored message back into a pending or failed one", () => {
    const store = createChatStore();
    store.addMessage(msg(2, { clientMessageId: "x" }));
    store.addMessage(
      pending("x", { localStatus: "failed", error: { code: "INTERNAL", message: "" } }),
    );
    expect(store.getState().messagesByRoom[ROOM]).toMatchObject([
      { localStatus: "stored", id: msg(2).id },
    ]);
  });

  it("does not match another sender's message with the same clientMessageId", () => {
    const store = createChatStore();
    store.addMessage(pending("x", { senderId: "u1" }));
    store.addMessage(msg(2, { clientMessageId: "x", senderId: "someone-else" }));
    expect(store.getState().messagesByRoom[ROOM]).toHaveLength(2);
  });

  it("merges pages in ascending (createdAt, id) order with pending messages last", () => {
    const store = createChatStore();
    store.addMessage(pending("p1"));
    store.addMessage(msg(5));
    store.setMessages(ROOM, [msg(3), msg(4), msg(5)], { hasMoreBefore: true });
    store.setMessages(ROOM, [msg(1), msg(2), msg(3)], { hasMoreBefore: false });
    // Same createdAt: the id decides.
    const tie = msg(9, { createdAt: msg(4).createdAt });
    store.setMessages(ROOM, [tie, msg(6)]);
    const list = store.getState().messagesByRoom[ROOM]!;
    expect(ids(list)).toEqual(
      [msg(1), msg(2), msg(3), msg(4), tie, msg(5), msg(6)].map((m) => m.id).concat("local:p1"),
    );
    expect(store.getState().hasMoreBefore[ROOM]).toBe(false);
  });

  it("touches only the room that changed", () => {
    const store = createChatStore();
    store.addMessage(msg(1));
    store.addMessage(msg(1, { roomId: OTHER, id: "f".repeat(24) }));
    const before = store.getState();
    store.addMessage(msg(2));
    const after = store.getState();
    expect(after.messagesByRoom[OTHER]).toBe(before.messagesByRoom[OTHER]);
    expect(after.messagesByRoom[ROOM]).not.toBe(before.messagesByRoom[ROOM]);
    expect(before.messagesByRoom[ROOM]).toHaveLength(1); // the old array was not mutated
    expect(after.rooms).toBe(before.rooms);
    store.setMessages(ROOM, [msg(1), msg(2)]);
    expect(store.getState()).toBe(after);
  });

  it("moves the delivery status only forward", () => {
    const store = createChatStore();
    store.addMessage(msg(1));
    store.applyMessageStatus({
      roomId: ROOM,
      messageIds: [msg(1).id, "unknown"],
      status: "read",
      at: "2025-01-02T00:00:00.000Z",
    });
    expect(store.getState().messagesByRoom[ROOM]![0]).toMatchObject({
      status: "read",
      readAt: "2025-01-02T00:00:00.000Z",
      deliveredAt: "2025-01-02T00:00:00.000Z",
    });
    // A page read before the status change arrives after it: it does not move it back.
    store.setMessages(ROOM, [msg(1)]);
    expect(store.getState().messagesByRoom[ROOM]![0]!.status).toBe("read");
    const before = store.getState();
    store.applyMessageStatus({
      roomId: ROOM,
      messageIds: [msg(1).id],
      status: "delivered",
      at: "x",
    });
    expect(store.getState()).toBe(before);
  });

  it("creates an empty list for a room whose page is empty", () => {
    const store = createChatStore();
    store.setMessages(ROOM, [], { hasMoreBefore: false });
    expect(store.getState().messagesByRoom[ROOM]).toEqual([]);
    expect(store.getState().hasMoreBefore[ROOM]).toBe(false);
  });

  it("ignores an older copy of a room", () => {
    const store = createChatStore();
    const room: Room = {
      id: ROOM,
      customerId: "u1",
      adminId: null,
      status: "open",
      lastMessageAt: null,
      unreadCountCustomer: 0,
      unreadCountAdmin: 0,
      createdAt: "2025-01-01T00:00:00.000Z",
      updatedAt: "2025-01-01T00:00:02.000Z",
    };
    store.upsertRoom(room);
    store.upsertRoom({ ...room, adminId: "a1", updatedAt: "2025-01-01T00:00:01.000Z" });
    expect(store.getState().rooms[ROOM]!.adminId).toBeNull();
    store.upsertRoom({ ...room, adminId: "a1", updatedAt: "2025-01-01T00:00:03.000Z" });
    expect(store.getState().rooms[ROOM]!.adminId).toBe("a1");

    // A batch: one new rooms object, older copies skipped, nothing new keeps the state.
    const before = store.getState();
    const other = { ...room, id: OTHER };
    store.upsertRooms([{ ...room, adminId: null }, other]);
    expect(store.getState().rooms[ROOM]!.adminId).toBe("a1");
    expect(store.getState().rooms[OTHER]).toEqual(other);
    const after = store.getState();
    expect(after).not.toBe(before);
    store.upsertRooms([other]);
    expect(store.getState()).toBe(after);
  });

  it("removes one message, and keeps the state when it is not held", () => {
    const store = createChatStore();
    store.addMessage(pending("x"));
    store.addMessage(msg(1));
    const held = store.getState();
    store.removeMessage(ROOM, "local:nope");
    expect(store.getState()).toBe(held);
    store.removeMessage(ROOM, "local:x");
    expect(ids(store.getState().messagesByRoom[ROOM])).toEqual([msg(1).id]);
  });
});
