import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, openRoom, waitFor, type ClientSocket, type Harness } from "./support.ts";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe("admin-assign", () => {
  it("assigns to the caller or a named agent and tells every admin", async () => {
    const roomId = await openRoom(h, await h.connect("as-customer"));
    const admin = await h.connect("as-agent", "admin");
    const watcher = await h.connect("as-watcher", "admin");
    const update = waitFor<{ id: string; adminId: string }>(watcher, "room-updated");
    expect((await h.call(admin, "admin-assign", { roomId })).data.room.adminId).toBe("as-agent");
    expect(await update).toMatchObject({ id: roomId, adminId: "as-agent" });
    expect(
      (await h.call(admin, "admin-assign", { roomId, adminId: "as-watcher" })).data.room.adminId,
    ).toBe("as-watcher");
  });

  it("is for admins only", async () => {
    const customer = await h.connect("as-self");
    const roomId = await openRoom(h, customer);
    expect(await h.call(customer, "admin-assign", { roomId })).toMatchObject({
      ok: false,
      error: { code: "FORBIDDEN" },
    });
  });
});

describe("close-chat", () => {
  it("closes the room for everyone in it; the customer's next join opens a new room", async () => {
    const customer = await h.connect("cl-customer");
    const roomId = await openRoom(h, customer);
    const admin = await h.connect("cl-agent", "admin");
    await h.call(admin, "join-chat", { roomId });
    const closed = waitFor<{ roomId: string }>(customer, "chat-closed");
    const ack = await h.call(admin, "close-chat", { roomId });
    expect(ack.data.room).toMatchObject({ id: roomId, status: "closed" });
    expect(await closed).toEqual({ roomId });
    const send = await h.call(customer, "send-message", {
      roomId,
      clientMessageId: "late",
      content: "hello?",
    });
    expect(send).toMatchObject({ ok: false, error: { code: "ROOM_CLOSED" } });
    expect(await h.call(customer, "typing", { roomId })).toMatchObject({
      ok: false,
      error: { code: "ROOM_CLOSED" },
    });
    const next = await openRoom(h, customer);
    expect(next).not.toBe(roomId);
    expect((await h.call(admin, "close-chat", { roomId })).data.room.status).toBe("closed");
  });

  it("lets the room's customer close it, and no other customer", async () => {
    const customer = await h.connect("cl-own");
    const roomId = await openRoom(h, customer);
    const other = await h.connect("cl-other");
    expect(await h.call(other, "close-chat", { roomId })).toMatchObject({
      ok: false,
      error: { code: "FORBIDDEN" },
    });
    expect((await h.call(customer, "close-chat", { roomId })).data.room.status).toBe("closed");
  });
});

describe("list-rooms", () => {
  it("leaves out a room until its first message, also from the waiting count", async () => {
    const fresh = await createHarness();
    try {
      const visitor = await fresh.connect("ls-silent");
      const roomId = await openRoom(fresh, visitor); // opened the widget, wrote nothing
      const admin = await fresh.connect("ls-silent-agent", "admin");
      const listed = async () =>
        (await fresh.call(admin, "list-rooms", {})).data.rooms.map((r: { id: string }) => r.id);
      expect(await listed()).toEqual([]);
      const stats = async () => {
        const res = await fetch(`${fresh.server.url}/api/chat/stats`, {
          headers: {
            authorization: `Bearer ${await fresh.server.token("ls-silent-agent", "admin")}`,
          },
        });
        return (await res.json()) as { openRooms: number; waitingRooms: number };
      };
      expect(await stats()).toMatchObject({ openRooms: 0, waitingRooms: 0 });
      await fresh.call(visitor, "send-message", { roomId, clientMessageId: "s1", content: "Hi" });
      expect(await listed()).toEqual([roomId]);
    } finally {
      await fresh.close();
    }
  });

  it("lists newest activity first with filters and a cursor", async () => {
    const admin = await h.connect("ls-agent", "admin");
    const ids: string[] = [];
    const sockets: ClientSocket[] = [];
    for (const name of ["ls-1", "ls-2", "ls-3"]) {
      const s = await h.connect(name);
      ids.push(await openRoom(h, s));
      sockets.push(s);
    }
    // First: the assignment's activity message is activity too (contract v2).
    await h.call(admin, "admin-assign", { roomId: ids[0] });
    for (const [i, s] of sockets.entries())
      await h.call(s, "send-message", {
        roomId: ids[i],
        clientMessageId: `ls-${i}`,
        content: "hi",
      });
    const all = await h.call(admin, "list-rooms", {});
    const order = all.data.rooms
      .map((r: { id: string }) => r.id)
      .filter((id: string) => ids.includes(id));
    expect(order).toEqual([ids[2], ids[1], ids[0]]);
    const mine = await h.call(admin, "list-rooms", { assigned: "me" });
    expect(mine.data.rooms.map((r: { id: string }) => r.id)).toEqual([ids[0]]);
    const unassigned = await h.call(admin, "list-rooms", { assigned: "unassigned" });
    expect(unassigned.data.rooms.some((r: { id: string }) => r.id === ids[0])).toBe(false);
    const page = await h.call(admin, "list-rooms", { before: ids[2], limit: 1 });
    expect(page.data).toMatchObject({ rooms: [{ id: ids[1] }], hasMore: true });
  });

  it("is for admins only, also over HTTP", async () => {
    const customer = await h.connect("ls-customer");
    expect(await h.call(customer, "list-rooms", {})).toMatchObject({
      ok: false,
      error: { code: "FORBIDDEN" },
    });
    const res = await fetch(`${h.server.url}/api/chat/rooms`, {
      headers: { authorization: `Bearer ${await h.server.token("ls-customer")}` },
    });
    expect(res.status).toBe(403);
    const ok = await fetch(`${h.server.url}/api/chat/rooms?assigned=any&limit=2`, {
      headers: { authorization: `Bearer ${await h.server.token("ls-agent", "admin")}` },
    });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { rooms: unknown[] }).rooms).toHaveLength(2);
  });
});

describe("GET /api/chat/customers/:customerId", () => {
  it("tells an agent the customer's name, first contact and previous chats; customers get 403", async () => {
    const token = await h.server.token("ci-customer");
    const socket = await h.connect("ci-customer");
    const first = await openRoom(h, socket);
    const agent = await h.connect("ci-agent", "admin");
    await h.call(agent, "close-chat", { roomId: first });
    const second = await openRoom(h, socket);
    const get = async (bearer: string) =>
      fetch(`${h.server.url}/api/chat/customers/ci-customer`, {
        headers: { authorization: `Bearer ${bearer}` },
      });
    const res = await get(await h.server.token("ci-agent", "admin"));
    expect(res.status).toBe(200);
    const info = (await res.json()) as Record<string, unknown>;
    expect(info).toMatchObject({
      id: "ci-customer",
      name: null,
      previousChats: 1,
      openRoomId: second,
      profile: null,
    });
    expect(typeof info.firstContactAt).toBe("string");
    // The closed one, openable from the panel: a whole Room, newest first.
    const recent = info.recentChats as { id: string; status: string; customerId: string }[];
    expect(recent.map((r) => [r.id, r.status, r.customerId])).toEqual([
      [first, "closed", "ci-customer"],
    ]);
    expect((await get(token)).status).toBe(403);
  });
});
