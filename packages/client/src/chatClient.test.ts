import type { Role } from "@switchboard/protocol";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createChatClientWith } from "./chatClient.ts";
import { FakeServer, FakeSocketService } from "./testing/index.ts";
import { DisconnectedError } from "./rpc.ts";
import type { ChatClient } from "./types.ts";

let server: FakeServer;

function makeClient(userId = "u1", role: Role = "customer") {
  let socket!: FakeSocketService;
  const client = createChatClientWith({ url: "http://x", getToken: () => "unused" }, (hooks) => {
    socket = new FakeSocketService(hooks, server, userId, role);
    return socket;
  });
  return { client, socket };
}

/** Lets acks (microtasks) and zero-delay work run, without reaching the ack timeouts. */
async function settle() {
  for (let i = 0; i < 50; i++) await vi.advanceTimersByTimeAsync(0);
}

function view(client: ChatClient, roomId: string) {
  return (client.store.getState().messagesByRoom[roomId] ?? []).map((m) => ({
    id: m.id,
    cmid: m.clientMessageId,
    local: m.localStatus,
  }));
}

function dbView(roomId: string) {
  return server
    .roomMessages(roomId)
    .map((m) => ({ id: m.id, cmid: m.clientMessageId, local: "stored" }));
}

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse("2025-01-01T00:00:00.000Z") });
  server = new FakeServer();
});

afterEach(() => {
  vi.useRealTimers();
});

