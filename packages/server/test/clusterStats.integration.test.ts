// Who is connected, across two nodes on one real Redis (127.0.0.1:6379): the stats route's
// connection figures and push's presence, which each node answers from its own counts.
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startTestServer, type TestServer } from "../src/testing.ts";
import { ClusterPresence } from "../src/transport/presence.ts";
import { connectTo } from "./support.ts";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `sb-stats-${randomBytes(4).toString("hex")}`;
let nodes: [TestServer, TestServer];
const sockets: Socket[] = [];

beforeAll(async () => {
  const common = {
    mongoUri: inject("mongoUri"),
    dbName: `sb_stats_${randomBytes(4).toString("hex")}`,
    secret: randomBytes(16).toString("hex"),
    redisUrl: REDIS_URL,
    redisPrefix: prefix,
    rateLimits: false,
  };
  nodes = [await startTestServer(common), await startTestServer(common)];
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await Promise.all(nodes.map((n) => n.close()));
});

const connect = (node: TestServer, sub: string, role: "customer" | "admin" = "customer") =>
  connectTo(node, sub, role, sockets);

async function stats(node: TestServer) {
  const res = await fetch(`${node.url}/api/chat/stats`, {
    headers: { authorization: `Bearer ${await node.token("stats-viewer", "admin")}` },
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { connectedCustomers: number; connectedAgents: number };
  return { customers: body.connectedCustomers, agents: body.connectedAgents };
}

/** Calls `read` until it returns `want` (15 s at most): a cluster-wide count may be 2 s old. */
async function until<T>(read: () => Promise<T>, want: T) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const seen = await read();
    if (JSON.stringify(seen) === JSON.stringify(want) || Date.now() > deadline)
      return expect(seen).toEqual(want);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const expectBothToSee = (want: { customers: number; agents: number }) =>
  until(() => Promise.all(nodes.map(stats)), [want, want]);

const closed = (socket: Socket) =>
  new Promise<void>((resolve) => {
    socket.once("disconnect", () => resolve());
    socket.close();
  });

describe("who is connected, across two nodes", () => {
  it("counts distinct users by role on both nodes as sockets come and go", async () => {
    const [a, b] = nodes;
    // The same customer and the same agent on both nodes count once each.
    const c1a = await connect(a, "st-c1");
    const c1b = await connect(b, "st-c1");
    const c2b = await connect(b, "st-c2");
    await connect(a, "st-a1", "admin");
    await connect(b, "st-a1", "admin");
    const a2b = await connect(b, "st-a2", "admin");
    await expectBothToSee({ customers: 2, agents: 2 });

    await closed(c1a); // st-c1 is still on node B
    await expectBothToSee({ customers: 2, agents: 2 });
    await closed(c1b);
    await closed(a2b);
    await expectBothToSee({ customers: 1, agents: 1 });
    await closed(c2b);
    await expectBothToSee({ customers: 0, agents: 1 });
  });

  it("answers with the nodes that answer when one never does", async () => {
    // A subscriber on the adapter's request channel that answers nothing: to the others it
    // is a node that is stuck or mid-deploy. The stats must still come, from the live nodes.
    const mute = new Redis(REDIS_URL);
    try {
      await mute.subscribe(`${prefix}:socket.io-request#/chat#`);
      await connect(nodes[1], "st-mute-customer");
      // Each ask waits for the mute one until the adapter's 5-s timeout, then counts the rest.
      await until(async () => (await stats(nodes[0])).customers, 1);
    } finally {
      await mute.quit();
    }
  });

  it("tells push whether a user is online on another node", async () => {
    const [a, b] = nodes;
    const presence = new ClusterPresence(a.chat.namespace, { clustered: true });
    expect(await presence.isOnline("st-push")).toBe(false);
    const socket = await connect(b, "st-push");
    expect(await presence.isOnline("st-push")).toBe(true);
    await closed(socket);
    await until(() => presence.isOnline("st-push"), false);
  });
});
