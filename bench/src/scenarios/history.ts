// (7) History that grows: one database seeded with 10,000 then 100,000 messages (quick:
// 1,000 then 5,000) over 1,000 rooms plus one big room of 5,000 (quick: 150 and 500), and
// at each size a server started on it and measured with real Socket.IO clients, one request
// at a time: join-chat (first join, last 50), join-chat `after` the room's lastMessageId
// (contract v2 resync, reads no message) and after an older id, fetch-messages pages
// before/after, message-read of 50 unread (quick: 10), send-message, list-rooms. Baselines
// in the same run on the same data: the driver's own page query (find by roomId, newest
// first, limit 51) and an `_id` lookup, so the ratio tells the database's share from the
// server's.
import os from "node:os";
import mongoose from "mongoose";
import type { Socket } from "socket.io-client";
import { DB_NOTE, lineChart, saveJson, table } from "../lib/report.ts";
import { sign } from "../lib/tokens.ts";
import { freshUri, server, type Ctx } from "./context.ts";
import { HistorySeed, type SeedRoom } from "./historySeed.ts";
import { ask, connect, dbPids, measure, type OpRow, type Plan, type Run } from "./historyProbe.ts";

const DAY = 86_400_000;
const got = (d: { messages: unknown[]; hasMore: boolean }) =>
  `${d.messages.length} messages, hasMore ${d.hasMore}`;

const shapeOf = (quick: boolean) =>
  quick
    ? { sizes: [1_000, 5_000], small: 150, big: 500, unread: 10 }
    : { sizes: [10_000, 100_000], small: 1_000, big: 5_000, unread: 50 };
const plansOf = (quick: boolean) => ({
  cheap: quick ? { count: 10, budgetMs: 1_000 } : { count: 50, budgetMs: 10_000 },
  page: quick ? { count: 3, budgetMs: 1_500 } : { count: 15, budgetMs: 30_000 },
  read: quick ? { count: 1, budgetMs: 1_000 } : { count: 10, budgetMs: 60_000 },
  send: quick ? { count: 30, budgetMs: 2_000 } : { count: 300, budgetMs: 20_000 },
});

interface SizeResult {
  messages: number;
  seed: { added: number; ms: number; docsPerS: number };
  serverStartMs: number;
  /** The machine's 1-minute load average before and after (2 cores, shared). */
  load: [number, number];
  ops: OpRow[];
}

export async function history(ctx: Ctx) {
  const shape = shapeOf(ctx.quick);
  const uri = freshUri(ctx, "history");
  console.log(
    `\n== history: ${shape.sizes.join(" then ")} messages, ${shape.small} rooms + one of ${shape.big}`,
  );
  const conn = await mongoose.createConnection(uri).asPromise();
  const now = Date.now();
  const seed = new HistorySeed(conn.db!, shape.small, shape.big, new Date(now - 61 * DAY));
  const sizes: SizeResult[] = [];
  try {
    // Phase k fills its own slice of the past, ending two days ago (outside the start-up
    // sweep's 24-hour window, as old history is).
    const edges = [now - 60 * DAY, now - 30 * DAY, now - 2 * DAY];
    for (const [k, total] of shape.sizes.entries()) {
      const t0 = performance.now();
      await seed.grow(total, new Date(edges[k]!), new Date(edges[k + 1] ?? now - DAY));
      const seedMs = performance.now() - t0;
      const added = total - (shape.sizes[k - 1] ?? 0);
      const perS = Math.round((1000 * added) / seedMs);
      console.log(`  seeded ${total} messages: ${added} added in ${Math.round(seedMs)} ms`);
      sizes.push({
        messages: total,
        // insertMany in batches of 1000, plus rewriting the rooms: the driver's batch rate.
        seed: { added, ms: Math.round(seedMs), docsPerS: perS },
        ...(await atSize(ctx, uri, seed, conn.db!, total)),
      });
    }
  } finally {
    await conn.close();
  }
  const byOp = new Map<string, Record<string, unknown>>();
  for (const s of sizes)
    for (const r of s.ops) {
      const row = byOp.get(r.op) ?? { op: r.op };
      row[`p50 @${s.messages}`] = r.p50;
      row[`p95 @${s.messages}`] = r.p95;
      byOp.set(r.op, row);
    }
  table(`History: ms per request, one at a time (${DB_NOTE})`, [...byOp.values()]);
  await saveJson("history", {
    quick: ctx.quick,
    dbKind: ctx.db.kind,
    backend: backend(),
    note: DB_NOTE,
    shape: { ...shape, openSmallRooms: seed.openSmall.length },
    sizes,
  });
  await lineChart({
    file: "history",
    title: "p50 per request vs messages in the database",
    x: "messages in chat_messages",
    y: "p50 (ms)",
    logX: true,
    logY: true,
    series: [...byOp.keys()].map((op) => ({
      name: op,
      points: sizes.map((s) => ({
        x: s.messages,
        y: Math.max(0.1, s.ops.find((r) => r.op === op)?.p50 ?? NaN),
      })),
    })),
  });
}

