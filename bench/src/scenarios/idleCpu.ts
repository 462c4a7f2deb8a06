// (6) Idle CPU: what a node costs while nothing happens. N authenticated idle sockets (21,
// then 10,000; quick: 2,000 only), then the server processes' CPU read from /proc over 25 s
// (quick: 8 s): one Socket.IO heartbeat period, so every socket is pinged once in the window
// whenever it connected. Then the same with 50 agent dashboards open, each polling
// `GET /api/chat/stats` every 5 s as the web app does (not the stats of one poll: the cost of
// leaving them open), and whether their answer counts the N customers. Targets: one node;
// two nodes + a private Redis with the sockets on node A and the dashboards on node B (so
// the cluster-wide count crosses nodes); and plain Socket.IO (the echo server) as baseline.
import { callAll, Worker } from "../lib/ipc.ts";
import { spawnTs, stop, waitForLine } from "../lib/processes.ts";
import { cpuSeconds, startRedis } from "../lib/env.ts";
import { saveJson, table } from "../lib/report.ts";
import { summarize } from "../lib/stats.ts";
import { sign } from "../lib/tokens.ts";
import { freshUri, server, type Ctx } from "./context.ts";

const WORKERS = 4; // idle-socket client processes, each well under `ulimit -n`
const DASHBOARDS = 50;
const POLL_MS = 5_000; // apps/web's STATS_POLL_MS
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Target {
  name: string;
  /** Where the idle sockets connect. */
  url: string;
  /** Where the dashboards poll; none for the echo baseline. */
  statsUrl?: string;
  /** The processes whose CPU is read, by name. */
  pids: Record<string, number>;
  stop(): Promise<void>;
}

export async function idleCpu(ctx: Ctx) {
  const steps = ctx.quick ? [2000] : [21, 10_000];
  const seconds = ctx.quick ? 8 : 25;
  console.log(
    `\n== idle CPU: ${steps.join(", ")} idle sockets, ${seconds} s each; then ${DASHBOARDS} dashboards polling stats every ${POLL_MS / 1000} s`,
  );
  const rows: Record<string, unknown>[] = [];
  const targets: (() => Promise<Target>)[] = [
    async () => {
      const s = await server(ctx, freshUri(ctx, "idle"));
      return {
        name: "switchboard",
        url: s.url,
        statsUrl: s.url,
        pids: { server: s.pid() },
        stop: () => s.stop(),
      };
    },
    async () => {
      const redis = await startRedis();
      const uri = freshUri(ctx, "idle2");
      const a = await server(ctx, uri, { redisUrl: redis.url, name: "idleA" });
      const b = await server(ctx, uri, { redisUrl: redis.url, name: "idleB" });
      return {
        name: "switchboard, 2 nodes + Redis",
        url: a.url,
        statsUrl: b.url,
        pids: { "node A (sockets)": a.pid(), "node B (dashboards)": b.pid() },
        stop: async () => (await Promise.all([a.stop(), b.stop()]), await redis.stop()),
      };
    },
    async () => {
      const echo = spawnTs("bench/src/echoServer.ts", []);
      const [, port] = await waitForLine(echo, /PORT=(\d+)/);
      return {
        name: "socket.io echo",
        url: `http://127.0.0.1:${port}`,
        pids: { server: echo.pid! },
        stop: () => stop(echo),
      };
    },
  ];
  for (const start of targets) {
    const target = await start();
    // A node that has idled for a while, as in production: V8 runs a few memory-reducing
    // collections in the first ~40 s after start-up, which are not what an idle node costs.
    const warm = Date.now() + (ctx.quick ? 0 : 45_000);
    try {
      rows.push(...(await measure(target, steps, seconds, warm, ctx)));
    } finally {
      await target.stop();
    }
  }
  table("CPU of each server process, % of one core", rows);
  await saveJson("idle-cpu", { quick: ctx.quick, seconds, dashboards: DASHBOARDS, rows });
}

