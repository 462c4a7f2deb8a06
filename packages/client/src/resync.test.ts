import type { Message } from "@switchboard/protocol";
import { beforeEach, describe, expect, it } from "vitest";
import { FakeServer, FakeSocketService } from "./testing/index.ts";
import { chooseResyncCursor, RESYNC_WINDOW_MS, syncRoom, type SyncDeps } from "./resync.ts";
import { Rpc } from "./rpc.ts";
import { storedMessages } from "./reducers.ts";
import { createChatStore } from "./store.ts";
import type { ClientEventPayload } from "./transport.ts";

const T0 = Date.parse("2025-01-01T00:00:00.000Z");

/** Messages at the given offsets (ms) from T0, ids ascending. */
function at(...offsets: number[]): Pick<Message, "id" | "createdAt">[] {
  return offsets.map((ms, i) => ({
    id: (i + 1).toString(16).padStart(24, "0"),
    createdAt: new Date(T0 + ms).toISOString(),
  }));
}

describe("chooseResyncCursor", () => {
  it("needs no paging when nothing was held (the join page is a fresh view)", () => {
    expect(chooseResyncCursor([], at(0, 1, 2))).toBeNull();
  });

  it("starts from the newest held message at least 5 s older than the newest held one", () => {
    const held = at(0, 1000, 2000, 7000, 9000, 12_000);
    // newest 12 s: candidates are at <= 7 s, the newest of them is at 7 s (not 12 s!).
    const joinPage = [{ id: "f".repeat(24), createdAt: new Date(T0 + 60_000).toISOString() }];
    expect(chooseResyncCursor(held, joinPage)).toBe(held[3]!.id);
    expect(RESYNC_WINDOW_MS).toBe(5000);
  });

  it("takes exactly 5 s as old enough", () => {
    const held = at(0, 5000);
    const joinPage = [{ id: "f".repeat(24), createdAt: new Date(T0 + 60_000).toISOString() }];
    expect(chooseResyncCursor(held, joinPage)).toBe(held[0]!.id);
  });

  it("starts from the oldest held message when all held ones are inside the window", () => {
    const held = at(0, 100, 4999);
    const joinPage = [{ id: "f".repeat(24), createdAt: new Date(T0 + 60_000).toISOString() }];
    expect(chooseResyncCursor(held, joinPage)).toBe(held[0]!.id);
  });

  it("skips the paging when the join page reaches back to the cursor", () => {
    const held = at(0, 1000, 7000, 12_000);
    expect(chooseResyncCursor(held, held.slice(1))).toBeNull(); // page starts before the 7 s cursor
    expect(chooseResyncCursor(held, held.slice(2))).toBeNull(); // page starts at the cursor
    expect(chooseResyncCursor(held, held.slice(3))).toBe(held[2]!.id); // page starts after it
    expect(chooseResyncCursor(held, [])).toBeNull(); // the room holds nothing
  });
});