const backend = () =>
  process.env.MONGODB_URI
    ? "external"
    : process.env.FERRETDB_POSTGRESQL_URL
      ? "ferretdb-postgresql"
      : "ferretdb-sqlite";

/** One size: start the server on the seeded database, measure every request, stop it. */
async function atSize(
  ctx: Ctx,
  uri: string,
  seed: HistorySeed,
  db: mongoose.mongo.Db,
  total: number,
) {
  const plan = plansOf(ctx.quick);
  const load0 = os.loadavg()[0]!;
  const t0 = performance.now();
  const srv = await server(ctx, uri, { name: `history-${total}` });
  const serverStartMs = Math.round(performance.now() - t0);
  console.log(`  server ready on ${total} messages in ${serverStartMs} ms`);
  const sockets: Socket[] = [];
  const open = async (token: string) => {
    const s = await connect(srv.url, token);
    sockets.push(s);
    return s;
  };
  const ops: OpRow[] = [];
  const m = (op: string, p: Plan, run: Run, base?: string) =>
    measure(ops, op, p, { server: srv.pid(), db: dbPids(ctx) }, run, base);
  try {
    const admin = await open(sign(ctx.secret, "hist-admin", "admin", 7200));
    const bigId = seed.big._id.toHexString();
    const small = seed.openSmall;
    // Ten open rooms each for the joins, the reads and the sends, apart.
    const [joinRooms, readRooms, sendRooms] = [0, 10, 20].map((k) => small.slice(k, k + 10)) as [
      SeedRoom[],
      SeedRoom[],
      SeedRoom[],
    ];
    const messages = db.collection("chat_messages");
    const page = (r: SeedRoom) =>
      messages.find({ roomId: r._id }).sort({ createdAt: -1, _id: -1 }).limit(51).toArray();
    await ask(admin, "join-chat", { roomId: bigId }); // warm-up, not measured

    const lastIds = small.map((r) => r.last!._id);
    await m("driver: _id lookup (message)", plan.cheap, async (i, timed) => {
      const doc = await timed(() => messages.findOne({ _id: lastIds[i % lastIds.length] }));
      return doc !== null || "not found";
    });
    await m("driver: page of big room (limit 51)", plan.page, async (_, timed) => {
      const n = (await timed(() => page(seed.big))).length;
      return n === 51 || `${n} documents`;
    });
    await m("driver: page of a small room", plan.page, async (i, timed) => {
      const r = joinRooms[i % joinRooms.length]!;
      const n = (await timed(() => page(r))).length;
      return n === Math.min(51, r.seq) || `${n} documents of ${r.seq}`;
    });

    type Page = { room: { lastMessageId: string }; messages: { id: string }[]; hasMore: boolean };
    let lastMessageId = "";
    let oldest = "";
    await m(
      "join-chat big room (last 50)",
      plan.page,
      async (_, timed) => {
        const d = await timed(() => ask<Page>(admin, "join-chat", { roomId: bigId }));
        lastMessageId = d.room.lastMessageId;
        oldest = d.messages[0]?.id ?? "";
        return (d.messages.length === 50 && d.hasMore) || got(d);
      },
      "driver: page of big room (limit 51)",
    );
    await m(
      "join-chat small room, customer's first",
      plan.page,
      async (i, timed) => {
        const r = joinRooms[i % joinRooms.length]!;
        const s = await open(sign(ctx.secret, r.customerId, "customer", 7200));
        const d = await timed(() => ask<Page & { room: { id: string } }>(s, "join-chat", {}));
        s.close();
        return (
          (d.room.id === r._id.toHexString() && d.messages.length === Math.min(50, r.seq)) || got(d)
        );
      },
      "driver: page of a small room",
    );
    await m(
      "join-chat after lastMessageId (v2 resync)",
      plan.cheap,
      async (_, timed) => {
        const d = await timed(() =>
          ask<Page>(admin, "join-chat", { roomId: bigId, after: lastMessageId }),
        );
        return (d.messages.length === 0 && !d.hasMore) || got(d);
      },
      "driver: _id lookup (message)",
    );
    const back20 = await seed.idBack(seed.big, 20);
    await m(
      "join-chat after an id 20 back",
      plan.page,
      async (_, timed) => {
        const d = await timed(() =>
          ask<Page>(admin, "join-chat", { roomId: bigId, after: back20 }),
        );
        return (d.messages.length === 20 && !d.hasMore) || got(d);
      },
      "driver: page of big room (limit 51)",
    );
    let before = oldest;
    await m(
      "fetch-messages before (paging back)",
      plan.page,
      async (_, timed) => {
        const d = await timed(() => ask<Page>(admin, "fetch-messages", { roomId: bigId, before }));
        before = d.messages[0]?.id ?? before;
        return d.messages.length === 50 || got(d);
      },
      "driver: page of big room (limit 51)",
    );
    let after = await seed.idBack(seed.big, Math.floor(seed.big.seq / 2));
    await m(
      "fetch-messages after (paging forward)",
      plan.page,
      async (_, timed) => {
        const d = await timed(() => ask<Page>(admin, "fetch-messages", { roomId: bigId, after }));
        after = d.messages.at(-1)?.id ?? after;
        return d.messages.length === 50 || got(d);
      },
      "driver: page of big room (limit 51)",
    );
    await m(
      `message-read, ${shapeOf(ctx.quick).unread} unread`,
      plan.read,
      async (i, timed) => {
        const r = readRooms[i % readRooms.length]!;
        const n = shapeOf(ctx.quick).unread;
        await seed.addUnread(r, n); // setup, not timed
        // The room's own agent: another admin's read changes nothing (receiptService).
        const agent = await open(sign(ctx.secret, r.adminId, "admin", 7200));
        const d = await timed(() =>
          ask<{ updated: string[] }>(agent, "message-read", { roomId: r._id.toHexString() }),
        );
        agent.close();
        return d.updated.length === n || `updated ${d.updated.length} of ${n}`;
      },
      "driver: page of a small room",
    );
    // No baseline for the sends and list-rooms: they read rooms by `_id` and insert, but
    // never search chat_messages, so no driver query of messages compares.
    const senders: { s: Socket; roomId: string }[] = [];
    for (const r of sendRooms) {
      const s = await open(sign(ctx.secret, r.customerId, "customer", 7200));
      await ask(s, "join-chat", {});
      senders.push({ s, roomId: r._id.toHexString() });
    }
    await m("send-message (one in flight)", plan.send, async (i, timed) => {
      const { s, roomId } = senders[i % senders.length]!;
      const content = `history bench ${total} #${i}`;
      const d = await timed(() =>
        ask<{ message: { content: string } }>(s, "send-message", {
          roomId,
          clientMessageId: `hs-${total}-${i}`,
          content,
        }),
      );
      return d.message.content === content || `stored ${JSON.stringify(d.message.content)}`;
    });
    const openRooms = small.length + 1;
    await m("list-rooms (open, 50)", plan.cheap, async (_, timed) => {
      const d = await timed(() => ask<{ rooms: unknown[] }>(admin, "list-rooms", {}));
      return d.rooms.length === Math.min(50, openRooms) || `${d.rooms.length} rooms`;
    });
    await supportDesk(ctx, srv.url, open, m, { admin, sendRooms, readRooms, messages, plan });
  } finally {
    sockets.forEach((s) => s.close());
    await srv.stop();
  }
  const base = new Map(ops.map((r) => [r.op, r.p50]));
  for (const r of ops) {
    const b = base.get(r.baseline);
    r["× baseline p50"] = b ? Math.round((10 * r.p50) / b) / 10 : null;
  }
  table(`History at ${total} messages: ms per request (${backend()})`, ops);
  const load: [number, number] = [load0, os.loadavg()[0]!].map((l) => Math.round(l * 10) / 10) as [
    number,
    number,
  ];
  console.log(`  load average ${load[0]} -> ${load[1]} (2 cores, shared with other work)`);
  return { serverStartMs, load, ops };
}