async function measure(target: Target, steps: number[], seconds: number, warm: number, ctx: Ctx) {
  const workers = Array.from({ length: WORKERS }, () =>
    Worker.start("idle", { BENCH_SECRET: ctx.secret }),
  );
  const rows: Record<string, unknown>[] = [];
  try {
    let have = 0;
    for (const total of steps) {
      const shares = split(total - have, WORKERS);
      const starts = shares.map((_, w) => have + shares.slice(0, w).reduce((a, b) => a + b, 0));
      const runs = await callAll<{ connected: number; failed: number }>(
        workers,
        "open",
        (w) => ({
          url: target.url,
          tag: target.name.replace(/\W/g, ""),
          from: starts[w],
          count: shares[w],
          concurrency: 50,
        }),
        180_000,
      );
      have = total;
      const connected = runs.reduce((a, r) => a + r.connected, 0);
      // The handshakes' after-effects (GC, V8's memory reducer after start-up) settle.
      await sleep(Math.max(ctx.quick ? 3000 : 10_000, warm - Date.now()));
      const idle = await cpu(target.pids, seconds);
      const row: Record<string, unknown> = { target: target.name, sockets: connected, ...idle };
      console.log(`  idle: ${JSON.stringify(row)}`);
      rows.push(row);
      if (target.statsUrl) {
        const polled = await withDashboards(target.statsUrl, ctx.secret, () =>
          cpu(target.pids, seconds),
        );
        const dash = { target: `${target.name} + ${DASHBOARDS} dashboards`, sockets: connected };
        rows.push({ ...dash, ...polled });
        console.log(`  dashboards: ${JSON.stringify(rows[rows.length - 1])}`);
      }
    }
  } finally {
    await Promise.all(
      workers.map((w) =>
        w
          .call("close")
          .catch(() => undefined)
          .then(() => w.close()),
      ),
    );
  }
  return rows;
}

/** `n` split into `parts` whole shares that add up to it. */
const split = (n: number, parts: number) =>
  Array.from({ length: parts }, (_, i) => Math.floor(n / parts) + (i < n % parts ? 1 : 0));

/** % of one core used by each process over `seconds`, to 0.1 % (/proc ticks are 10 ms). */
async function cpu(pids: Record<string, number>, seconds: number) {
  const t0 = performance.now();
  const c0 = Object.fromEntries(Object.entries(pids).map(([k, p]) => [k, cpuSeconds(p)]));
  await sleep(seconds * 1000);
  const s = (performance.now() - t0) / 1000;
  return Object.fromEntries(
    Object.entries(pids).map(([k, p]) => [
      `${k} cpu %`,
      Math.round((1000 * (cpuSeconds(p) - c0[k]!)) / s) / 10,
    ]),
  );
}

/**
 * Runs `during` while DASHBOARDS admins poll the stats route every POLL_MS, spread evenly
 * over the interval as real screens would be; returns its result with the polls' latency,
 * failures and the last `connectedCustomers` answered.
 */
async function withDashboards<T extends object>(
  url: string,
  secret: string,
  during: () => Promise<T>,
) {
  const tokens = Array.from({ length: DASHBOARDS }, (_, i) => sign(secret, `dash-${i}`, "admin"));
  const latency: number[] = [];
  let failed = 0;
  let customers = NaN;
  let live = true;
  const poll = async (token: string) => {
    const t0 = performance.now();
    try {
      const res = await fetch(`${url}/api/chat/stats`, {
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(POLL_MS * 2),
      });
      if (!res.ok) throw new Error(String(res.status));
      customers = ((await res.json()) as { connectedCustomers: number }).connectedCustomers;
      latency.push(performance.now() - t0);
    } catch {
      failed++;
    }
  };
  const loops = tokens.map(async (token, i) => {
    await sleep((i * POLL_MS) / DASHBOARDS);
    while (live) {
      const next = sleep(POLL_MS);
      await poll(token);
      await next;
    }
  });
  await sleep(POLL_MS); // every dashboard has polled once before measuring
  const result = await during();
  live = false;
  await Promise.all(loops);
  const l = summarize(latency);
  return {
    ...result,
    "stats p50 ms": Math.round(l.p50),
    "stats p99 ms": Math.round(l.p99),
    "stats failed": failed,
    "customers seen": customers,
  };
}
