import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Command } from "./faultProxy.ts";
import { callOn, createHarness, waitFor, type Harness } from "./support.ts";

// Contract v2, "Resync that costs nothing when nothing changed": join-chat { roomId, after }.
// The server talks to the real database through a proxy that can refuse every read of
// messages, which proves that a join with after = lastMessageId reads none.

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ proxy: true, rateLimits: false }); // 52 messages in a burst
});
afterAll(() => h.close());
const connect = (sub: string, role: "customer" | "admin" = "customer") => h.connect(sub, role);
const proxy = () => h.proxy!;

/** A customer's room with `n` messages; their ids, oldest first. */
async function roomWith(sub: string, n: number) {
  const customer = await connect(sub);
  const roomId = (await callOn(customer, "join-chat", {})).data.room.id as string;
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const ack = await callOn(customer, "send-message", {
      roomId,
      clientMessageId: `${sub}-${i}`,
      content: `message ${i}`,
    });
    ids.push(ack.data.message.id);
  }
  return { customer, roomId, ids };
}

const readsMessages = (cmd: Command) =>
  cmd.find === "chat_messages" || cmd.aggregate === "chat_messages";

describe("join-chat with after", () => {
  it("answers from the room alone when after is its lastMessageId", async () => {
    const { customer, roomId, ids } = await roomWith("after-none", 3);
    const history = waitFor<{ messages: unknown[] }>(customer, "chat-history");
    proxy().failNext(readsMessages, 1_000);
    const ack = await callOn(customer, "join-chat", { roomId, after: ids[2] });
    const refused = proxy().refused;
    proxy().failNext(() => false, 0);
    expect(ack).toMatchObject({ ok: true, data: { messages: [], hasMore: false } });
    expect(ack.data.room).toMatchObject({ id: roomId, lastMessageId: ids[2] });
    expect((await history).messages).toEqual([]);
    expect(refused).toBe(0); // no read of messages was even tried
  });

  it("answers the messages after it, oldest first, with hasMore past 50", async () => {
    const { customer, roomId, ids } = await roomWith("after-some", 3);
    const ack = await callOn(customer, "join-chat", { roomId, after: ids[0] });
    expect(ack.ok).toBe(true);
    expect(ack.data.messages.map((m: { id: string }) => m.id)).toEqual(ids.slice(1));
    expect(ack.data.hasMore).toBe(false);

    const long = await roomWith("after-many", 52);
    const page = await callOn(long.customer, "join-chat", {
      roomId: long.roomId,
      after: long.ids[0],
    });
    expect(page.data.messages.map((m: { id: string }) => m.id)).toEqual(long.ids.slice(1, 51));
    expect(page.data.hasMore).toBe(true);
  });

  it("refuses after without roomId, and a message of another room", async () => {
    const { customer, ids } = await roomWith("after-bad-a", 1);
    expect(await callOn(customer, "join-chat", { after: ids[0] })).toMatchObject({
      ok: false,
      error: { code: "VALIDATION" },
    });
    const other = await roomWith("after-bad-b", 0);
    expect(
      await callOn(other.customer, "join-chat", { roomId: other.roomId, after: ids[0] }),
    ).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
  });

  it("still shows a message stored just before the join when after is stale", async () => {
    const { customer, roomId, ids } = await roomWith("after-stale", 1);
    const agent = await connect("after-agent", "admin");
    await callOn(agent, "join-chat", { roomId });
    const reply = await callOn(agent, "send-message", {
      roomId,
      clientMessageId: "after-reply",
      content: "Hi!",
    });
    const ack = await callOn(customer, "join-chat", { roomId, after: ids[0] });
    // The agent's first answer took the room: its activity, then the answer.
    expect(ack.data.messages.map((m: { content: string }) => m.content)).toEqual([
      "after-agent took the chat",
      "Hi!",
    ]);
    expect(ack.data.messages.at(-1).id).toBe(reply.data.message.id);
    expect(ack.data.room.lastMessageId).toBe(reply.data.message.id);
  });
});

describe("a reconnect storm's joins", () => {
  it("share their room reads: 60 joins at once read the rooms in a few queries", async () => {
    const rooms = await Promise.all(
      Array.from({ length: 60 }, (_, i) => roomWith(`storm-${i}`, 1)),
    );
    const roomReads: Command[] = [];
    const stop = proxy().watch((cmd) => void (cmd.find === "chat_rooms" && roomReads.push(cmd)));
    const acks = await Promise.all(
      rooms.map(({ customer, roomId, ids }) =>
        callOn(customer, "join-chat", { roomId, after: ids.at(-1) }),
      ),
    );
    stop();
    acks.forEach((ack, i) => {
      expect(ack.ok).toBe(true);
      expect(ack.data.room).toMatchObject({
        id: rooms[i]!.roomId,
        lastMessageId: rooms[i]!.ids[0],
      });
      expect(ack.data.messages).toEqual([]);
    });
    // Each join reads its room twice (the access check, then again after subscribing): 120
    // reads one by one. Batched, a handful of queries, each asking for many rooms.
    expect(roomReads.length).toBeLessThanOrEqual(12);
    const asked = roomReads.map((cmd) => {
      const filter = cmd.filter as { _id?: { $in?: unknown[] } };
      return filter._id?.$in?.length ?? 1;
    });
    expect(asked.reduce((a, b) => a + b, 0)).toBe(120);
  });
});

describe("a reconnect storm's joins that missed a message", () => {
  it("read what they missed in a few queries, each getting exactly its own", async () => {
    const rooms = await Promise.all(
      Array.from({ length: 40 }, (_, i) => roomWith(`missed-${i}`, 3)),
    );
    const messageReads: Command[] = [];
    const stop = proxy().watch((cmd) => void (readsMessages(cmd) && messageReads.push(cmd)));
    const acks = await Promise.all(
      rooms.map(({ customer, roomId, ids }) =>
        callOn(customer, "join-chat", { roomId, after: ids[0] }),
      ),
    );
    stop();
    acks.forEach((ack, i) => {
      expect(ack.ok).toBe(true);
      expect(ack.data.messages.map((m: { id: string }) => m.id)).toEqual(rooms[i]!.ids.slice(1));
      expect(ack.data.hasMore).toBe(false);
    });
    // One by one: a cursor read and a page read per join, 80. Batched: two per batch.
    expect(messageReads.length).toBeLessThanOrEqual(12);
  });

  it("still refuses, one by one, a cursor from another room among them", async () => {
    const [a, b] = await Promise.all([roomWith("mixed-a", 2), roomWith("mixed-b", 2)]);
    const [good, bad] = await Promise.all([
      callOn(a!.customer, "join-chat", { roomId: a!.roomId, after: a!.ids[0] }),
      callOn(b!.customer, "join-chat", { roomId: b!.roomId, after: a!.ids[0] }),
    ]);
    expect(good.data.messages.map((m: { id: string }) => m.id)).toEqual([a!.ids[1]]);
    expect(bad).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
  });
});
