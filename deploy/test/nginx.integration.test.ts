// deploy/nginx.conf in front of two real nodes (`node --import tsx packages/server/src/main.ts`,
// one database, one Redis), run by real nginx:
// - sticky (the file as shipped): Socket.IO's polling handshake and the upgrade to WebSocket
//   work, and a message crosses from a client on node 1 to a client on node 2;
// - the same file without its stickiness line (round-robin): polling sessions break
//   ("Session ID unknown"), which is why the line is there;
// - a rolling restart: SIGTERM one node, its clients reconnect through nginx to the other,
//   and messages sent afterwards are delivered; then the same for the other node.
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { io, type ManagerOptions, type Socket, type SocketOptions } from "socket.io-client";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { signToken } from "@switchboard/server";
import {
  deployDir,
  freePort,
  NGINX_STICKY_LINE,
  renderNginx,
  startNginx,
  startNode,
  type Child,
  type NodeEnv,
} from "./support.ts";

declare module "vitest" {
  export interface ProvidedContext {
    mongoUri: string;
  }
}

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

let tmp: string;
let secret: string;
const nodeEnv: NodeEnv[] = [];
const nodes: (Child | undefined)[] = [];
let sticky: Child | undefined;
let roundRobin: Child | undefined;
let stickyUrl: string;
let roundRobinUrl: string;
/** Loopback source addresses that nginx's hash sends to node 1 and to node 2. */
let addrFor: [string, string];
const sockets: Socket[] = [];

beforeAll(async () => {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    expect(await redis.ping()).toBe("PONG");
  } catch (err) {
    throw new Error(`these tests need Redis at ${REDIS_URL}: ${String(err)}`, { cause: err });
  } finally {
    redis.disconnect();
  }

  tmp = await mkdtemp(path.join(os.tmpdir(), "switchboard-deploy-nginx-"));
  secret = randomBytes(32).toString("hex");
  const dbName = `sb_deploy_${randomBytes(4).toString("hex")}`;
  const mongodbUri = inject("mongoUri").replace(/\/?$/, "/") + dbName;
  for (let i = 0; i < 2; i++) {
    nodeEnv.push({
      port: await freePort(),
      mongodbUri,
      jwtSecret: secret,
      redisUrl: REDIS_URL,
      uploadDir: path.join(tmp, "uploads"),
    });
  }
  // Node 1 first: it creates the indexes; two nodes racing to create them is not the point.
  nodes[0] = await startNode("node 1", nodeEnv[0]!);
  nodes[1] = await startNode("node 2", nodeEnv[1]!);

  const vars = (port: number) => ({
    NGINX_PORT: `127.0.0.1:${port}`,
    SWITCHBOARD_NODE_1: `127.0.0.1:${nodeEnv[0]!.port}`,
    SWITCHBOARD_NODE_2: `127.0.0.1:${nodeEnv[1]!.port}`,
  });
  const stickyPort = await freePort();
  sticky = await startNginx(
    path.join(tmp, "sticky"),
    await renderNginx(vars(stickyPort)),
    stickyPort,
  );
  stickyUrl = `http://127.0.0.1:${stickyPort}`;
  const rrPort = await freePort();
  roundRobin = await startNginx(
    path.join(tmp, "round-robin"),
    await renderNginx(vars(rrPort), { roundRobin: true }),
    rrPort,
  );
  roundRobinUrl = `http://127.0.0.1:${rrPort}`;

  // All of 127.0.0.0/8 is this machine: find a client address that nginx hashes to each node.
  const found: Partial<Record<string, string>> = {};
  for (let i = 1; i < 64 && !(found["1"] && found["2"]); i++) {
    const localAddress = `127.0.0.${i}`;
    const node = nodeOf((await request(stickyUrl + "/healthz", { localAddress })).upstream);
    found[node] ??= localAddress;
  }
  if (!found["1"] || !found["2"]) throw new Error(`no source address reaches both nodes`);
  addrFor = [found["1"], found["2"]];
});

afterAll(async () => {
  for (const s of sockets) s.close();
  // Every process this file started, and then their files.
  await Promise.all([sticky?.stop(), roundRobin?.stop(), ...nodes.map((n) => n?.stop())]);
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** "1" or "2": which node an `X-Test-Upstream` address is. */
function nodeOf(upstream: string | undefined): string {
  const i = nodeEnv.findIndex((e) => upstream === `127.0.0.1:${e.port}`);
  if (i === -1) throw new Error(`unexpected upstream ${upstream}`);
  return String(i + 1);
}

/** One plain HTTP request (Node's http, so that the source address can be chosen). */
function request(
  url: string,
  opts: { method?: string; body?: string; localAddress?: string } = {},
): Promise<{ status: number; body: string; upstream: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: opts.method ?? "GET",
        agent: false,
        timeout: 10_000,
        ...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
        headers: opts.body ? { "content-type": "text/plain;charset=UTF-8" } : {},
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            body,
            upstream: res.headers["x-test-upstream"] as string | undefined,
          }),
        );
      },
    );
    req.on("timeout", () => req.destroy(new Error(`timeout: ${url}`)));
    req.on("error", reject);
    req.end(opts.body);
  });
}

