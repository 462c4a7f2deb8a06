// The SDK's room calls against a real server: listRooms (filters, paging, live
// room-updated), assign, closeChat, and the customer's next message after a close opening
// a new room, with each message stored exactly once.
import { Types } from "mongoose";
import { describe, expect, it } from "vitest";
import {
  connectClient,
  countByClientId,
  cutTransports,
  dbMessages,
  eventually,
  expectInSync,
  online,
  useServer,
  tokenGate,
  type Client,
} from "./support.ts";

const env = useServer();

function connect(sub: string, role: "customer" | "admin" = "customer", gate?: () => Promise<void>) {
  const client = connectClient(env.server, sub, role, gate);
  env.clients.push(client);
  return client;
}

/** Waits until the customer's client shows another room than `roomId`; returns its id. */
const movedOn = (customer: Client, roomId: string) =>
  eventually(() => {
    const id = customer.store.getState().activeRoomId;
    if (!id || id === roomId) throw new Error("still in the closed room");
    return id;
  });

const roomsOf = (customerId: string) =>
  env.db.collection("chat_rooms").find({ customerId }).sort({ createdAt: 1 }).toArray();

describe("closing a conversation", () => {
  it("the customer's next message opens a new room, which reaches the agent's list live", async () => {
    const customer = connect("close-customer");
    const agent = connect("close-agent", "admin");
    const first = await customer.join();
    await agent.join(first.id);
    customer.send(first.id, "my order is late");
    await expectInSync(customer, env.db, first.id, 1);

    const closed = await agent.closeChat(first.id);
    expect(closed.status).toBe("closed");
    await eventually(() => customer.store.getState().rooms[first.id]?.status === "closed");

    const again = customer.send(first.id, "one more question");
    const next = await movedOn(customer, first.id);
    await expectInSync(customer, env.db, next, 1);
    expect(await countByClientId(env.db, "close-customer", again.clientMessageId)).toBe(1);
    const written = (await dbMessages(env.db, first.id)).filter((m) => m.kind !== "activity");
    expect(written.map((m) => m.content)).toEqual(["my order is late"]);
    expect((await roomsOf("close-customer")).map((r) => r.status)).toEqual(["closed", "open"]);
    // Every connected admin hears of the new room (room-updated), without listing again.
    await eventually(() => agent.store.getState().rooms[next]?.status === "open");
    const open = await agent.listRooms({ status: "open" });
    expect(open.rooms.map((r) => r.id)).toContain(next);
    const done = await agent.listRooms({ status: "closed" });
    expect(done.rooms.map((r) => r.id)).toContain(first.id);
    // The customer panel's data: first contact is the first room's, one closed chat.
    const info = await agent.customerInfo("close-customer");
    expect(info).toMatchObject({ id: "close-customer", previousChats: 1, openRoomId: next });
    expect(info.firstContactAt).toBe(first.createdAt);
  });

  it("messages written offline while the room was closed go to one new room, once each", async () => {
    const gate = tokenGate();
    const customer = connect("offline-customer", "customer", gate.wait);
    const agent = connect("offline-agent", "admin");
    const room = await customer.join();
    gate.close();
    cutTransports(env.server, "offline-customer");
    await eventually(() => customer.store.getState().connectionStatus === "reconnecting");
    await agent.closeChat(room.id);
    const sent = ["are you there?", "hello?"].map((text) => customer.send(room.id, text));
    gate.open();

    const next = await movedOn(customer, room.id);
    const inDb = await expectInSync(customer, env.db, next, 2);
    expect(inDb.map((m) => m.content)).toEqual(["are you there?", "hello?"]);
    for (const m of sent) {
      expect(await countByClientId(env.db, "offline-customer", m.clientMessageId)).toBe(1);
    }
    expect((await dbMessages(env.db, room.id)).filter((m) => m.kind !== "activity")).toEqual([]);
    expect(await roomsOf("offline-customer")).toHaveLength(2);
  });

  it("a customer may close their own conversation", async () => {
    const customer = connect("self-close");
    const room = await customer.join();
    expect((await customer.closeChat(room.id)).status).toBe("closed");
    const doc = await env.db.collection("chat_rooms").findOne({ _id: new Types.ObjectId(room.id) });
    expect(doc?.status).toBe("closed");
  });
});

describe("the agents' room list", () => {
  it("filters by assignment and pages newest activity first", async () => {
    const agent = connect("list-agent", "admin");
    const ids: string[] = [];
    for (const name of ["list-a", "list-b", "list-c"]) {
      const customer = connect(name);
      const room = await customer.join();
      customer.send(room.id, `hi from ${name}`);
      await expectInSync(customer, env.db, room.id, 1);
      ids.push(room.id);
    }
    const [a, b, c] = ids as [string, string, string];
    await online(connect("someone-else", "admin")); // an agent the server knows (contract v2)
    const mine = await agent.assign(b);
    expect(mine.adminId).toBe("list-agent");
    expect((await agent.assign(c, "someone-else")).adminId).toBe("someone-else");

    const assignedToMe = await agent.listRooms({ assigned: "me" });
    expect(assignedToMe.rooms.map((r) => r.id)).toEqual([b]);
    const unassigned = (await agent.listRooms({ assigned: "unassigned" })).rooms.map((r) => r.id);
    expect(unassigned).toContain(a);
    expect(unassigned).not.toContain(b);
    expect(unassigned).not.toContain(c);

    // Paging: one room at a time, newest activity first, until hasMore is false.
    const seen: string[] = [];
    let before: string | undefined;
    for (let more = true; more;) {
      const page = await agent.listRooms({ limit: 1, ...(before ? { before } : {}) });
      seen.push(...page.rooms.map((r) => r.id));
      before = page.rooms.at(-1)?.id;
      more = page.hasMore;
    }
    const mineInOrder = seen.filter((id) => ids.includes(id));
    expect(mineInOrder).toEqual([c, b, a]);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("an agent may not list rooms as a customer", async () => {
    const customer = connect("not-an-agent");
    await expect(customer.listRooms()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
