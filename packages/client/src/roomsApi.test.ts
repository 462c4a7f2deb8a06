// The agents' room calls of the SDK: listRooms (pages, filters, one store update per
// page), assign and closeChat (the answer lands in the store).
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { makeClient, settle } from "../test/unit.ts";
import { FakeServer } from "./testing/index.ts";

let server: FakeServer;

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse("2025-01-01T00:00:00.000Z") });
  server = new FakeServer();
});
afterEach(() => vi.useRealTimers());

function admin(id = "a1") {
  const { client, socket } = makeClient(server, id, "admin");
  client.connect();
  socket.goOnline();
  return { client, socket };
}

/** `n` rooms, each with a message one second after the previous room's. */
function rooms(n: number) {
  return Array.from({ length: n }, (_, i) => {
    server.clock += 1000;
    const room = server.createRoom(`c${i}`);
    const at = new Date(server.clock).toISOString();
    server.rooms.set(room.id, { ...room, lastMessageAt: at });
    return room.id;
  });
}

describe("listRooms", () => {
  it("pages newest activity first and puts each page in the store in one update", async () => {
    const ids = rooms(5);
    const { client, socket } = admin();
    let updates = 0;
    client.store.subscribe((s, prev) => void (s.rooms !== prev.rooms && updates++));

    const first = await client.listRooms({ limit: 3 });
    expect(first.rooms.map((r) => r.id)).toEqual(ids.slice(2).reverse());
    expect(first.hasMore).toBe(true);
    expect(updates).toBe(1);
    const next = await client.listRooms({ limit: 3, before: first.rooms.at(-1)!.id });
    expect(next.rooms.map((r) => r.id)).toEqual(ids.slice(0, 2).reverse());
    expect(next.hasMore).toBe(false);
    expect(Object.keys(client.store.getState().rooms).sort()).toEqual([...ids].sort());
    expect(socket.sent("list-rooms")).toEqual([
      { limit: 3 },
      { limit: 3, before: first.rooms.at(-1)!.id },
    ]);
  });

  it("passes the filters through", async () => {
    const { client, socket } = admin();
    await client.listRooms({ status: "closed", assigned: "unassigned" });
    expect(socket.sent("list-rooms")).toEqual([{ status: "closed", assigned: "unassigned" }]);
  });

  it("waits for the connection instead of failing while offline", async () => {
    rooms(1);
    const { client, socket } = makeClient(server, "a1", "admin");
    client.connect();
    const listing = client.listRooms();
    await settle();
    socket.goOnline();
    expect((await listing).rooms).toHaveLength(1);
  });
});

describe("assign and closeChat", () => {
  it("assigns to the caller by default, or to another agent, and stores the answer", async () => {
    const [roomId] = rooms(1) as [string];
    const { client } = admin("me");
    expect((await client.assign(roomId)).adminId).toBe("me");
    expect(client.store.getState().rooms[roomId]!.adminId).toBe("me");
    expect((await client.assign(roomId, "agent-7")).adminId).toBe("agent-7");
    expect(client.store.getState().rooms[roomId]!.adminId).toBe("agent-7");
  });

  it("closes a room: the answer and the events mark it closed", async () => {
    const [roomId] = rooms(1) as [string];
    const { client } = admin();
    await client.join(roomId);
    const room = await client.closeChat(roomId);
    expect(room.status).toBe("closed");
    await settle();
    expect(client.store.getState().rooms[roomId]!.status).toBe("closed");
  });

  it("rejects with the server's code", async () => {
    const [roomId] = rooms(1) as [string];
    const { client } = admin();
    await client.closeChat(roomId);
    await expect(client.assign(roomId)).rejects.toMatchObject({ code: "ROOM_CLOSED" });
  });
});
