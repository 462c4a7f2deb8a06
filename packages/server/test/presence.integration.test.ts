// Presence across nodes after a crash: two server processes on one database and Redis; a
// customer is connected to node A; node B counts them; A is killed with SIGKILL; B must
// stop counting them (no ghost "online" user), because the adapter asks live nodes only.
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, inject, it } from "vitest";
import { signToken } from "../src/auth/tokens.ts";
import { freePort, startServerProcess } from "./serverProcess.ts";

const secret = randomBytes(16).toString("hex");
const prefix = `presence-${randomBytes(4).toString("hex")}`;
const mongoUri = `${inject("mongoUri")}sb_presence_${randomBytes(4).toString("hex")}`;
const nodes: { port: number; child: ChildProcess }[] = [];
let socket: Socket | undefined;

async function until<T>(check: () => Promise<T | false>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check().catch(() => false as const);
    if (value !== false) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function startNode() {
  const port = await freePort();
  const child = await startServerProcess(port, {
    MONGODB_URI: mongoUri,
    JWT_SECRET: secret,
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    REDIS_PREFIX: prefix,
    NODE_ENV: "production",
  });
  return { port, child };
}

const connectedCustomers = async (port: number) => {
  const token = await signToken(secret, { sub: "presence-agent", role: "admin" });
  const res = await fetch(`http://127.0.0.1:${port}/api/chat/stats`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return ((await res.json()) as { connectedCustomers: number }).connectedCustomers;
};

beforeAll(async () => {
  nodes.push(await startNode(), await startNode());
});
afterAll(() => {
  socket?.close();
  for (const n of nodes) n.child.kill("SIGKILL");
});

describe("presence across nodes", () => {
  it("forgets the users of a node that crashed", async () => {
    const [a, b] = nodes as [(typeof nodes)[0], (typeof nodes)[0]];
    socket = io(`http://127.0.0.1:${a.port}/chat`, {
      auth: { token: await signToken(secret, { sub: "presence-customer", role: "customer" }) },
      transports: ["websocket"],
      reconnection: false,
    });
    await until(async () => (await connectedCustomers(b.port)) === 1 || false);
    a.child.kill("SIGKILL");
    // A ghost would keep this at 1 until `until` gives up (30 s); here it drops in about 5 s
    // (the adapter's request timeout, until Redis sees the dead node's subscription go).
    await until(async () => (await connectedCustomers(b.port)) === 0 || false);
  });
});