/** A Socket.IO client through nginx from `localAddress`; polling first, as browsers start. */
async function client(
  base: string,
  sub: string,
  role: "customer" | "admin",
  localAddress: string,
  extra: Partial<ManagerOptions & SocketOptions> = {},
): Promise<Socket> {
  const token = await signToken(secret, { sub, role }, "1h");
  // engine.io-client hands `agent` to its Node XMLHttpRequest (polling) and `agent` and
  // `localAddress` to ws (WebSocket); its types only know a browser's options.
  const nodeOptions = { agent: new http.Agent({ localAddress }), localAddress } as object;
  const socket = io(`${base}/chat`, {
    auth: { token },
    transports: ["polling", "websocket"],
    upgrade: true,
    reconnection: false,
    ...nodeOptions,
    ...extra,
  });
  sockets.push(socket);
  // As the SDK does (packages/client socketService.ts): after "io server disconnect"
  // Socket.IO does not reconnect by itself, so reconnect by hand.
  if (extra.reconnection) {
    socket.on("disconnect", (reason) => {
      if (reason === "io server disconnect") setTimeout(() => socket.connect(), 200);
    });
  }
  return socket;
}

/** Waits until nginx sends requests from `localAddress` to node `n` (after a failure it
 * skips a node for fail_timeout, 10 s). */
async function untilRoutedTo(localAddress: string, n: 1 | 2): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const { upstream } = await request(stickyUrl + "/healthz", { localAddress });
    if (nodeOf(upstream) === String(n)) return;
    if (Date.now() > deadline) throw new Error(`nginx never routed ${localAddress} to node ${n}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Resolves on "connect", rejects on "connect_error" or after `ms`. */
function connected(socket: Socket, ms = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no connect in ${ms} ms`)), ms);
    socket.once("connect", () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once("connect_error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** The next `event` of a socket or of its engine (the typed emitters, loosely). */
function next<T>(emitter: Socket | Socket["io"]["engine"], event: string, ms = 10_000): Promise<T> {
  const target = emitter as unknown as { once(event: string, fn: (value: T) => void): void };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} in ${ms} ms`)), ms);
    target.once(event, (value: T) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const call = (s: Socket, event: string, payload: unknown): Promise<any> =>
  s.timeout(10_000).emitWithAck(event, payload);

async function joinAsCustomer(s: Socket): Promise<string> {
  const ack = await call(s, "join-chat", {});
  expect(ack.ok, JSON.stringify(ack)).toBe(true);
  return ack.data.room.id as string;
}

/** `switchboard_connections{role}` of one node, read from the node itself. */
async function connectionsOn(node: 1 | 2, role: "customer" | "admin"): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${nodeEnv[node - 1]!.port}/metrics`)).text();
  const m = new RegExp(`^switchboard_connections\\{role="${role}"\\} (\\d+)`, "m").exec(text);
  return m ? Number(m[1]) : 0;
}

/** Polling handshake, then a POST on the same session (an engine.io close packet). */
async function pollingSession(base: string, localAddress: string) {
  const open = await request(`${base}/socket.io/?EIO=4&transport=polling`, { localAddress });
  expect(open.status, open.body).toBe(200);
  const sid = (JSON.parse(open.body.slice(1)) as { sid: string }).sid;
  const post = await request(`${base}/socket.io/?EIO=4&transport=polling&sid=${sid}`, {
    method: "POST",
    body: "1",
    localAddress,
  });
  return { handshakeNode: nodeOf(open.upstream), post };
}

