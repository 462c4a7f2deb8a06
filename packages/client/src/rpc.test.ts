// The SDK's request rules (rpc.ts): a command (admin-assign, close-chat, message-read, and any
// event not listed as a query) goes out once per call and settles; a query (join-chat,
// fetch-messages, list-rooms) may go again, a bounded number of times, with a growing wait.
import { ClientEvent, type ClientEventName } from "@switchboard/protocol";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { makeClient, settle } from "../test/unit.ts";
import { FakeServer, FakeSocketService } from "./testing/index.ts";
import { AckTimeoutError, DisconnectedError, QUERY_EVENTS, QUERY_TRIES, Rpc } from "./rpc.ts";

const TIMEOUT = 10_000;
let server: FakeServer;

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse("2025-01-01T00:00:00.000Z") });
  server = new FakeServer();
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

/** How a call ended ("pending" while it has not), without an unhandled rejection. */
function outcome<T>(call: Promise<T>) {
  const seen: { state: "pending" | "resolved" | "rejected"; value?: T; error?: unknown } = {
    state: "pending",
  };
  call.then(
    (value) => Object.assign(seen, { state: "resolved", value }),
    (error: unknown) => Object.assign(seen, { state: "rejected", error }),
  );
  return seen;
}

function admin(id = "a1") {
  const { client, socket } = makeClient(server, id, "admin");
  client.connect();
  socket.goOnline();
  return { client, socket };
}

/** An Rpc on a fake socket, wired to its hooks as the chat client wires it. */
function bareRpc() {
  const hooks = {
    onStatus() {},
    onConnect: () => rpc.connected(),
    onDisconnect: () => rpc.dropped(),
  };
  const socket = new FakeSocketService(hooks, server, "a1", "admin");
  const rpc = new Rpc(socket, TIMEOUT);
  return { rpc, socket };
}

describe("commands", () => {
  it("a command that times out rejects once (INTERNAL) and is sent exactly once", async () => {
    const roomId = server.createRoom("c1").id;
    const { client, socket } = admin();
    socket.intercept = () => ({ blackhole: true });
    const assigning = outcome(client.assign(roomId));
    await vi.advanceTimersByTimeAsync(TIMEOUT);
    await settle();
    expect(assigning.state).toBe("rejected");
    expect(assigning.error).toBeInstanceOf(AckTimeoutError);
    expect(assigning.error).toMatchObject({ code: "INTERNAL" });
    await vi.advanceTimersByTimeAsync(300_000);
    expect(socket.sent("admin-assign")).toHaveLength(1);
  });

  it("a command cut mid-flight rejects with DisconnectedError and is not re-sent after the reconnect", async () => {
    const roomId = server.createRoom("c1").id;
    const { client, socket } = admin();
    socket.intercept = () => ({ loseAck: true }); // the server closes it; the answer is lost
    const closing = outcome(client.closeChat(roomId));
    await settle();
    socket.intercept = () => undefined;
    socket.drop();
    await settle();
    expect(closing.state).toBe("rejected");
    expect(closing.error).toBeInstanceOf(DisconnectedError);
    expect(closing.error).toMatchObject({ sent: true });
    socket.goOnline();
    await vi.advanceTimersByTimeAsync(300_000);
    expect(socket.sent("close-chat")).toHaveLength(1);
  });

  it("a stale admin-assign does not land after the user moved on", async () => {
    const roomId = server.createRoom("c1").id;
    const { client, socket } = admin();
    socket.intercept = () => ({ blackhole: true }); // lost on a dying connection
    const first = outcome(client.assign(roomId, "agent-7"));
    await settle();
    socket.intercept = () => undefined;
    socket.drop();
    socket.goOnline();
    await settle();
    expect(first.state).toBe("rejected");
    expect((await client.assign(roomId, "agent-8")).adminId).toBe("agent-8");
    await vi.advanceTimersByTimeAsync(300_000);
    expect(server.rooms.get(roomId)!.adminId).toBe("agent-8");
    expect(socket.sent("admin-assign").map((p) => p.adminId)).toEqual(["agent-7", "agent-8"]);
  });

  it("a command answered INTERNAL or RATE_LIMITED rejects at once, sent once", async () => {
    const roomId = server.createRoom("c1").id;
    const { client, socket } = admin();
    for (const code of ["INTERNAL", "RATE_LIMITED"] as const) {
      socket.intercept = () => ({ answer: { ok: false, error: { code, message: "x" } } });
      const closing = outcome(client.closeChat(roomId));
      await settle();
      expect(closing.error).toMatchObject({ name: "ChatError", code });
    }
    await vi.advanceTimersByTimeAsync(300_000);
    expect(socket.sent("close-chat")).toHaveLength(2);
  });

  it("offline, a command waits up to the timeout for the connection, else rejects unsent", async () => {
    const roomId = server.createRoom("c1").id;
    const { client, socket } = makeClient(server, "a1", "admin");
    client.connect();
    const late = outcome(client.closeChat(roomId));
    await vi.advanceTimersByTimeAsync(TIMEOUT);
    expect(late.state).toBe("rejected");
    expect(late.error).toMatchObject({ name: "DisconnectedError", sent: false });
    const soon = outcome(client.assign(roomId));
    await vi.advanceTimersByTimeAsync(TIMEOUT / 2);
    socket.goOnline();
    await settle();
    expect(soon.state).toBe("resolved");
    expect(socket.sent("close-chat")).toHaveLength(0);
    expect(socket.sent("admin-assign")).toHaveLength(1);
  });

  it("every event not listed as a query is a command, so a new event is safe by default", async () => {
    expect([...QUERY_EVENTS].sort()).toEqual(["fetch-messages", "join-chat", "list-rooms"]);
    const { rpc, socket } = bareRpc();
    socket.goOnline();
    socket.intercept = () => ({ blackhole: true });
    const commands = Object.values(ClientEvent).filter((e) => !QUERY_EVENTS.has(e));
    expect(commands).toEqual(expect.arrayContaining(["admin-assign", "message-read"]));
    const calls = commands.map((e: ClientEventName) => outcome(rpc.call(e, {} as never)));
    await vi.advanceTimersByTimeAsync(300_000);
    expect(calls.map((c) => c.state)).toEqual(commands.map(() => "rejected"));
    for (const e of commands) expect(socket.sent(e)).toHaveLength(1);
  });
});

