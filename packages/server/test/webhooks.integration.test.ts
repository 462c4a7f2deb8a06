import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import {
  callOn,
  connectTo,
  createHarness,
  startCluster,
  type ClientSocket,
  type Harness,
  type TestCluster,
} from "./support.ts";
import type { TestServer } from "../src/testing.ts";
import { startReceiver, type Received, type Receiver } from "./webhookReceiver.ts";

// Contract v2 webhooks against a real receiver process (webhookReceiverProcess.ts, written from
// docs/protocol.md): signed, every event type, notes never sent, in order per room, retried on
// 500 and while the receiver is down. The SIGKILL drill is webhookDrill.integration.test.ts.
const NOTE = "NOTE-never-in-a-webhook";
const harnesses: Harness[] = [];
const clusters: TestCluster[] = [];
const receivers: Receiver[] = [];
afterAll(async () => {
  await Promise.all(harnesses.map((h) => h.close()));
  await Promise.all(clusters.map((c) => c.close()));
  await Promise.all(receivers.map((r) => r.stop()));
});

async function setUp(mode: "ok" | "500" = "ok") {
  const secret = randomBytes(16).toString("hex");
  const receiver = await startReceiver(secret, 0, { mode });
  receivers.push(receiver);
  const h = await createHarness({
    rateLimits: false,
    webhooks: { urls: [receiver.url], secret, retryBaseMs: 100, pollMs: 200 },
  });
  harnesses.push(h);
  return { h, receiver, secret };
}

/** The first receipt of each id, in arrival order. */
const firsts = (requests: Received[]) => {
  const seen = new Set<string>();
  return requests.filter((r) => r.status === 204 && !seen.has(r.id) && seen.add(r.id));
};
const delivered = (requests: Received[], n: number) => firsts(requests).length >= n;