/**
 * Contract v2's calls at this size (issue 13: "what each feature costs per call on
 * FerretDB"): a note, labels, list-rooms by label and by text, search (a frequent word, and
 * one that matches nothing: the whole collection), the agent directory, a transfer, canned
 * responses. Baseline for the text searches: the driver's own case-insensitive regex query,
 * newest first, limit 21.
 */
async function supportDesk(
  ctx: Ctx,
  url: string,
  open: (token: string) => Promise<Socket>,
  m: (op: string, p: Plan, run: Run, base?: string) => Promise<void>,
  d: {
    admin: Socket;
    sendRooms: SeedRoom[];
    readRooms: SeedRoom[];
    messages: mongoose.mongo.Collection;
    plan: ReturnType<typeof plansOf>;
  },
) {
  const { admin, plan } = d;
  const token = sign(ctx.secret, "hist-admin", "admin", 7200);
  const http = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
    const res = await fetch(url + path, {
      ...init,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    });
    if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
    return (res.status === 204 ? null : await res.json()) as T;
  };
  const rooms = d.sendRooms.map((r) => r._id.toHexString());
  const cheap = plan.cheap;
  await m("v2 send-message kind note", plan.send, async (i, timed) => {
    const r = await timed(() =>
      ask<{ message: { kind: string } }>(admin, "send-message", {
        roomId: rooms[i % rooms.length],
        clientMessageId: `hn-${Date.now()}-${i}`,
        content: "checked the carrier",
        kind: "note",
      }),
    );
    return r.message.kind === "note" || r.message.kind;
  });
  await m("v2 set-labels", cheap, async (i, timed) => {
    const labels = i % 2 ? ["billing"] : ["billing", "vip"];
    const r = await timed(() =>
      ask<{ room: { labels: string[] } }>(admin, "set-labels", {
        roomId: rooms[i % rooms.length],
        labels,
      }),
    );
    return r.room.labels.length === labels.length || r.room.labels.join();
  });
  await m("v2 list-rooms label", cheap, async (_, timed) => {
    const r = await timed(() =>
      ask<{ rooms: unknown[] }>(admin, "list-rooms", { label: "billing" }),
    );
    return r.rooms.length > 0 || "no room";
  });
  const regex = (q: string) => () =>
    d.messages
      .find({ content: { $regex: q, $options: "i" } })
      .sort({ _id: -1 })
      .limit(21)
      .toArray();
  await m("driver: regex search, frequent word", plan.page, async (_, timed) => {
    return (await timed(regex("lyon"))).length === 21 || "fewer than 21";
  });
  await m("driver: regex search, no match", plan.page, async (_, timed) => {
    return (await timed(regex("zebra"))).length === 0 || "matched";
  });
  type Found = { results: unknown[] };
  await m(
    "v2 GET search, frequent word",
    plan.page,
    async (_, timed) => {
      const r = await timed(() => http<Found>("/api/chat/search?q=lyon&limit=20"));
      return r.results.length === 20 || `${r.results.length} results`;
    },
    "driver: regex search, frequent word",
  );
  await m(
    "v2 GET search, no match",
    plan.page,
    async (_, timed) => {
      const r = await timed(() => http<Found>("/api/chat/search?q=zebra"));
      return r.results.length === 0 || `${r.results.length} results`;
    },
    "driver: regex search, no match",
  );
  await m(
    "v2 list-rooms q",
    plan.page,
    async (_, timed) => {
      const r = await timed(() => ask<{ rooms: unknown[] }>(admin, "list-rooms", { q: "lyon" }));
      return r.rooms.length > 0 || "no room";
    },
    "driver: regex search, no match",
  );
  await m("v2 GET agents", cheap, async (_, timed) => {
    const r = await timed(() => http<{ agents: unknown[] }>("/api/chat/agents"));
    return r.agents.length > 0 || "no agent";
  });
  // Transfers between two connected agents, in rooms of their own.
  const other = await open(sign(ctx.secret, "hist-admin-2", "admin", 7200));
  const transferRooms = d.readRooms.map((r) => r._id.toHexString());
  for (const roomId of transferRooms) await ask(admin, "admin-assign", { roomId });
  await m("v2 admin-assign (transfer)", plan.read, async (i, timed) => {
    const roomId = transferRooms[i % transferRooms.length]!;
    const to = Math.floor(i / transferRooms.length) % 2 ? "hist-admin" : "hist-admin-2";
    const r = await timed(() =>
      ask<{ room: { adminId: string } }>(admin, "admin-assign", { roomId, adminId: to }),
    );
    return r.room.adminId === to || r.room.adminId;
  });
  other.close();
  let n = 0;
  await m("v2 POST canned-responses", cheap, async (_, timed) => {
    const shortcode = `bench-${Date.now().toString(36)}-${n++}`;
    const r = await timed(() =>
      http<{ shortcode: string }>("/api/chat/canned-responses", {
        method: "POST",
        body: JSON.stringify({ shortcode, content: "Thanks, {{customer.name}}!" }),
      }),
    );
    return r.shortcode === shortcode || r.shortcode;
  });
  await m("v2 GET canned-responses", cheap, async (_, timed) => {
    const r = await timed(() => http<{ cannedResponses: unknown[] }>("/api/chat/canned-responses"));
    return r.cannedResponses.length > 0 || "none";
  });
}