describe("queries", () => {
  it("retries a query that times out with a growing wait, then gives up", async () => {
    vi.spyOn(Math, "random").mockReturnValue(1); // no jitter: the full backoff each time
    const { client, socket } = admin();
    const at: number[] = [];
    socket.intercept = () => (at.push(Date.now()), { blackhole: true });
    const listing = outcome(client.listRooms());
    await vi.advanceTimersByTimeAsync(600_000);
    expect(listing.state).toBe("rejected");
    expect(listing.error).toBeInstanceOf(AckTimeoutError);
    expect(at).toHaveLength(QUERY_TRIES);
    const waits = at.slice(1).map((t, i) => t - at[i]! - TIMEOUT);
    expect(waits).toEqual([500, 1000, 2000, 4000]);
  });

  it("retries a query answered INTERNAL, then rejects with the server's code", async () => {
    const { client, socket } = admin();
    socket.intercept = () => ({ answer: { ok: false, error: { code: "INTERNAL", message: "x" } } });
    const listing = outcome(client.listRooms());
    await vi.advanceTimersByTimeAsync(60_000);
    expect(listing.error).toMatchObject({ name: "ChatError", code: "INTERNAL" });
    expect(socket.sent("list-rooms")).toHaveLength(QUERY_TRIES);
  });

  it("sends a query again after a dropped connection, without spending a try", async () => {
    server.createRoom("c1");
    const { client, socket } = admin();
    let drops = QUERY_TRIES + 1;
    socket.intercept = () => (drops-- > 0 ? { blackhole: true } : undefined);
    const listing = outcome(client.listRooms());
    for (let i = 0; i < QUERY_TRIES + 1; i++) {
      await settle();
      socket.drop();
      socket.goOnline();
    }
    await settle();
    expect(listing.state).toBe("resolved");
    expect(socket.sent("list-rooms")).toHaveLength(QUERY_TRIES + 2);
  });

  it("disconnect() ends a query waiting between tries", async () => {
    const { client, socket } = admin();
    socket.intercept = () => ({ answer: { ok: false, error: { code: "INTERNAL", message: "x" } } });
    const listing = outcome(client.listRooms());
    await settle();
    client.disconnect();
    await settle();
    expect(listing.error).toBeInstanceOf(DisconnectedError);
  });
});
