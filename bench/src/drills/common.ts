// A fault drill: SDK clients (customers and their agents, both sending) flood their rooms,
// a fault is injected mid-flood, the queues drain, and the audit compares what every client
// sent, saw ACKed and shows with what the database holds.
import { readFile } from "node:fs/promises";
import path from "node:path";
import mongoose from "mongoose";
import { Worker } from "../lib/ipc.ts";
import { lineChart, resultsDir, saveJson, table } from "../lib/report.ts";
import type { Ctx } from "../scenarios/context.ts";

interface Sent {
  cmid: string;
  content: string;
  enqueuedAt: number;
  ackedAt?: number;
  ackedId?: string;
}
interface PeerReport {
  name: string;
  roomId: string;
  sent: Sent[];
  view: string[];
  pending: number;
  failed: string[];
  status: string;
}

export interface DrillSpec {
  name: string;
  what: string;
  url: string;
  agentUrl?: string;
  mongoUri: string;
  /** Injects the fault; resolves when the system is back (restarted, reconnected...). */
  fault(): Promise<void>;
  /** After the fault: anything the drill noticed (e.g. a server that crashed). */
  notes?: () => Record<string, unknown>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runDrill(ctx: Ctx, spec: DrillSpec) {
  const rooms = ctx.quick ? 6 : 12;
  const seconds = ctx.quick ? 5 : 12;
  const perSecond = 1; // per client: rooms x 2 clients msg/s in all, well under the max rate
  const tag = Math.random().toString(36).slice(2, 8);
  console.log(
    `\n== drill ${spec.name}: ${spec.what}; ${rooms} rooms, customer and agent each sending ${perSecond}/s for ${seconds} s`,
  );
  const worker = Worker.start("sdk", { BENCH_SECRET: ctx.secret });
  try {
    await worker.call("start", { url: spec.url, agentUrl: spec.agentUrl, tag, rooms }, 120_000);
    const floodStart = Date.now();
    const flood = worker.call("flood", { perSecond, seconds, tag }, seconds * 1000 + 60_000);
    await sleep((seconds * 1000) / 3);
    const faultStart = Date.now();
    await spec.fault();
    const faultEnd = Date.now();
    await flood;
    const { drainedAt, pending } = await worker.call<{ drainedAt: number | null; pending: number }>(
      "drain",
      { timeoutMs: ctx.quick ? 30_000 : 60_000 },
      120_000,
    );
    const peers = await worker.call<PeerReport[]>("report");
    const audit = await auditDrill(spec.mongoUri, peers, faultEnd);
    const result = {
      drill: spec.name,
      what: spec.what,
      ...audit,
      "fault s": round((faultEnd - faultStart) / 1000),
      "drained after flood s": drainedAt
        ? round((drainedAt - (floodStart + seconds * 1000)) / 1000)
        : null,
      pendingAfterDrain: pending,
      ...spec.notes?.(),
    };
    const { what: _what, ...shown } = result;
    table(`drill ${spec.name}: ${spec.what}`, [shown]);
    await saveDrill(result);
    await lineChart({
      file: `drill-${spec.name}`,
      title: `${spec.name}: worst send->ACK latency of the messages queued in each 250 ms`,
      x: "seconds since the flood started (message queued)",
      y: "send->ACK (ms)",
      logY: true,
      series: [{ name: "worst send->ACK in bucket", points: buckets(peers, floodStart) }],
      marks: [
        { x: (faultStart - floodStart) / 1000, label: "fault" },
        { x: (faultEnd - floodStart) / 1000, label: "back" },
      ],
    });
    return result;
  } finally {
    await worker.call("close").catch(() => undefined);
    await worker.close();
  }
}

async function auditDrill(mongoUri: string, peers: PeerReport[], faultEnd: number) {
  const conn = await mongoose.createConnection(mongoUri).asPromise();
  const docs = await conn
    .db!.collection("chat_messages")
    .find({}, { projection: { roomId: 1, clientMessageId: 1, content: 1, senderId: 1 } })
    .toArray();
  await conn.close();
  const byCmid = new Map<string, string[]>();
  const byContent = new Map<string, number>();
  const byRoom = new Map<string, Set<string>>();
  for (const d of docs) {
    const id = String(d._id);
    byCmid.set(d.clientMessageId, [...(byCmid.get(d.clientMessageId) ?? []), id]);
    byContent.set(d.content, (byContent.get(d.content) ?? 0) + 1);
    const room = String(d.roomId);
    if (!byRoom.has(room)) byRoom.set(room, new Set());
    byRoom.get(room)!.add(id);
  }
  const all = new Set(docs.map((d) => String(d._id)));
  const sent = peers.flatMap((p) => p.sent);
  const acked = sent.filter((s) => s.ackedId);
  const lost = sent.filter((s) => !byCmid.has(s.cmid));
  const duplicated =
    [...byContent.values()].reduce((a, n) => a + Math.max(0, n - 1), 0) +
    [...byCmid.values()].reduce((a, ids) => a + Math.max(0, ids.length - 1), 0);
  const ackedNotStoredOnce = acked.filter(
    (s) => byCmid.get(s.cmid)?.length !== 1 || byCmid.get(s.cmid)![0] !== s.ackedId,
  );
  const phantom = peers.reduce((a, p) => a + p.view.filter((id) => !all.has(id)).length, 0);
  const incomplete = peers.filter((p) =>
    [...(byRoom.get(p.roomId) ?? [])].some((id) => !p.view.includes(id)),
  );
  const backlog = sent.filter((s) => s.enqueuedAt <= faultEnd);
  const recover = backlog.every((s) => s.ackedAt)
    ? Math.max(0, ...backlog.map((s) => s.ackedAt! - faultEnd)) / 1000
    : null;
  if (lost.length) console.log(`  LOST: ${JSON.stringify(lost.slice(0, 5))}`);
  if (incomplete.length)
    console.log(
      `  incomplete views: ${incomplete.map((p) => `${p.name} misses ${[...byRoom.get(p.roomId)!].filter((id) => !p.view.includes(id)).length}`).join(", ")}`,
    );
  return {
    sent: sent.length,
    acked: acked.length,
    stored: docs.length,
    lost: lost.length,
    duplicated,
    "acked but not stored once": ackedNotStoredOnce.length,
    "shown but not in db": phantom,
    "views missing db msgs": incomplete.length,
    failed: peers.reduce((a, p) => a + p.failed.length, 0),
    "recover s": recover === null ? null : round(recover),
    "worst ack s": round(Math.max(0, ...acked.map((s) => s.ackedAt! - s.enqueuedAt)) / 1000),
  };
}

function buckets(peers: PeerReport[], t0: number) {
  const worst = new Map<number, number>();
  for (const s of peers.flatMap((p) => p.sent)) {
    if (!s.ackedAt) continue;
    const b = Math.floor((s.enqueuedAt - t0) / 250) * 0.25;
    worst.set(b, Math.max(worst.get(b) ?? 0, Math.max(1, s.ackedAt - s.enqueuedAt)));
  }
  return [...worst.entries()].sort((a, b) => a[0] - b[0]).map(([x, y]) => ({ x, y }));
}

/** drills.json holds the latest result of each drill (one drill can be re-run alone). */
async function saveDrill(result: Record<string, unknown> & { drill: string }) {
  let drills: Record<string, unknown> = {};
  try {
    drills = JSON.parse(await readFile(path.join(resultsDir, "drills.json"), "utf8")).drills ?? {};
  } catch {
    // first one
  }
  drills[result.drill] = { ...result, date: new Date().toISOString() };
  await saveJson("drills", { drills });
}

const round = (x: number) => Math.round(x * 100) / 100;
