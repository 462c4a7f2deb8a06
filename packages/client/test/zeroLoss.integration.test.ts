// A fault drill: 5 customers send 30 messages each through the SDK while the server cuts
// every client transport 3 times, at seeded random points of the traffic. Then an audit
// against the database: nothing lost, nothing doubled, nothing shown that is not stored.
import type { TestServer } from "@switchboard/server/testing";
import type { Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatMessage } from "../src/index.ts";
import {
  connectClient,
  cutTransports,
  dbMessages,
  eventually,
  expectInSync,
  messages,
  openDb,
  startServer,
  statusLog,
  type Client,
} from "./support.ts";

const SEED = Number(process.env.ZERO_LOSS_SEED ?? 0x5b0a4d);
const CUSTOMERS = 5;
const WAVES = 3; // 10 messages per customer per wave; waves 2 and 3 are queued while cut
const PER_WAVE = 10;

/** mulberry32: a small seeded PRNG, so that a failing drill can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Customer {
  sub: string;
  client: Client;
  roomId: string;
  queued: ChatMessage[];
  acked: Set<string>; // clientMessageIds the client saw stored
  shown: Set<string>; // every stored message id the client ever showed
  failed: number;
  statuses: string[];
}

let server: TestServer;
let db: Connection;
let customers: Customer[] = [];
let attempts = 0; // send-message events the server received, retries included
const okAnswers = new Map<string, number>(); // per clientMessageId
beforeAll(async () => {
  server = await startServer();
  db = await openDb(server);
  // Counts the sends, and the OK answers per message: a second OK for the same message is
  // a retry the server deduped (its first ACK was lost with a cut transport).
  server.chat.namespace.on("connection", (socket) =>
    socket.use((packet, next) => {
      const [event, payload] = packet as [string, { clientMessageId?: string }];
      const ack: unknown = packet.at(-1);
      if (event === "send-message" && typeof ack === "function") {
        attempts++;
        const cmid = String(payload?.clientMessageId);
        packet[packet.length - 1] = (answer: { ok?: boolean }) => {
          if (answer?.ok) okAnswers.set(cmid, (okAnswers.get(cmid) ?? 0) + 1);
          ack(answer);
        };
      }
      next();
    }),
  );
});
afterAll(async () => {
  for (const c of customers) c.client.disconnect();
  await server.close();
  await db.close();
});

async function customer(i: number): Promise<Customer> {
  const sub = `drill-${i}`;
  const client = connectClient(server, sub);
  const c: Customer = {
    sub,
    client,
    roomId: "",
    queued: [],
    acked: new Set(),
    shown: new Set(),
    failed: 0,
    statuses: statusLog(client),
  };
  client.store.subscribe((s) => {
    for (const m of s.messagesByRoom[c.roomId] ?? []) {
      if (m.localStatus === "failed") c.failed++;
      if (m.localStatus !== "stored") continue;
      c.shown.add(m.id);
      if (m.senderId === sub) c.acked.add(m.clientMessageId);
    }
  });
  c.roomId = (await client.join()).id;
  return c;
}

describe("zero loss under transport cuts", () => {
  it("stores every queued message exactly once and shows exactly what is stored", async () => {
    const rand = prng(SEED);
    customers = await Promise.all(Array.from({ length: CUSTOMERS }, (_, i) => customer(i)));
    const acked = () => customers.reduce((n, c) => n + c.acked.size, 0);
    const wave = (w: number) => {
      for (const c of customers) {
        for (let k = 0; k < PER_WAVE; k++)
          c.queued.push(c.client.send(c.roomId, `${c.sub} w${w} #${k}`));
      }
    };
    // Cut number k falls at a random point inside wave k's traffic.
    const perWave = CUSTOMERS * PER_WAVE;
    const cutAt = [0, 1, 2].map((k) => k * perWave + 10 + Math.floor(rand() * (perWave - 20)));
    const ackedAtCut: number[] = [];

    wave(1);
    for (let k = 0; k < cutAt.length; k++) {
      await eventually(() => acked() >= cutAt[k]!, 20_000, 2);
      await eventually(() =>
        customers.every((c) => c.client.store.getState().connectionStatus === "online"),
      );
      ackedAtCut.push(acked());
      expect(cutTransports(server)).toBe(CUSTOMERS);
      if (k + 2 <= WAVES) wave(k + 2); // queued as every transport goes down
    }

    // Audit, once nothing is pending any more (or the deadline passed: then it says what is missing).
    const settled = () =>
      customers.every((c) => messages(c.client, c.roomId).every((m) => m.localStatus === "stored"));
    await eventually(settled, 20_000).catch(() => undefined);
    let stored = 0;
    let lost = 0;
    let duplicated = 0;
    const copies = new Map<string, number>();
    for (const c of customers) {
      const inDb = await dbMessages(db, c.roomId);
      stored += inDb.length;
      for (const m of inDb) copies.set(m.clientMessageId, (copies.get(m.clientMessageId) ?? 0) + 1);
      for (const q of c.queued) {
        const n = copies.get(q.clientMessageId) ?? 0;
        if (n === 0) lost++;
        if (n > 1) duplicated += n - 1;
      }
    }
    const sent = customers.reduce((n, c) => n + c.queued.length, 0);
    const deduped = [...okAnswers.values()].reduce((n, k) => n + k - 1, 0);
    console.log(
      `zero-loss drill: sent=${sent}, acked=${acked()}, stored=${stored}, lost=${lost}, ` +
        `duplicated=${duplicated} (attempts=${attempts}, deduped=${deduped}, seed=${SEED}, cuts after ${ackedAtCut.join("/")} acks)`,
    );
    expect({ sent, acked: acked(), stored, lost, duplicated }).toEqual({
      sent: CUSTOMERS * WAVES * PER_WAVE,
      acked: sent,
      stored: sent,
      lost: 0,
      duplicated: 0,
    });
    expect(ackedAtCut.every((n, k) => n < (k + 1) * perWave)).toBe(true); // cuts hit live traffic
    for (const c of customers) {
      // Every message the client saw ACKed is in the database exactly once.
      for (const cmid of c.acked) expect(copies.get(cmid)).toBe(1);
      // Nothing it ever showed as stored is missing from the database; now it shows exactly it.
      const inDb = await expectInSync(c.client, db, c.roomId, WAVES * PER_WAVE, 1000);
      const ids = new Set(inDb.map((m) => m.id));
      expect([...c.shown].filter((id) => !ids.has(id))).toEqual([]);
      // Stored in the order written, despite the cuts; never failed; cut 3 times.
      expect(inDb.map((m) => m.clientMessageId)).toEqual(c.queued.map((q) => q.clientMessageId));
      expect(c.failed).toBe(0);
      expect(c.statuses.filter((s) => s === "reconnecting")).toHaveLength(3);
    }
  });
});
