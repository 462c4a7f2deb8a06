import { randomBytes } from "node:crypto";
import mongoose, { type Connection } from "mongoose";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { startTestServer, type TestServer } from "../src/testing.ts";
import { callOn, connectTo, nextWhere, waitFor } from "./support.ts";

// Two nodes on one database and one real Redis (127.0.0.1:6379), as `REDIS_URL` runs them.
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
let nodes: TestServer[];
let db: Connection;
const sockets: Socket[] = [];

beforeAll(async () => {
  const dbName = `sb_cluster_${randomBytes(4).toString("hex")}`;
  const secret = randomBytes(16).toString("hex");
  const common = {
    mongoUri: inject("mongoUri"),
    dbName,
    secret,
    redisUrl: REDIS_URL,
    rateLimits: false,
  };
  nodes = [await startTestServer(common), await startTestServer(common)];
  db = await mongoose.createConnection(nodes[0]!.mongoUri).asPromise();
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await Promise.all(nodes.map((n) => n.close()));
  await db.close();
});

const connect = (node: TestServer, sub: string, role: "customer" | "admin" = "customer") =>
  connectTo(node, sub, role, sockets);
const call = callOn;

describe("two nodes with Redis", () => {
  it("delivers a message sent on node A to an agent on node B, and room updates to every admin", async () => {
    const watcher = await connect(nodes[1]!, "cl-watcher", "admin");
    const newRoom = waitFor<{ customerId: string }>(watcher, "room-updated");
    const customer = await connect(nodes[0]!, "cl-customer");
    const roomId = (await call(customer, "join-chat", {})).data.room.id;
    expect(await newRoom).toMatchObject({ customerId: "cl-customer" });
    const agent = await connect(nodes[1]!, "cl-agent", "admin");
    await call(agent, "join-chat", { roomId });
    const arrived = waitFor<{ content: string }>(agent, "new-message");
    await call(customer, "send-message", {
      roomId,
      clientMessageId: "x1",
      content: "across nodes",
    });
    expect((await arrived).content).toBe("across nodes");
  });

  it("carries every server event of the contract from one node to the other", async () => {
    const customer = await connect(nodes[0]!, "cl-all-customer");
    const roomId = (await call(customer, "join-chat", {})).data.room.id;
    const agent = await connect(nodes[1]!, "cl-all-agent", "admin");
    const watcher = await connect(nodes[1]!, "cl-all-watcher", "admin");
    const history = nextWhere<{ roomId: string }>(agent, "chat-history", () => true);
    await call(agent, "join-chat", { roomId });
    expect((await history).roomId).toBe(roomId);

    const inRoom = (e: { roomId: string }) => e.roomId === roomId;
    for (const event of ["typing", "stop-typing"] as const) {
      const seen = nextWhere(agent, event, inRoom);
      await call(customer, event, { roomId });
      expect(await seen).toEqual({ roomId, userId: "cl-all-customer", role: "customer" });
    }
    const agentTyping = nextWhere(customer, "typing", inRoom);
    await call(agent, "typing", { roomId });
    expect(await agentTyping).toMatchObject({ userId: "cl-all-agent", role: "admin" });

    const arrived = nextWhere<{ id: string; roomId: string }>(agent, "new-message", inRoom);
    const counted = nextWhere(
      watcher,
      "room-updated",
      (r: { id: string; unreadCountAdmin: number }) => r.id === roomId && r.unreadCountAdmin === 1,
    );
    const sent = await call(customer, "send-message", {
      roomId,
      clientMessageId: "all-1",
      content: "hi",
    });
    const messageId = sent.data.message.id as string;
    expect((await arrived).id).toBe(messageId);
    await counted;

    for (const [event, payload, status] of [
      ["message-delivered", { roomId, messageIds: [messageId] }, "delivered"],
      ["message-read", { roomId, upToMessageId: messageId }, "read"],
    ] as const) {
      const seen = nextWhere(customer, "message-status", inRoom);
      const ack = await call(agent, event, payload);
      expect(ack.data.updated).toEqual([messageId]);
      expect(await seen).toMatchObject({ roomId, messageIds: [messageId], status });
    }

    const reply = nextWhere<{ content: string; roomId: string }>(
      customer,
      "new-message",
      (m) => inRoom(m) && m.content === "hello",
    );
    await call(agent, "send-message", { roomId, clientMessageId: "all-2", content: "hello" });
    expect((await reply).content).toBe("hello");

    const reassigned = nextWhere(
      agent,
      "room-updated",
      (r: { id: string; adminId: string }) => r.id === roomId && r.adminId === "cl-all-watcher",
    );
    const watcherOnA = await connect(nodes[0]!, "cl-all-watcher", "admin");
    await call(watcherOnA, "admin-assign", { roomId });
    await reassigned;

    const closed = nextWhere(agent, "chat-closed", inRoom);
    const closedRow = nextWhere(
      watcher,
      "room-updated",
      (r: { id: string; status: string }) => r.id === roomId && r.status === "closed",
    );
    await call(customer, "close-chat", { roomId });
    expect(await closed).toEqual({ roomId });
    await closedRow;
  });

  it("answers cluster-wide stats about sockets that used events and refreshed their token on the other node", async () => {
    // Node B asks node A for its users; and a host's fetchSockets() would ship each socket's
    // `data` from node to node, so it must stay plain JSON after events and a token refresh.
    const customer = await connect(nodes[0]!, "cl-stats-customer");
    const roomId = (await call(customer, "join-chat", {})).data.room.id;
    await call(customer, "send-message", { roomId, clientMessageId: "st-1", content: "hi" });
    const fresh = await nodes[0]!.token("cl-stats-customer", "customer", "2h");
    expect((await call(customer, "refresh-token", { token: fresh })).ok).toBe(true);
    const agentToken = await nodes[1]!.token("cl-stats-agent", "admin");
    const res = await fetch(`${nodes[1]!.url}/api/chat/stats`, {
      headers: { authorization: `Bearer ${agentToken}` },
    });
    expect(res.status).toBe(200);
    expect(
      ((await res.json()) as { connectedCustomers: number }).connectedCustomers,
    ).toBeGreaterThan(0);
    expect((await call(customer, "fetch-messages", { roomId })).ok).toBe(true); // node A lives
  });

  it("ends 50 concurrent joins spread over both nodes in one room", async () => {
    const sockets = [await connect(nodes[0]!, "cl-race"), await connect(nodes[1]!, "cl-race")];
    const acks = await Promise.all(
      Array.from({ length: 50 }, (_, i) => call(sockets[i % 2]!, "join-chat", {})),
    );
    expect(new Set(acks.map((a) => a.data.room.id)).size).toBe(1);
    expect(
      await db.collection("chat_rooms").countDocuments({ customerId: "cl-race", status: "open" }),
    ).toBe(1);
  });

  it("stores a send retried on both nodes once", async () => {
    const a = await connect(nodes[0]!, "cl-idem");
    const b = await connect(nodes[1]!, "cl-idem");
    const roomId = (await call(a, "join-chat", {})).data.room.id;
    const sends = Array.from({ length: 20 }, (_, i) => [
      call(a, "send-message", { roomId, clientMessageId: `m${i}`, content: `m${i}` }),
      call(b, "send-message", { roomId, clientMessageId: `m${i}`, content: `m${i}` }),
    ]).flat();
    expect((await Promise.all(sends)).every((x) => x.ok)).toBe(true);
    expect(await db.collection("chat_messages").countDocuments({ senderId: "cl-idem" })).toBe(20);
  });

  it("keeps unread counts equal to a recount under concurrent sends and reads on both nodes", async () => {
    const customers = [await connect(nodes[0]!, "cl-count"), await connect(nodes[1]!, "cl-count")];
    const roomId = (await call(customers[0]!, "join-chat", {})).data.room.id;
    const agents = [
      await connect(nodes[1]!, "cl-count-agent", "admin"),
      await connect(nodes[0]!, "cl-count-agent", "admin"),
    ];
    const ops: Promise<{ ok: boolean }>[] = [];
    for (let i = 0; i < 25; i++) {
      for (const [k, s] of [...customers, ...agents].entries()) {
        ops.push(
          call(s, "send-message", { roomId, clientMessageId: `c${k}-${i}`, content: `${k} ${i}` }),
        );
      }
      if (i % 3 === 0)
        for (const s of [...customers, ...agents]) ops.push(call(s, "message-read", { roomId }));
    }
    expect((await Promise.all(ops)).every((x) => x.ok)).toBe(true);
    const room = await db.collection("chat_rooms").findOne({ customerId: "cl-count" });
    const unread = (senderRole: string) =>
      db.collection("chat_messages").countDocuments({
        roomId: room!._id,
        senderRole,
        status: { $ne: "read" },
        kind: { $nin: ["note", "activity"] },
      });
    expect(room!.unreadCountAdmin).toBe(await unread("customer"));
    expect(room!.unreadCountCustomer).toBe(await unread("admin"));
  });

  it("shares rate limits across nodes", async () => {
    const shared = {
      mongoUri: inject("mongoUri"),
      dbName: `sb_rl_${randomBytes(4).toString("hex")}`,
      secret: "rate-limit-secret",
      redisUrl: REDIS_URL,
      redisPrefix: `rl-${randomBytes(4).toString("hex")}`,
    };
    const limited = [await startTestServer(shared), await startTestServer(shared)];
    try {
      const [a, b] = [
        await connect(limited[0]!, "cl-burst"),
        await connect(limited[1]!, "cl-burst"),
      ];
      const roomId = (await call(a!, "join-chat", {})).data.room.id;
      const acks = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          call(i % 2 ? b! : a!, "send-message", {
            roomId,
            clientMessageId: `r${i}`,
            content: `${i}`,
          }),
        ),
      );
      // One user's burst allowance (20) holds across both nodes, not 20 per node.
      expect(acks.filter((x) => x.ok)).toHaveLength(20);
      expect(acks.filter((x) => !x.ok).every((x) => x.error.code === "RATE_LIMITED")).toBe(true);
    } finally {
      await Promise.all(limited.map((n) => n.close()));
    }
  });
});
