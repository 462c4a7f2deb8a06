import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startTestServer, type TestServer } from "../src/testing.ts";
import { callOn, connectTo, waitFor } from "./support.ts";

// Two nodes on a private Redis that the test stops and starts again: a Redis outage must
// neither crash a node (an unhandled rejection here fails the run) nor lose what was ACKed.
let redisPort: number;
let redis: ChildProcess | null = null;
let nodes: TestServer[] = [];
const sockets: Socket[] = [];

const freePort = () =>
  new Promise<number>((resolve) => {
    const srv = createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });

async function startRedis() {
  redis = spawn("redis-server", ["--port", String(redisPort), "--save", "", "--appendonly", "no"], {
    stdio: "ignore",
  });
  await until(
    async () =>
      (await Promise.all(nodes.map((n) => n.chat.isReady()))).every(Boolean) || nodes.length === 0,
  );
}
function stopRedis() {
  return new Promise<void>((resolve) => {
    redis!.once("exit", () => resolve());
    redis!.kill("SIGKILL");
  });
}
async function until(check: () => Promise<boolean>, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  redisPort = await freePort();
  await startRedis();
  await new Promise((r) => setTimeout(r, 200));
  const common = {
    mongoUri: inject("mongoUri"),
    dbName: `sb_outage_${randomBytes(4).toString("hex")}`,
    secret: "outage-secret",
    redisUrl: `redis://127.0.0.1:${redisPort}`,
    rateLimits: false,
  };
  nodes = [await startTestServer(common), await startTestServer(common)];
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await Promise.all(nodes.map((n) => n.close()));
  if (redis && redis.exitCode === null) await stopRedis();
});

const connect = (node: TestServer, sub: string, role: "customer" | "admin" = "customer") =>
  connectTo(node, sub, role, sockets);
const call = callOn;

describe("Redis outage", () => {
  it("keeps both nodes up, refuses sends it cannot lock, and carries events again once Redis is back", async () => {
    const customer = await connect(nodes[0]!, "out-customer");
    const roomId = (await call(customer, "join-chat", {})).data.room.id;
    const agent = await connect(nodes[1]!, "out-agent", "admin");
    await call(agent, "join-chat", { roomId });

    await stopRedis();
    await until(async () => !(await nodes[0]!.chat.isReady()));
    const during = await call(customer, "send-message", {
      roomId,
      clientMessageId: "during",
      content: "while Redis is down",
    });
    expect(during).toMatchObject({ ok: false, error: { code: "INTERNAL" } });
    // A broadcast during the outage (typing goes out through the adapter only) is no crash.
    expect(await call(agent, "typing", { roomId })).toEqual({ ok: true, data: {} });
    await new Promise((r) => setTimeout(r, 300));
    for (const n of nodes) expect((await fetch(`${n.url}/healthz`)).status).toBe(200);

    // Events published during the outage may not have reached the other node: once Redis
    // is back, every node sends its clients to resync (the SDK reconnects and catches up).
    const resync = [waitFor<string>(customer, "disconnect"), waitFor<string>(agent, "disconnect")];
    await startRedis();
    expect(await Promise.all(resync)).toEqual(["io server disconnect", "io server disconnect"]);
    customer.connect();
    agent.connect();
    await Promise.all([waitFor(customer, "connect"), waitFor(agent, "connect")]);
    await call(customer, "join-chat", { roomId });
    await call(agent, "join-chat", { roomId });
    const arrived = waitFor<{ content: string }>(agent, "new-message");
    const after = await call(customer, "send-message", {
      roomId,
      clientMessageId: "during",
      content: "while Redis is down",
    });
    expect(after.ok).toBe(true);
    expect((await arrived).content).toBe("while Redis is down");
  });
});
