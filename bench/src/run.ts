// `npm run bench` (`-- --quick` for under a minute): throughput and send->ACK latency of
// one node, with two baselines measured in the same run on the same machine:
//   (a) plain Socket.IO, no database: the transport's limit;
//   (b) the database driver inserting the same documents one at a time: the storage limit.
// Figures are printed and written to bench/results/throughput.json; nothing is asserted.
import { randomBytes } from "node:crypto";
import { mkdtemp, mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import mongoose from "mongoose";
import { signToken } from "@switchboard/server";
import { startDatabase } from "../../scripts/db.mjs";
import { freePort, repoRoot, spawnTs, stop, waitForHttp, waitForLine } from "./processes.ts";
import { summarize, type LatencySummary } from "./stats.ts";

const quick = process.argv.includes("--quick");
const LEVELS = quick ? [10, 40] : [10, 50, 100, 200];
const PER_CLIENT = quick ? 30 : 100;
const WORKERS = 2;

interface Row {
  target: string;
  clients: number;
  messages: number;
  perSecond: number;
  latencyMs: LatencySummary;
  failures: number;
}

async function load(url: string, secret: string, clients: number, tag: string): Promise<Row> {
  const tokens = await Promise.all(
    Array.from({ length: clients }, (_, i) =>
      signToken(secret, { sub: `bench-${tag}-${clients}-${i}`, role: "customer" }),
    ),
  );
  const shares = Array.from({ length: WORKERS }, (_, w) =>
    tokens.filter((_, i) => i % WORKERS === w),
  );
  const results = await Promise.all(
    shares.map(async (share) => {
      const child = spawnTs("bench/src/loadWorker.ts", [
        url,
        JSON.stringify(share),
        String(PER_CLIENT),
      ]);
      const [line] = await waitForLine(child, /^\{.*\}$/m, 300_000);
      return JSON.parse(line) as {
        seconds: number;
        failures: number;
        latency: LatencySummary;
        samples: number;
      };
    }),
  );
  const messages = results.reduce((a, r) => a + r.samples, 0);
  const seconds = Math.max(...results.map((r) => r.seconds));
  // Percentiles of the union, approximated by the worst worker's (each worker summarised its own).
  const worst = results.reduce((a, r) => (r.latency.p99 > a.latency.p99 ? r : a));
  return {
    target: tag,
    clients,
    messages,
    perSecond: Math.round(messages / seconds),
    latencyMs: worst.latency,
    failures: results.reduce((a, r) => a + r.failures, 0),
  };
}

async function driverBaseline(uri: string, concurrency: number): Promise<Row> {
  const conn = await mongoose.createConnection(uri).asPromise();
  const col = conn.db!.collection("bench_messages");
  const roomIds = Array.from({ length: concurrency }, () => new mongoose.Types.ObjectId());
  const samples: number[] = [];
  const started = performance.now();
  await Promise.all(
    roomIds.map(async (roomId, c) => {
      for (let i = 0; i < PER_CLIENT; i++) {
        const t0 = performance.now();
        await col.insertOne({
          roomId,
          senderId: `driver-${c}`,
          senderRole: "customer",
          clientMessageId: `${c}-${i}`,
          content: `message ${i}`,
          attachments: [],
          status: "sent",
          createdAt: new Date(),
          deliveredAt: null,
          readAt: null,
        });
        samples.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await conn.close();
  return {
    target: "driver insertOne",
    clients: concurrency,
    messages: samples.length,
    perSecond: Math.round(samples.length / seconds),
    latencyMs: summarize(samples),
    failures: 0,
  };
}

async function main() {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "switchboard-bench-"));
  const db = await startDatabase({ dataDir, binDir: path.join(repoRoot, "data", "bin"), port: 0 });
  const dbName = `bench_${randomBytes(4).toString("hex")}`;
  const mongoUri = `${db.uri.replace(/\/?$/, "/")}${dbName}`;
  const secret = randomBytes(32).toString("hex");
  const rows: Row[] = [];
  try {
    const port = await freePort();
    const server = spawnTs("packages/server/src/main.ts", [], {
      PORT: String(port),
      MONGODB_URI: mongoUri,
      JWT_SECRET: secret,
      NODE_ENV: "production",
      RATE_LIMITS: "off",
      LOG_LEVEL: "warn",
      WEB_DIST: path.join(dataDir, "no-web"),
    });
    await waitForHttp(`http://127.0.0.1:${port}/readyz`);
    const echo = spawnTs("bench/src/echoServer.ts", []);
    const [, echoPort] = await waitForLine(echo, /PORT=(\d+)/);
    for (const clients of LEVELS) {
      rows.push(await load(`http://127.0.0.1:${echoPort}`, secret, clients, "socket.io echo"));
      rows.push(await driverBaseline(`${mongoUri}_driver`, clients));
      rows.push(await load(`http://127.0.0.1:${port}`, secret, clients, "switchboard"));
    }
    await Promise.all([stop(server), stop(echo)]);
  } finally {
    await db.stop();
  }
  report(rows, db.kind);
}

function report(rows: Row[], dbKind: string) {
  console.log(
    `\nThroughput and send->ACK latency (database: ${dbKind}, ${os.cpus().length} cores, ${quick ? "quick" : "full"})\n`,
  );
  console.table(
    rows.map((r) => ({
      target: r.target,
      clients: r.clients,
      "msg/s": r.perSecond,
      "p50 ms": r.latencyMs.p50,
      "p95 ms": r.latencyMs.p95,
      "p99 ms": r.latencyMs.p99,
      "max ms": r.latencyMs.max,
      failures: r.failures,
    })),
  );
  for (const clients of LEVELS) {
    const at = (t: string) => rows.find((r) => r.clients === clients && r.target === t)!;
    const sb = at("switchboard");
    console.log(
      `${clients} clients: switchboard ${sb.perSecond} msg/s = ${pct(sb, at("socket.io echo"))} of plain Socket.IO echo, ` +
        `${pct(sb, at("driver insertOne"))} of the driver's one-at-a-time insert rate`,
    );
  }
  void save({
    date: new Date().toISOString(),
    machine: { cores: os.cpus().length, memGiB: Math.round(os.totalmem() / 2 ** 30) },
    dbKind,
    quick,
    rows,
  });
}

const pct = (a: Row, b: Row) => `${Math.round((100 * a.perSecond) / b.perSecond)}%`;

async function save(result: unknown) {
  const dir = path.join(repoRoot, "bench", "results");
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "throughput.json"), JSON.stringify(result, null, 2) + "\n");
  console.log(`\nwritten: bench/results/throughput.json`);
}

await main();