describe("webhooks", () => {
  it("sends every event type, signed, in each room's order, and never a note", async () => {
    const { h, receiver } = await setUp();
    const customer = await h.connect("wh1-customer", "customer", "Ada");
    const roomId = (await h.call(customer, "join-chat", {})).data.room.id as string;
    const agent = await h.connect("wh1-agent", "admin", "Grace");
    await h.call(customer, "send-message", { roomId, clientMessageId: "c1", content: "Hello" });
    await h.call(agent, "send-message", {
      roomId,
      clientMessageId: "n1",
      content: NOTE,
      kind: "note",
    });
    const answer = await h.call(agent, "send-message", {
      roomId,
      clientMessageId: "a1",
      content: "Hi!",
    });
    expect(answer.ok).toBe(true);
    await h.call(agent, "close-chat", { roomId });
    await h.call(customer, "rate-chat", { roomId, score: 5, comment: "great" });

    const got = firsts(await receiver.until((r) => delivered(r, 6)));
    expect(got.map((r) => r.type)).toEqual([
      "room.created",
      "message.created",
      "room.assigned", // the agent's first answer took the room
      "message.created",
      "room.closed",
      "room.rated",
    ]);
    expect(got.every((r) => r.verified)).toBe(true);
    expect(got.every((r) => r.headers.event === r.type && r.headers.delivery === r.id)).toBe(true);
    expect(got[0]!.headers.contentType).toBe("application/json");
    expect(got[0]).toMatchObject({ id: roomId, data: { id: roomId, customerId: "wh1-customer" } });
    expect(got[3]).toMatchObject({
      id: answer.data.message.id,
      createdAt: answer.data.message.createdAt,
      data: answer.data.message,
    });
    expect(got[2]!.data).toMatchObject({ id: roomId, adminId: "wh1-agent" });
    expect(got[4]!.data).toMatchObject({ status: "closed" });
    expect(got[5]!.data).toMatchObject({ rating: { score: 5, comment: "great" } });
    expect(JSON.stringify(receiver.requests)).not.toContain(NOTE);
    // Metrics: queued, delivered, the latency histogram, the backlog gauges.
    await new Promise((r) => setTimeout(r, 100));
    const metrics = await (await fetch(`${h.server.url}/metrics`)).text();
    const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, "m").exec(metrics)?.[1]);
    expect(value("switchboard_webhook_queued_total")).toBe(6);
    expect(value("switchboard_webhook_delivered_total")).toBe(6);
    expect(value("switchboard_webhook_delivery_seconds_count")).toBe(6);
    expect(value("switchboard_webhook_failed_total")).toBe(0);
    expect(value("switchboard_webhook_pending")).toBe(0);
    expect(value("switchboard_webhook_oldest_pending_seconds")).toBe(0);
    expect(receiver.requests).toHaveLength(6); // a healthy receiver gets each event once
  });

  it("retries on 500 and while the receiver is down, keeping each room's order", async () => {
    const { h, receiver, secret } = await setUp("500");
    const say = async (i: number, n: number) => {
      const s = await h.connect(`wh2-c${i}`);
      const roomId = (await h.call(s, "join-chat", {})).data.room.id as string;
      for (let k = 0; k < n; k++)
        expect(
          (await h.call(s, "send-message", { roomId, clientMessageId: `m${k}`, content: `m${k}` }))
            .ok,
        ).toBe(true);
      return { s, roomId };
    };
    const sockets = await Promise.all([0, 1, 2].map((i) => say(i, 5)));
    const rooms = sockets.map((x) => x.roomId);
    await receiver.until((r) => r.filter((x) => x.status === 500).length >= 4); // retried
    await receiver.stop(); // down: connection refused
    for (const { s, roomId } of sockets) {
      const late = { roomId, clientMessageId: "late", content: "late" };
      expect((await h.call(s, "send-message", late)).ok).toBe(true);
    }
    const back = await startReceiver(secret, receiver.port, { requests: receiver.requests });
    receivers.push(back);
    const got = firsts(await back.until((r) => delivered(r, 3 * 7), 40_000));
    for (const roomId of rooms) {
      const mine = got.filter((r) => r.id === roomId || r.data.roomId === roomId);
      expect(mine.map((r) => r.type)).toEqual([
        "room.created",
        ...Array(6).fill("message.created"),
      ]);
      expect(mine.slice(1).map((r) => r.data.content)).toEqual([
        "m0",
        "m1",
        "m2",
        "m3",
        "m4",
        "late",
      ]);
    }
    // A duplicate is only ever a resend: the same id always carries the same event.
    const bodies = new Map<string, Set<string>>();
    for (const r of back.requests)
      bodies.set(r.id, (bodies.get(r.id) ?? new Set()).add(JSON.stringify([r.type, r.data])));
    for (const copies of bodies.values()) expect(copies.size).toBe(1);
  });

  it("keeps a room's order when two nodes take turns writing into it (one delivers, one does not)", async () => {
    const secret = randomBytes(16).toString("hex");
    const receiver = await startReceiver(secret, 0);
    receivers.push(receiver);
    const cluster = await startCluster(2, {
      webhooks: { urls: [receiver.url], secret, retryBaseMs: 100, pollMs: 300 },
    });
    clusters.push(cluster);
    const [a, b] = cluster.nodes as [TestServer, TestServer];
    const sockets: ClientSocket[] = [];
    const customer = await connectTo(a, "wh3-customer", "customer", sockets);
    const agent = await connectTo(b, "wh3-agent", "admin", sockets);
    try {
      const roomId = (await callOn(customer, "join-chat", {})).data.room.id as string;
      await receiver.until((r) => delivered(r, 1)); // room.created: a node delivers by now
      // The nodes take turns: each write follows the other node's within milliseconds, far
      // sooner than the delivering node's next read of the outbox.
      for (let k = 0; k < 12; k++) {
        const c = { roomId, clientMessageId: `c${k}`, content: `c${k}` };
        const a = { roomId, clientMessageId: `a${k}`, content: `a${k}` };
        expect((await callOn(customer, "send-message", c)).ok).toBe(true);
        expect((await callOn(agent, "send-message", a)).ok).toBe(true);
      }
      // The room's events as stored, in the room's order (room.created, the assignment, 24).
      const rows = await cluster.db
        .collection<{ eventId: string; seq: number }>("chat_webhook_deliveries")
        .find({ roomId })
        .sort({ seq: 1 })
        .toArray();
      expect(rows).toHaveLength(26);
      const got = firsts(await receiver.until((r) => delivered(r, 26), 30_000));
      expect(got.map((r) => r.id)).toEqual(rows.map((r) => r.eventId));
    } finally {
      sockets.forEach((s) => s.close());
    }
  });

  it("writes room.created again when the customer comes back to their new, empty room", async () => {
    const { h, receiver } = await setUp();
    const customer = await h.connect("wh4-customer");
    const roomId = (await h.call(customer, "join-chat", {})).data.room.id as string;
    await receiver.until((r) => delivered(r, 1));
    const outbox = h.db.collection("chat_webhook_deliveries");
    // As if the write at the room's creation had been cut off after the room was stored.
    await outbox.deleteMany({ roomId });
    await h.call(customer, "join-chat", {});
    expect(await outbox.countDocuments({ roomId, type: "room.created" })).toBe(1);
    // Once the room has a message, a visit writes nothing more.
    await h.call(customer, "send-message", { roomId, clientMessageId: "m1", content: "hi" });
    await outbox.deleteMany({ roomId, type: "room.created" });
    await h.call(customer, "join-chat", {});
    expect(await outbox.countDocuments({ roomId, type: "room.created" })).toBe(0);
  });
});
