// (4) Reconnect storm: N customers connected, each in an active room; SIGKILL the server,
// store more messages in every room while it is down (as another node would), restart it,
// and time until every client has re-joined and resynced (join-chat, then fetch-messages
// after its last id until hasMore is false). Audit: each client's list equals the database.
// Peak CPU of the database process (FerretDB) and the server during the storm.
import mongoose from "mongoose";
import { callAll, Worker } from "../lib/ipc.ts";
import { scrape } from "../lib/dbOps.ts";
import { cpuMeter } from "../lib/env.ts";
import { DB_NOTE, lineChart, saveJson, table } from "../lib/report.ts";
import { summarize } from "../lib/stats.ts";
import { freshUri, server, type Ctx } from "./context.ts";

interface Shape {
  n: number;
  before: number; // messages per room before the kill
  whileDown: number; // stored in each room while the server is down
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function reconnectStorm(ctx: Ctx) {
  // Issue 11, target 4: 5,000 clients that missed nothing (each holds its room's newest
  // message: join-chat { after } is answered from the room alone) and 5,000 that each missed
  // one (stored while the server was down: their join reads the messages after theirs,
  // which FerretDB answers with a scan of chat_messages).
  const only = process.env.BENCH_STORM_SHAPE; // e.g. "300/1/1": n/before/whileDown
  const shapes: Shape[] = only
    ? [only.split("/").map(Number)].map(([n, before, whileDown]) => ({
        n: n!,
        before: before!,
        whileDown: whileDown!,
      }))
    : ctx.quick
      ? [
          { n: 1000, before: 1, whileDown: 0 },
          { n: 300, before: 1, whileDown: 1 },
        ]
      : [
          { n: 5000, before: 1, whileDown: 0 },
          { n: 5000, before: 1, whileDown: 1 },
        ];
  const runs = [];
  for (const shape of shapes) runs.push(await storm(ctx, shape));
  table(
    `Reconnect storm after SIGKILL + restart (${DB_NOTE})`,
    runs.map((r) => r.row),
  );
  await saveJson("reconnect", {
    quick: ctx.quick,
    dbKind: ctx.db.kind,
    note: DB_NOTE,
    runs: runs.map((r) => ({ ...r.row, databaseCommands: r.commands, cpuTimeline: r.timeline })),
  });
  await lineChart({
    file: "reconnect",
    title: "clients resynced after the restart (cumulative)",
    x: "seconds since the server process restarted",
    y: "clients resynced",
    series: runs.map((r) => ({
      name: `${r.row.clients} clients, ${r.row["msgs/room"]} msgs/room`,
      points: r.curve,
    })),
  });
}

async function storm(ctx: Ctx, { n, before, whileDown }: Shape) {
  const uri = freshUri(ctx, "storm");
  // Counting its database commands (the driver's command monitoring) tells what the storm
  // asked of the database: the restarted process counts from zero.
  const srv = await server(ctx, uri, { env: { DB_COMMAND_METRICS: "on" } });
  const conn = await mongoose.createConnection(uri).asPromise();
  const db = conn.db!;
  const tag = Math.random().toString(36).slice(2, 8);
  const rooms = await seed(db, n, tag, before);
  const workerCount = ctx.quick ? 2 : 4;
  const workers = Array.from({ length: workerCount }, () =>
    Worker.start("storm", { BENCH_SECRET: ctx.secret }),
  );
  try {
    const t0 = Date.now();
    await callAll(
      workers,
      "connect",
      (w) => ({ url: srv.url, rooms: rooms.filter((_, i) => i % workerCount === w) }),
      600_000,
    );
    console.log(`  ${n} clients connected and joined in ${Date.now() - t0} ms`);
    await sleep(1000);
    const killedAt = Date.now();
    await srv.kill();
    await addWhileDown(db, rooms, tag, whileDown, before);
    console.log(`  server killed; ${whileDown} message(s) a room stored while it was down`);
    // Clients get in as soon as the new process listens, which under a storm can be well
    // before its /healthz answers us: resync times count from the restart, and any resync
    // completed after the kill counts.
    const restartAt = Date.now();
    await srv.restart();
    const readyAt = Date.now();
    const timeline: { s: number; db: number; server: number }[] = [];
    const deadline = readyAt + (ctx.quick ? 60_000 : 150_000);
    let done = 0;
    while (Date.now() < deadline) {
      const meter = cpuMeter({ db: ctx.db.pid(), server: srv.pid() });
      await sleep(500);
      const cpu = meter();
      timeline.push({ s: (Date.now() - readyAt) / 1000, db: cpu.db!, server: cpu.server! });
      const st = await callAll<{ resynced: number }>(workers, "status", () => ({
        since: killedAt,
      }));
      done = st.reduce((a, s) => a + s.resynced, 0);
      if (done >= n) break;
    }
    const reports = (
      await callAll<{ roomId: string; ids: string[]; resyncMs: number | null; errors: number }[]>(
        workers,
        "report",
        () => ({ since: killedAt, from: restartAt }),
      )
    ).flat();
    const { commands } = await scrape(srv.url);
    console.log(`  database commands since the restart: ${JSON.stringify(commands)}`);
    const audit = await auditLists(db, reports);
    const errors = new Map<string, number>();
    for (const r of reports as { lastError?: string }[])
      if (r.lastError) errors.set(r.lastError, (errors.get(r.lastError) ?? 0) + 1);
    if (errors.size)
      console.log(`  last resync errors: ${JSON.stringify(Object.fromEntries(errors))}`);
    const times = reports.map((r) => r.resyncMs).filter((x): x is number => x !== null);
    const s = summarize(times);
    const row = {
      clients: n,
      "msgs/room": before + whileDown,
      resynced: times.length,
      "kill->ready s": round((readyAt - killedAt) / 1000),
      "restart->all resynced s": times.length === n ? round(s.max / 1000) : null,
      "p50 s": round(s.p50 / 1000),
      "p99 s": round(s.p99 / 1000),
      retries: reports.reduce((a, r) => a + r.errors, 0),
      "peak db cpu%": Math.max(...timeline.map((t) => t.db)),
      "peak server cpu%": Math.max(...timeline.map((t) => t.server)),
      "lists == db": audit.equal,
      "lists differ": audit.differ,
    };
    console.log(`  ${JSON.stringify(row)}`);
    const curve = times.sort((a, b) => a - b).map((t, i) => ({ x: round(t / 1000), y: i + 1 }));
    return { row, timeline, curve, commands };
  } finally {
    await Promise.all(
      workers.map((w) =>
        w
          .call("close")
          .catch(() => undefined)
          .then(() => w.close()),
      ),
    );
    await srv.stop();
    await conn.close();
  }
}

/** Rooms and their first messages, written straight to the database (setup, not measured). */
async function seed(db: mongoose.mongo.Db, n: number, tag: string, before: number) {
  const now = Date.now() - 60_000;
  const rooms = Array.from({ length: n }, (_, i) => ({
    _id: new mongoose.Types.ObjectId(),
    customerId: `storm-${tag}-${i}`,
  }));
  const at = (k: number) => new Date(now + k * 10);
  const held: { id: string; createdAt: string }[][] = [];
  for (let i = 0; i < n; i += 1000) {
    const slice = rooms.slice(i, i + 1000);
    const messages = slice.map((r) =>
      Array.from({ length: before }, (_, k) =>
        message(r._id, r.customerId, "customer", `pre-${k}`, at(k + 1), k + 1),
      ),
    );
    await db.collection("chat_rooms").insertMany(
      slice.map((r, j) => ({
        _id: r._id,
        customerId: r.customerId,
        adminId: null,
        status: "open",
        openKey: r.customerId,
        lastMessageAt: before ? at(before) : null,
        lastMessageId: messages[j]!.at(-1)?._id ?? null,
        seq: before,
        activityAt: at(before),
        unreadCountCustomer: 0,
        unreadCountAdmin: before,
        createdAt: at(0),
        updatedAt: at(before),
      })),
    );
    for (const list of messages)
      held.push(
        list.map((m) => ({ id: m._id.toHexString(), createdAt: m.createdAt.toISOString() })),
      );
    const docs = messages.flat();
    if (docs.length) await db.collection("chat_messages").insertMany(docs);
  }
  // Each client starts out holding its room's history (a page it read before): its first
  // join, like every later one, names the newest message it holds.
  return rooms.map((r, i) => ({
    roomId: r._id.toHexString(),
    customerId: r.customerId,
    held: held[i]!,
  }));
}

async function addWhileDown(
  db: mongoose.mongo.Db,
  rooms: { roomId: string }[],
  tag: string,
  whileDown: number,
  before: number,
) {
  const docs = rooms.flatMap((r, i) =>
    Array.from({ length: whileDown }, (_, k) =>
      message(
        new mongoose.Types.ObjectId(r.roomId),
        `agent-${tag}`,
        "admin",
        `down-${i}-${k}`,
        new Date(Date.now() + k),
        before + k + 1,
      ),
    ),
  );
  for (let i = 0; i < docs.length; i += 1000)
    await db.collection("chat_messages").insertMany(docs.slice(i, i + 1000));
  // Counted on their rooms, as the node that wrote them would have: one update at a time
  // (FerretDB 1.24 stalled for minutes on a bulkWrite of 300 updates, and answers concurrent
  // writes with SQLITE_BUSY).
  const newest = [...new Map(docs.map((d) => [String(d.roomId), d])).values()];
  for (let last = newest.pop(); last; last = newest.pop())
    await db.collection("chat_rooms").updateOne(
      { _id: last.roomId },
      {
        $set: {
          seq: before + whileDown,
          lastMessageId: last._id,
          lastMessageAt: last.createdAt,
        },
      },
    );
}

const message = (
  roomId: mongoose.Types.ObjectId,
  senderId: string,
  senderRole: string,
  cmid: string,
  createdAt: Date,
  seq: number,
) => ({
  _id: new mongoose.Types.ObjectId(),
  roomId,
  senderId,
  senderRole,
  clientMessageId: cmid,
  content: `storm ${cmid}`,
  attachments: [],
  status: "sent",
  createdAt,
  deliveredAt: null,
  readAt: null,
  seq, // its place in the room, as the server writes it (unique with roomId)
});

/** Each client's list against its room in the database, both in (createdAt, _id) order. */
async function auditLists(db: mongoose.mongo.Db, reports: { roomId: string; ids: string[] }[]) {
  const docs = await db
    .collection("chat_messages")
    .find({}, { projection: { roomId: 1, createdAt: 1 } })
    .toArray();
  const byRoom = new Map<string, { id: string; at: number }[]>();
  for (const d of docs) {
    const k = String(d.roomId);
    if (!byRoom.has(k)) byRoom.set(k, []);
    byRoom.get(k)!.push({ id: String(d._id), at: (d.createdAt as Date).getTime() });
  }
  let [equal, differ] = [0, 0];
  for (const r of reports) {
    const want = (byRoom.get(r.roomId) ?? [])
      .sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1))
      .map((m) => m.id);
    if (want.length === r.ids.length && want.every((id, i) => id === r.ids[i])) equal++;
    else differ++;
  }
  return { equal, differ };
}

const round = (x: number) => Math.round(x * 100) / 100;