describe("chat client", () => {
  it("reports the connection status and the identity from the token", () => {
    const { client, socket } = makeClient("u1", "customer");
    expect(client.store.getState().connectionStatus).toBe("idle");
    expect(client.identity).toBeNull();
    client.connect();
    expect(client.store.getState().connectionStatus).toBe("connecting");
    socket.goOnline();
    expect(client.store.getState().connectionStatus).toBe("online");
    expect(client.identity).toEqual({ userId: "u1", role: "customer" });
    socket.drop();
    expect(client.store.getState().connectionStatus).toBe("reconnecting");
    client.disconnect();
    expect(client.store.getState().connectionStatus).toBe("offline");
  });

  it("joins (customer, no roomId), sends, and holds one stored copy despite the echo", async () => {
    const { client, socket } = makeClient();
    client.connect();
    const joining = client.join(); // before the connection is up
    socket.goOnline();
    const room = await joining;
    expect(client.store.getState().activeRoomId).toBe(room.id);
    expect(client.store.getState().hasMoreBefore[room.id]).toBe(false);

    const pending = client.send(room.id, "hello");
    expect(view(client, room.id)).toEqual([
      { id: pending.id, cmid: pending.clientMessageId, local: "pending" },
    ]);
    await settle(); // the new-message echo arrives before the ACK
    expect(view(client, room.id)).toEqual(dbView(room.id));
    expect(server.roomMessages(room.id)).toHaveLength(1);
  });

  it.each([0, 30])(
    "loses nothing and doubles nothing across a drop (lost ACK, offline sends, missed messages; %i held)",
    async (history) => {
      const { client, socket } = makeClient();
      const room = server.createRoom("u1");
      for (let i = 0; i < history; i++) {
        server.clock += 1000;
        server.store(room.id, "admin1", "admin", `before ${i}`);
      }
      client.connect();
      socket.goOnline();
      await client.join();
      // The server stores "a" but its ACK is lost when the connection drops.
      socket.intercept = (event) => (event === "send-message" ? { loseAck: true } : undefined);
      const a = client.send(room.id, "a");
      socket.drop();
      socket.intercept = () => undefined;
      for (let i = 0; i < 130; i++) server.store(room.id, "admin1", "admin", `while offline ${i}`);
      const b = client.send(room.id, "b"); // written offline
      await vi.advanceTimersByTimeAsync(60_000);
      expect(view(client, room.id).filter((m) => m.local === "pending")).toHaveLength(2);

      socket.log.length = 0;
      socket.goOnline();
      await settle();

      const events = socket.log.map((l) => l.event);
      expect(events[0]).toBe("join-chat");
      expect(events.indexOf("send-message")).toBeGreaterThan(events.lastIndexOf("fetch-messages"));
      expect(socket.sent("send-message").map((p) => p.clientMessageId)).toEqual([
        a.clientMessageId,
        b.clientMessageId,
      ]);
      expect(
        server
          .roomMessages(room.id)
          .filter((m) => m.senderId === "u1")
          .map((m) => m.content),
      ).toEqual(["a", "b"]);
      expect(view(client, room.id)).toEqual(dbView(room.id));
    },
  );

  it("re-joins a room first joined without roomId by its id after a reconnect", async () => {
    const { client, socket } = makeClient();
    client.connect();
    socket.goOnline();
    const room = await client.join();
    server.rooms.set(room.id, { ...room, status: "closed" }); // closed meanwhile
    socket.drop();
    socket.goOnline();
    await settle();
    expect(socket.sent("join-chat")).toEqual([{}, { roomId: room.id }]);
    expect(server.rooms.size).toBe(1); // no new room was opened behind the user's back
  });

  it("loads older pages until the beginning", async () => {
    const room = server.createRoom("u1");
    for (let i = 0; i < 120; i++) server.store(room.id, "admin1", "admin", `m${i}`);
    const { client, socket } = makeClient();
    client.connect();
    socket.goOnline();
    await client.join(room.id);
    expect(client.store.getState().hasMoreBefore[room.id]).toBe(true);
    expect(await client.loadOlder(room.id)).toBe(true);
    expect(await client.loadOlder(room.id)).toBe(false);
    expect(view(client, room.id)).toEqual(dbView(room.id));
    expect(client.store.getState().hasMoreBefore[room.id]).toBe(false);
  });

  it("batches message-delivered for the other side's messages", async () => {
    const { client, socket } = makeClient();
    client.connect();
    socket.goOnline();
    const room = await client.join();
    client.send(room.id, "mine");
    const theirs = [1, 2, 3].map((i) => server.store(room.id, "admin1", "admin", `t${i}`));
    await settle();
    expect(socket.sent("message-delivered")).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(100);
    expect(socket.sent("message-delivered")).toEqual([
      { roomId: room.id, messageIds: theirs.map((m) => m.id) },
    ]);
  });

  it("splits message-delivered into calls of at most LIMITS.messageIdsMax ids", async () => {
    const { client, socket } = makeClient();
    client.connect();
    socket.goOnline();
    const room = await client.join();
    const theirs = Array.from({ length: 250 }, (_, i) =>
      server.store(room.id, "admin1", "admin", `t${i}`),
    );
    await vi.advanceTimersByTimeAsync(100);
    const calls = socket.sent("message-delivered") as { messageIds: string[] }[];
    expect(calls.map((c) => c.messageIds.length)).toEqual([100, 100, 50]);
    expect(calls.flatMap((c) => c.messageIds)).toEqual(theirs.map((m) => m.id));
  });

  it("applies message-status events and room events", async () => {
    const { client, socket } = makeClient();
    client.connect();
    socket.goOnline();
    const room = await client.join();
    client.send(room.id, "mine");
    await settle();
    const [mine] = server.roomMessages(room.id);
    socket.push("message-status", {
      roomId: room.id,
      messageIds: [mine!.id],
      status: "read",
      at: "2025-01-01T01:00:00.000Z",
    });
    expect(client.store.getState().messagesByRoom[room.id]![0]).toMatchObject({
      status: "read",
      readAt: "2025-01-01T01:00:00.000Z",
    });
    socket.push("chat-closed", { roomId: room.id });
    expect(client.store.getState().rooms[room.id]!.status).toBe("closed");
    socket.push("room-updated", {
      ...room,
      adminId: "admin1",
      updatedAt: "2030-01-01T00:00:00.000Z",
    });
    expect(client.store.getState().rooms[room.id]!.adminId).toBe("admin1");
  });

  it("throttles typing to one event per 2 s and sends stop-typing after it", async () => {
    const { client, socket } = makeClient();
    client.connect();
    socket.goOnline();
    const roomId = "c".repeat(24);
    client.stopTyping(roomId); // nothing to stop
    client.typing(roomId);
    client.typing(roomId);
    await vi.advanceTimersByTimeAsync(1999);
    client.typing(roomId);
    expect(socket.sent("typing")).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    client.typing(roomId);
    expect(socket.sent("typing")).toHaveLength(2);
    client.stopTyping(roomId);
    expect(socket.sent("stop-typing")).toEqual([{ roomId }]);
  });

  it("markRead emits message-read and never rejects", async () => {
    const { client, socket } = makeClient();
    await client.markRead("c".repeat(24)); // offline: nothing
    client.connect();
    socket.goOnline();
    socket.intercept = () => ({ answer: { ok: false, error: { code: "INTERNAL", message: "x" } } });
    await client.markRead("c".repeat(24));
    expect(socket.sent("message-read")).toEqual([{ roomId: "c".repeat(24) }]);
  });

  it("rejects a join waiting for the connection when disconnect() is called", async () => {
    const { client } = makeClient();
    client.connect();
    const joining = client.join();
    client.disconnect();
    await expect(joining).rejects.toBeInstanceOf(DisconnectedError);
  });

  it("forwards raw server events through on()", () => {
    const { client, socket } = makeClient();
    const seen: unknown[] = [];
    const off = client.on("typing", (e) => seen.push(e));
    socket.push("typing", { roomId: "r", userId: "a1", role: "admin" });
    off();
    socket.push("typing", { roomId: "r", userId: "a1", role: "admin" });
    expect(seen).toEqual([{ roomId: "r", userId: "a1", role: "admin" }]);
  });

  it("lets queued sends go out while a room's resync keeps failing", async () => {
    const { client, socket } = makeClient();
    client.connect();
    socket.goOnline();
    const room = await client.join();
    socket.drop();
    const queued = client.send(room.id, "sent while away");
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    socket.intercept = (event) =>
      event === "join-chat"
        ? { answer: { ok: false, error: { code: "INTERNAL", message: "busy" } } }
        : undefined;
    socket.goOnline();
    await settle();
    await vi.advanceTimersByTimeAsync(120_000);
    await settle();
    expect(socket.sent("send-message").map((p) => p.clientMessageId)).toEqual([
      queued.clientMessageId,
    ]);
    const tries = socket.sent("join-chat").length;
    await vi.advanceTimersByTimeAsync(300_000);
    expect(socket.sent("join-chat").length).toBeGreaterThan(tries); // still trying behind
    warn.mockRestore();
  });

  it("tries a failed resync again while connected, so a room is not left behind", async () => {
    const { client, socket } = makeClient();
    client.connect();
    socket.goOnline();
    const room = await client.join();
    socket.drop();
    for (let i = 0; i < 5; i++) server.store(room.id, "admin1", "admin", `while away ${i}`);
    // The re-join keeps failing past the RPC's own retries (as in a long storm), then works.
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    let failures = 60;
    socket.intercept = (event) =>
      event === "join-chat" && failures-- > 0
        ? { answer: { ok: false, error: { code: "INTERNAL", message: "busy" } } }
        : undefined;
    socket.goOnline();
    await settle();
    await vi.advanceTimersByTimeAsync(1_800_000);
    await settle();
    expect(socket.sent("join-chat").length).toBeGreaterThanOrEqual(61);
    expect(view(client, room.id)).toEqual(dbView(room.id));
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/still trying/), expect.anything());
    warn.mockRestore();
  });
});