describe("deploy/nginx.conf in front of two nodes", () => {
  it("has what a Socket.IO cluster needs", async () => {
    const conf = await readFile(path.join(deployDir, "nginx.conf"), "utf8");
    expect(conf).toContain(NGINX_STICKY_LINE);
    expect(conf).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
    expect(conf).toMatch(/proxy_set_header Connection \$connection_upgrade;/);
    expect(conf).toMatch(/proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;/);
    const readTimeout = /proxy_read_timeout (\d+)s;/.exec(conf);
    // Above Socket.IO's pingInterval + pingTimeout (25 s + 20 s).
    expect(Number(readTimeout?.[1])).toBeGreaterThan(45);
    // Metrics are scraped from each node, not through the balancer.
    expect((await request(stickyUrl + "/metrics")).status).toBe(404);
    expect((await request(stickyUrl + "/readyz")).status).toBe(200);
  });

  it("each node serves every metric that the alerts and the dashboard use", async () => {
    const used = new Set<string>();
    for (const file of ["prometheus/alerts.yml", "grafana/chat.json"]) {
      const text = await readFile(path.join(deployDir, file), "utf8");
      for (const m of text.matchAll(/\bswitchboard_[a-z0-9_]+/g))
        used.add(m[0].replace(/_(bucket|sum|count)$/, ""));
    }
    expect(used.size).toBeGreaterThan(10);
    for (const env of nodeEnv) {
      const text = await (await fetch(`http://127.0.0.1:${env.port}/metrics`)).text();
      const served = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]));
      expect([...used].filter((name) => !served.has(name))).toEqual([]);
    }
  });

  it("sticky: polling handshake, upgrade to WebSocket, and a message across nodes", async () => {
    const customer = await client(stickyUrl, "ng-customer", "customer", addrFor[0]);
    const agent = await client(stickyUrl, "ng-agent", "admin", addrFor[1]);
    const upgraded = [customer, agent].map((s) => next<unknown>(s.io.engine, "upgrade"));
    await Promise.all([connected(customer), connected(agent)]);
    // Each connected over long-polling (several HTTP requests on one sid, all on one node)...
    await Promise.all(upgraded);
    // ... then upgraded: the WebSocket request carried the same sid to the same node.
    expect(customer.io.engine.transport.name).toBe("websocket");
    expect(agent.io.engine.transport.name).toBe("websocket");
    expect(await connectionsOn(1, "customer")).toBe(1);
    expect(await connectionsOn(2, "admin")).toBe(1);

    const roomId = await joinAsCustomer(customer);
    expect((await call(agent, "join-chat", { roomId })).ok).toBe(true);
    const atAgent = next<{ content: string }>(agent, "new-message");
    const sent = await call(customer, "send-message", {
      roomId,
      clientMessageId: "ng-1",
      content: "through nginx, node 1 to node 2",
    });
    expect(sent.ok, JSON.stringify(sent)).toBe(true);
    expect((await atAgent).content).toBe("through nginx, node 1 to node 2");

    // The agent's first answer takes the room: its activity message (contract v2) comes first.
    const contents: string[] = [];
    const atCustomer = new Promise<void>((resolve) =>
      customer.on("new-message", (m: { content: string }) => {
        contents.push(m.content);
        if (m.content === "and back") resolve();
      }),
    );
    await call(agent, "send-message", { roomId, clientMessageId: "ng-2", content: "and back" });
    await Promise.race([atCustomer, next(customer, "never", 10_000)]);
    expect(contents).toEqual(["ng-agent took the chat", "and back"]);
    customer.close();
    agent.close();
  });

  it("round-robin (no stickiness): polling sessions break, which is why the hash is there", async () => {
    // Raw engine.io: a handshake, then a request on its sid. Round-robin sends the second
    // request to the other node, which never heard of the session.
    const attempts = 6;
    const rr = [];
    const st = [];
    for (let i = 0; i < attempts; i++) {
      rr.push(await pollingSession(roundRobinUrl, addrFor[0]));
      st.push(await pollingSession(stickyUrl, addrFor[i % 2]!));
    }
    const unknown = rr.filter(
      (r) => r.post.status === 400 && r.post.body.includes("Session ID unknown"),
    );
    expect(unknown.length, JSON.stringify(rr)).toBeGreaterThan(0);
    expect(st.map((s) => [s.post.status, s.post.body])).toEqual(
      Array.from({ length: attempts }, () => [200, "ok"]),
    );

    // A real client starting with polling, as every browser does, cannot connect.
    const lost = await client(roundRobinUrl, "rr-customer", "customer", addrFor[0]);
    const error = await connected(lost).then(
      () => null,
      (err: Error) => err,
    );
    expect(error, "connected through a round-robin upstream").not.toBeNull();
    expect(lost.connected).toBe(false);
    lost.close();

    // WebSocket-only works either way (one request, no session to find): stickiness is for
    // polling, which clients need where WebSockets are blocked and use for the first
    // handshake by default.
    const wsOnly = await client(roundRobinUrl, "rr-ws", "customer", addrFor[0], {
      transports: ["websocket"],
    });
    await connected(wsOnly);
    wsOnly.close();
  });

  it("stopping one node leaves the other node's clients connected", async () => {
    const onNode1 = await client(stickyUrl, "stop-customer", "customer", addrFor[0]);
    const onNode2 = await client(stickyUrl, "stop-agent", "admin", addrFor[1]);
    await Promise.all([connected(onNode1), connected(onNode2)]);
    expect(await connectionsOn(2, "admin")).toBe(1);
    const reasons: string[] = [];
    onNode2.on("disconnect", (reason) => reasons.push(reason));

    expect(await nodes[0]!.stop()).toEqual({ code: 0, signal: null });
    await new Promise((r) => setTimeout(r, 1_000));
    // A node's shutdown must close its own sockets only: through the Redis adapter,
    // `namespace.disconnectSockets()` reaches every node of the cluster (the local-only
    // form is `namespace.local.disconnectSockets()`).
    expect(reasons, "node 2's socket was disconnected when node 1 stopped").toEqual([]);
    expect(onNode2.connected).toBe(true);
    onNode1.close();
    onNode2.close();
  });

  it("rolling restart: SIGTERM a node, its clients reconnect through nginx, nothing is lost", async () => {
    if (!nodes[0]?.running) nodes[0] = await startNode("node 1 (restarted)", nodeEnv[0]!);
    await untilRoutedTo(addrFor[0], 1);
    const reconnecting = { reconnection: true, reconnectionDelay: 200, reconnectionDelayMax: 1000 };
    const customer = await client(
      stickyUrl,
      "rr-roll-customer",
      "customer",
      addrFor[0],
      reconnecting,
    );
    const agent = await client(stickyUrl, "rr-roll-agent", "admin", addrFor[1], reconnecting);
    await Promise.all([connected(customer), connected(agent)]);
    const roomId = await joinAsCustomer(customer);
    expect((await call(agent, "join-chat", { roomId })).ok).toBe(true);
    expect(await connectionsOn(1, "customer")).toBe(1);

    // Like the SDK: every reconnection joins the room again (a new socket is in no room).
    const rejoined = new Map<Socket, Promise<unknown>>();
    for (const s of [customer, agent])
      s.on("connect", () => rejoined.set(s, call(s, "join-chat", { roomId })));

    /** Stops node `n`; returns once `moved` reconnected (elsewhere) and every client is back
     * in the room. */
    const restart = async (n: 1 | 2, moved: Socket[]) => {
      const back = moved.map((s) => next<void>(s, "connect", 20_000));
      const stopped = await nodes[n - 1]!.stop();
      expect(stopped, nodes[n - 1]!.log()).toEqual({ code: 0, signal: null });
      await Promise.all(back);
      await new Promise((r) => setTimeout(r, 500));
      for (const s of [customer, agent]) if (!s.connected) await next(s, "connect", 20_000);
      for (const ack of await Promise.all(rejoined.values()))
        expect((ack as { ok: boolean }).ok).toBe(true);
    };
    const roundTrip = async (id: string) => {
      const atAgent = next<{ content: string }>(agent, "new-message");
      const atCustomer = next<{ content: string }>(customer, "new-message");
      const ack = await call(customer, "send-message", {
        roomId,
        clientMessageId: id,
        content: id,
      });
      expect(ack.ok, JSON.stringify(ack)).toBe(true);
      expect((await atAgent).content).toBe(id);
      expect((await atCustomer).content).toBe(id);
    };

    // Node 1 goes: the customer lands on node 2 through nginx.
    await restart(1, [customer]);
    expect(await connectionsOn(2, "customer")).toBe(1);
    await roundTrip("after node 1 stopped");

    // Node 1 comes back; once nginx routes to it again, node 2 goes: both land on node 1.
    nodes[0] = await startNode("node 1 (restarted)", nodeEnv[0]!);
    const deadline = Date.now() + 20_000; // nginx skips a failed node for fail_timeout (10 s)
    while (
      nodeOf((await request(stickyUrl + "/healthz", { localAddress: addrFor[0] })).upstream) !== "1"
    ) {
      if (Date.now() > deadline) throw new Error("nginx never routed to node 1 again");
      await new Promise((r) => setTimeout(r, 250));
    }
    await restart(2, [customer, agent]);
    expect(await connectionsOn(1, "customer")).toBe(1);
    expect(await connectionsOn(1, "admin")).toBe(1);
    await roundTrip("after node 2 stopped");

    // What the agent missed while reconnecting is in the history (nothing was lost).
    const history = await call(agent, "join-chat", { roomId });
    expect(history.data.messages.map((m: { content: string }) => m.content)).toEqual([
      "after node 1 stopped",
      "after node 2 stopped",
    ]);
  }, 90_000);
});
