// (3) Connections: authenticated idle sockets on one node, in steps up to 10,000 (quick:
// 1,000). Per step: the server's RSS delta per socket (/proc/<pid>/status VmRSS), the
// handshake rate and latency; at the end, the server's CPU while everything is idle.
// Baseline: the same sockets on the plain Socket.IO echo server.
import { execSync } from "node:child_process";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { heapSnapshotArgs, perSocket, snapshot, summarizeSnapshot } from "../lib/heap.ts";
import { callAll, Worker } from "../lib/ipc.ts";
import { spawnTs, stop, waitForLine } from "../lib/processes.ts";
import { cpuMeter, rssKiB } from "../lib/env.ts";
import { lineChart, saveJson, table } from "../lib/report.ts";
import { summarize } from "../lib/stats.ts";
import { freshUri, server, type Ctx } from "./context.ts";

const WORKERS = 4; // client processes: each holds a share, well under `ulimit -n`
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function connections(ctx: Ctx) {
  const steps = ctx.quick ? [500, 1000] : [2500, 5000, 7500, 10_000];
  const ulimit = execSync("ulimit -n", { shell: "/bin/bash" }).toString().trim();
  console.log(
    `\n== connections: steps ${steps.join(", ")}; ulimit -n ${ulimit} (each process: server, ${WORKERS} client workers)`,
  );
  const heapDir = path.join(ctx.tmp, "heap");
  await mkdir(heapDir, { recursive: true });
  const srv = await server(ctx, freshUri(ctx, "conn"), { nodeArgs: heapSnapshotArgs(heapDir) });
  const sb = await measure("switchboard", srv.url, srv.pid(), steps, ctx, heapDir);
  await srv.stop();
  const echo = spawnTs("bench/src/echoServer.ts", [], {}, heapSnapshotArgs(heapDir));
  const [, echoPort] = await waitForLine(echo, /PORT=(\d+)/);
  const base = await measure(
    "socket.io echo",
    `http://127.0.0.1:${echoPort}`,
    echo.pid!,
    steps,
    ctx,
    heapDir,
  );
  await stop(echo);
  if (!process.env.BENCH_KEEP_TMP) await rm(heapDir, { recursive: true, force: true });
  const rows = [...sb.steps, ...base.steps];
  table("Idle authenticated sockets (websocket transport)", rows);
  table("Idle CPU with every socket connected", [sb.idle, base.idle]);
  const last = (r: typeof sb) => r.steps[r.steps.length - 1]!;
  const ratio = Math.round((10 * last(sb)["KiB/socket"]) / last(base)["KiB/socket"]) / 10;
  console.log(`switchboard uses ${ratio}x the memory per idle socket of plain Socket.IO`);
  table(
    "JavaScript heap per socket (live objects, heap snapshots with and without the sockets)",
    [sb, base].map((r) => ({
      target: r.target,
      "RSS KiB/socket": last(r)["KiB/socket"],
      "heap KiB/socket": r.heap["heap KiB/socket"],
    })),
  );
  for (const r of [sb, base]) table(`${r.target}: what grew on the heap per socket`, r.heap.top);
  await saveJson("connections", {
    quick: ctx.quick,
    ulimit,
    steps: rows,
    idle: [sb.idle, base.idle],
    memoryRatioVsEcho: ratio,
    heap: { switchboard: sb.heap, echo: base.heap },
  });
  await lineChart({
    file: "connections",
    title: "handshake latency while opening idle sockets (50 at a time per worker)",
    x: "sockets connected",
    y: "handshake latency (ms)",
    logY: true,
    series: [sb, base].flatMap((r) =>
      (["p50", "p99"] as const).map((p) => ({
        name: `${r.target} ${p}`,
        points: r.steps.map((s) => ({ x: s.sockets, y: Math.max(0.1, s[`hs ${p}`]) })),
      })),
    ),
  });
  await lineChart({
    file: "connections-memory",
    title: "server RSS growth per idle socket",
    x: "sockets connected",
    y: "KiB per socket (RSS delta / sockets)",
    series: [sb, base].map((r) => ({
      name: r.target,
      points: r.steps.map((s) => ({ x: s.sockets, y: s["KiB/socket"] })),
    })),
    rules: [{ y: 25, label: "target 25 KiB" }],
  });
}

async function measure(
  target: string,
  url: string,
  pid: number,
  steps: number[],
  ctx: Ctx,
  heapDir: string,
) {
  const workers = Array.from({ length: WORKERS }, () =>
    Worker.start("idle", { BENCH_SECRET: ctx.secret }),
  );
  const out = [];
  let idle: { target: string; seconds: number; "cpu %": number };
  let heap: ReturnType<typeof perSocket>;
  try {
    await sleep(1000);
    const rss0 = rssKiB(pid);
    let have = 0;
    for (const total of steps) {
      const share = Math.ceil((total - have) / WORKERS);
      const runs = await callAll<{
        handshake: number[];
        failed: number;
        connected: number;
        seconds: number;
      }>(
        workers,
        "open",
        (w) => ({
          url,
          tag: `${target.replace(/\W/g, "")}-${w}`,
          from: have + w * share,
          count: share,
          concurrency: 50,
        }),
        180_000,
      );
      have += share * WORKERS;
      await sleep(ctx.quick ? 1000 : 2000);
      const rss = rssKiB(pid);
      const hs = summarize(runs.flatMap((r) => r.handshake));
      const connected = runs.reduce((a, r) => a + r.connected, 0);
      out.push({
        target,
        sockets: connected,
        failed: runs.reduce((a, r) => a + r.failed, 0),
        "handshakes/s": Math.round((share * WORKERS) / Math.max(...runs.map((r) => r.seconds))),
        "hs p50": hs.p50,
        "hs p99": hs.p99,
        "RSS MiB": Math.round(rss / 1024),
        "KiB/socket": Math.round((10 * (rss - rss0)) / Math.max(1, connected)) / 10,
      });
      console.log(`  ${target}: ${JSON.stringify(out[out.length - 1])}`);
    }
    const seconds = ctx.quick ? 3 : 5;
    const meter = cpuMeter({ s: pid });
    await sleep(seconds * 1000);
    idle = { target, seconds, "cpu %": meter().s! };
    // The heap with every socket open against the heap once they have all closed: what is
    // made once (compiled code, caches filled on first use) is in both and drops out.
    const open = await summarizeSnapshot(await snapshot(pid, heapDir));
    await Promise.all(workers.map((w) => w.call("close")));
    await sleep(3000);
    const closed = await summarizeSnapshot(await snapshot(pid, heapDir));
    heap = perSocket(closed, open, have);
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
  return { target, steps: out, idle, heap };
}