describe("syncRoom", () => {
  let server: FakeServer;
  let socket: FakeSocketService;
  let store: ReturnType<typeof createChatStore>;
  let deps: SyncDeps;

  const noHooks = { onStatus() {}, onConnect() {}, onDisconnect() {} };
  const held = (roomId: string) => storedMessages(store.getState(), roomId).map((m) => m.id);
  const inDb = (roomId: string) => server.roomMessages(roomId).map((m) => m.id);

  beforeEach(() => {
    server = new FakeServer();
    socket = new FakeSocketService(noHooks, server, "u1", "customer");
    socket.goOnline();
    store = createChatStore();
    const rpc = new Rpc(socket, 10_000);
    deps = { store, call: (e, p) => rpc.call(e, p as ClientEventPayload<typeof e>) };
  });

  /** A new connection: a fresh socket is in no room. */
  function reconnect() {
    socket.drop();
    socket.goOnline();
  }

  it("joins, merges the last page and records hasMoreBefore", async () => {
    const room = server.createRoom("u1");
    for (let i = 0; i < 60; i++) server.store(room.id, "a1", "admin", `m${i}`);
    await syncRoom(deps, room.id);
    expect(held(room.id)).toEqual(inDb(room.id).slice(-50));
    expect(store.getState().hasMoreBefore[room.id]).toBe(true);
    expect(store.getState().rooms[room.id]).toEqual(room);
  });

  it("fills a gap of any length after a reconnect, page by page", async () => {
    const room = server.createRoom("u1");
    for (let i = 0; i < 10; i++) server.store(room.id, "a1", "admin", `m${i}`);
    await syncRoom(deps, room.id);
    reconnect();
    socket.drop(); // offline while 333 messages are written
    for (let i = 0; i < 333; i++) server.store(room.id, "a1", "admin", `n${i}`);
    socket.goOnline();
    await syncRoom(deps, room.id);
    expect(held(room.id)).toEqual(inDb(room.id));
    // join-chat after the newest held one: 50 of the 333 new, then 3 pages of 100
    expect(socket.sent("join-chat").at(-1)).toMatchObject({
      roomId: room.id,
      after: expect.any(String),
    });
    expect(socket.sent("fetch-messages")).toHaveLength(3);
    expect(store.getState().hasMoreBefore[room.id]).toBe(false);
  });

  it("asks only for what follows the newest held message, and nothing more when nothing did", async () => {
    const room = server.createRoom("u1");
    for (let i = 0; i < 20; i++) server.store(room.id, "a1", "admin", `m${i}`);
    await syncRoom(deps, room.id);
    const newestHeld = server.roomMessages(room.id).at(-1)!;
    socket.drop();
    socket.goOnline();
    await syncRoom(deps, room.id);
    // Nothing new: one join-chat { after }, answered with no message, and no fetch.
    expect(socket.sent("join-chat").at(-1)).toEqual({ roomId: room.id, after: newestHeld.id });
    expect(socket.sent("fetch-messages")).toHaveLength(0);
    expect(held(room.id)).toEqual(inDb(room.id));
  });

  it("resumes from what the last sync held, not from a message our own send added since", async () => {
    const room = server.createRoom("u1");
    for (let i = 0; i < 3; i++) server.store(room.id, "a1", "admin", `m${i}`);
    await syncRoom(deps, room.id);
    socket.drop();
    // While we are away the agent writes W; then (say the resync failed) our queued send S
    // is ACKed, and the ACK puts S in the store: S is now the newest message we hold.
    const w = server.store(room.id, "a1", "admin", "W");
    const sent = server.store(room.id, "u1", "customer", "S");
    store.addMessage(sent);
    socket.goOnline();
    await syncRoom(deps, room.id);
    expect(held(room.id)).toContain(w.id);
    expect(held(room.id)).toEqual(inDb(room.id));
  });

  it("falls back to the plain join when the newest held message is gone from the server", async () => {
    const room = server.createRoom("u1");
    for (let i = 0; i < 3; i++) server.store(room.id, "a1", "admin", `m${i}`);
    await syncRoom(deps, room.id);
    const gone = server.roomMessages(room.id).at(-1)!;
    server.messages.splice(server.messages.indexOf(gone), 1); // erased meanwhile
    server.store(room.id, "a1", "admin", "after the erasure");
    await syncRoom(deps, room.id);
    expect(socket.sent("join-chat").at(-1)).toEqual({ roomId: room.id });
    expect(held(room.id)).toEqual(expect.arrayContaining(inDb(room.id)));
  });

  it("needs no fetch when the join page covers the gap", async () => {
    const room = server.createRoom("u1");
    for (let i = 0; i < 5; i++) server.store(room.id, "a1", "admin", `m${i}`);
    await syncRoom(deps, room.id);
    socket.drop();
    for (let i = 0; i < 5; i++) server.store(room.id, "a1", "admin", `n${i}`);
    socket.goOnline();
    await syncRoom(deps, room.id);
    expect(socket.sent("fetch-messages")).toHaveLength(0);
    expect(held(room.id)).toEqual(inDb(room.id));
  });

  it("keeps hasMoreBefore when older messages than the join page are held", async () => {
    const room = server.createRoom("u1");
    for (let i = 0; i < 120; i++) server.store(room.id, "a1", "admin", `m${i}`);
    await syncRoom(deps, room.id);
    // loadOlder reached the beginning:
    const all = server.roomMessages(room.id);
    store.setMessages(room.id, all.slice(0, 70), { hasMoreBefore: false });
    await syncRoom(deps, room.id);
    expect(store.getState().hasMoreBefore[room.id]).toBe(false);
    expect(held(room.id)).toEqual(inDb(room.id));
  });
});
