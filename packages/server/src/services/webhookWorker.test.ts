import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import type {
  DeliveryMeta,
  DeliveryRow,
  DeliveryStatus,
  WebhookRepository,
} from "../persistence/webhookRepository.ts";
import { WebhookWorker, type WebhookWorkerOptions, type WrittenEntry } from "./webhookWorker.ts";

// The delivery worker against an in-memory outbox (the real one, on the real database, is in
// test/webhooks*.integration.test.ts) and a real local HTTP receiver. What is checked here is
// the order and memory rules: rows another node wrote, backlogs, erasures, the retry window.

/** The outbox's queries, answered from memory as the database answers them. */
class MemoryOutbox {
  readonly rows = new Map<string, DeliveryRow>();
  readonly calls = { due: 0, pendingOfRooms: 0, pendingByIds: 0, stillPending: 0 };
  put(...rows: DeliveryRow[]) {
    for (const r of rows) if (!this.rows.has(r.id)) this.rows.set(r.id, { ...r });
  }
  private pending = () => [...this.rows.values()].filter((r) => r.status === "pending");
  async due(now: Date, after: string | null, limit: number): Promise<DeliveryMeta[]> {
    this.calls.due++;
    return this.pending()
      .filter((r) => r.nextAt <= now && (after === null || r.id > after))
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .slice(0, limit)
      .map(({ id, roomId, url, seq }) => ({ id, roomId, url, seq }));
  }
  async pendingByIds(ids: readonly string[]) {
    this.calls.pendingByIds++;
    return this.pending()
      .filter((r) => ids.includes(r.id))
      .map((r) => ({ ...r }));
  }
  async stillPending(ids: readonly string[]) {
    this.calls.stillPending++;
    return new Set(
      this.pending()
        .filter((r) => ids.includes(r.id))
        .map((r) => r.id),
    );
  }
  async pendingOfRooms(url: string, roomIds: readonly string[], limit: number) {
    this.calls.pendingOfRooms++;
    return this.pending()
      .filter((r) => r.url === url && roomIds.includes(r.roomId))
      .sort((a, b) => a.seq - b.seq || (a.id < b.id ? -1 : 1))
      .slice(0, limit)
      .map((r) => ({ ...r }));
  }
  async fail(ids: readonly string[], lastError: string) {
    for (const id of ids) this.set(id, { status: "failed", lastError });
  }
  async countPending() {
    return this.pending().length;
  }
  async markDelivered(ids: readonly string[], at: Date) {
    for (const id of ids) this.set(id, { status: "delivered", deliveredAt: at });
  }
  async markAttempt(id: string, fields: Partial<DeliveryRow> & { status: DeliveryStatus }) {
    this.set(id, fields);
  }
  async pruneDelivered() {
    return 0;
  }
  private set(id: string, fields: Partial<DeliveryRow>) {
    const row = this.rows.get(id);
    if (row) Object.assign(row, fields);
  }
}

/** A receiver that answers `answer(row)` and records what it was sent. */
async function receiver(answer: (body: Body) => number = () => 204) {
  const got: Body[] = [];
  const server = createServer((req, res) => {
    let text = "";
    req.on("data", (c: Buffer) => (text += c.toString()));
    req.on("end", () => {
      const body = JSON.parse(text) as Body;
      const status = answer(body);
      if (status < 300) got.push(body);
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, got };
}
interface Body {
  id: string;
  roomId: string;
  seq: number;
}

const servers: Server[] = [];
const workers: WebhookWorker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

function start(outbox: MemoryOutbox, urls: string[], over: Partial<WebhookWorkerOptions> = {}) {
  const worker = new WebhookWorker(
    {
      repo: outbox as unknown as WebhookRepository,
      lease: { hold: async () => true, release: async () => {} },
      clock: () => new Date(),
      logger: pino({ level: "silent" }),
      observer: {},
    },
    {
      secret: "s",
      urls,
      backoff: { baseMs: 20, capMs: 40 },
      retryForMs: 60_000,
      timeoutMs: 2_000,
      pollMs: 1_000,
      concurrency: 8,
      maxHeld: 1_000,
      ...over,
    },
  );
  workers.push(worker.start());
  return worker;
}

const row = (roomId: string, seq: number, url: string, over: Partial<DeliveryRow> = {}) => {
  const now = new Date();
  const id = `${roomId}-${String(seq).padStart(5, "0")}.${new URL(url).port}`;
  return {
    id,
    eventId: `${roomId}-${seq}`,
    type: "message.created",
    roomId,
    seq,
    url,
    body: JSON.stringify({ id, roomId, seq }),
    status: "pending",
    attempts: 0,
    nextAt: now,
    queuedAt: now,
    firstAttemptAt: null,
    deliveredAt: null,
    lastError: null,
    ...over,
  } satisfies DeliveryRow;
};

/** This node's write of entry `seq` (rows for each URL, or none): stored, then offered. */
function write(
  outbox: MemoryOutbox,
  worker: WebhookWorker,
  roomId: string,
  seq: number,
  urls: string[],
) {
  const rows = urls.map((u) => row(roomId, seq, u));
  outbox.put(...rows);
  const entry: WrittenEntry = { roomId, seq, rows, stored: new Set(rows.map((r) => r.id)) };
  worker.offer([entry]);
}

async function until(check: () => boolean, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
}
const seqs = (got: Body[], roomId: string) =>
  got.filter((b) => b.roomId === roomId).map((b) => b.seq);
const leading = () => new Promise((r) => setTimeout(r, 30)); // the lease is taken at start

describe("webhook worker: order across nodes", () => {
  it("holds this node's row until an earlier one another node wrote is found, then sends both in order", async () => {
    const outbox = new MemoryOutbox();
    const { url, got } = await receiver();
    const worker = start(outbox, [url]); // polls only every second
    await leading();
    outbox.put(row("r1", 1, url)); // another node's write, unseen until a read
    write(outbox, worker, "r1", 2, [url]); // this node's next write, at once
    await until(() => got.length === 2);
    expect(seqs(got, "r1")).toEqual([1, 2]);
  });

  it("costs no read while this node's writes follow one another, events or not", async () => {
    const outbox = new MemoryOutbox();
    const { url, got } = await receiver();
    const worker = start(outbox, [url]);
    await leading();
    write(outbox, worker, "r2", 0, [url]); // the room's creation: nothing can come before it
    for (let seq = 1; seq <= 8; seq++) write(outbox, worker, "r2", seq, seq === 4 ? [] : [url]);
    await until(() => got.length === 8);
    expect(seqs(got, "r2")).toEqual([0, 1, 2, 3, 5, 6, 7, 8]);
    expect(outbox.calls.pendingOfRooms).toBe(0);
  });

  it("checks again after another node wrote in between (a note: no row), then goes on", async () => {
    const outbox = new MemoryOutbox();
    const { url, got } = await receiver();
    const worker = start(outbox, [url]);
    await leading();
    write(outbox, worker, "r3", 0, [url]);
    write(outbox, worker, "r3", 1, [url]);
    await until(() => got.length === 2);
    outbox.put(row("r3", 2, url)); // another node: a message
    // (entry 3 on another node: a note, no row)
    write(outbox, worker, "r3", 4, [url]);
    write(outbox, worker, "r3", 5, [url]);
    await until(() => got.length === 5);
    expect(seqs(got, "r3")).toEqual([0, 1, 2, 4, 5]);
    expect(outbox.calls.pendingOfRooms).toBe(1);
  });
});

describe("webhook worker: backlogs and memory", () => {
  it("holds at most maxHeld rows per URL; a dead receiver's backlog holds up no other URL", async () => {
    const outbox = new MemoryOutbox();
    let down = true;
    const dead = await receiver(() => (down ? 500 : 204));
    const live = await receiver();
    const worker = start(outbox, [dead.url, live.url], { maxHeld: 50, pollMs: 50 });
    await leading();
    for (let r = 0; r < 30; r++)
      for (let seq = 0; seq < 100; seq++) outbox.put(row(`b${r}`, seq, dead.url)); // 3,000 behind
    outbox.put(row("c1", 0, live.url), row("c1", 1, live.url)); // another node's, later
    await until(() => live.got.length === 2);
    expect(seqs(live.got, "c1")).toEqual([0, 1]);
    write(outbox, worker, "c1", 2, [dead.url, live.url]); // this node's: one URL's goes on
    await until(() => live.got.length === 3);
    expect(worker.held()).toBeLessThanOrEqual(50 + 1);
    down = false;
    await until(() => dead.got.length === 3_001, 60_000);
    for (let r = 0; r < 30; r++)
      expect(seqs(dead.got, `b${r}`)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(seqs(dead.got, "c1")).toEqual([2]);
  }, 90_000);

  it("keeps a room's order when its rows do not fit in memory", async () => {
    const outbox = new MemoryOutbox();
    let down = true;
    const { url, got } = await receiver(() => (down ? 500 : 204));
    const worker = start(outbox, [url], { maxHeld: 5, pollMs: 50 });
    await leading();
    for (let seq = 0; seq < 40; seq++) write(outbox, worker, "m1", seq, [url]);
    await new Promise((r) => setTimeout(r, 200));
    expect(worker.held()).toBeLessThanOrEqual(5);
    down = false;
    await until(() => got.length === 40, 30_000);
    expect(seqs(got, "m1")).toEqual(Array.from({ length: 40 }, (_, i) => i));
  }, 40_000);
});

describe("webhook worker: what must not be sent", () => {
  it("never sends an erased room's rows, even those another node erased while they were retried", async () => {
    const outbox = new MemoryOutbox();
    let down = true;
    const { url, got } = await receiver(() => (down ? 500 : 204));
    const worker = start(outbox, [url], { pollMs: 50 });
    await leading();
    for (const room of ["gone1", "gone2", "kept"])
      for (let seq = 0; seq < 3; seq++) write(outbox, worker, room, seq, [url]);
    await until(() => [...outbox.rows.values()].every((r) => r.attempts > 0 || r.seq > 0));
    for (const [id, r] of outbox.rows) if (r.roomId !== "kept") outbox.rows.delete(id);
    worker.forgetRoom("gone1"); // erased on this node; gone2 was erased on another
    down = false;
    await until(() => got.length === 3);
    await new Promise((r) => setTimeout(r, 300));
    expect(got.map((b) => b.roomId)).toEqual(["kept", "kept", "kept"]);
  });

  it("fails rows for a URL that is no longer configured, without sending them", async () => {
    const outbox = new MemoryOutbox();
    const { url, got } = await receiver();
    const removed = await receiver();
    outbox.put(row("x1", 0, removed.url), row("x1", 0, url));
    start(outbox, [url], { pollMs: 50 });
    await until(() => got.length === 1);
    await until(() => [...outbox.rows.values()].every((r) => r.status !== "pending"));
    const gone = [...outbox.rows.values()].find((r) => r.url === removed.url)!;
    expect(gone).toMatchObject({
      status: "failed",
      lastError: "receiver removed from WEBHOOK_URLS",
    });
    expect(removed.got).toEqual([]);
  });

  it("counts a row's retry window from its first attempt, not from when it was queued", async () => {
    const outbox = new MemoryOutbox();
    const failures = new Map<number, number>();
    const { url, got } = await receiver((b) => {
      const n = (failures.get(b.seq) ?? 0) + 1;
      failures.set(b.seq, n);
      return b.seq === 1 || n === 1 ? 500 : 204; // seq 1 never; seq 2 once
    });
    const long = new Date(Date.now() - 10 * 60_000); // both queued ten minutes ago
    outbox.put(row("w1", 1, url, { queuedAt: long }), row("w1", 2, url, { queuedAt: long }));
    start(outbox, [url], { pollMs: 50, retryForMs: 300 });
    await until(() => outbox.rows.get(row("w1", 2, url).id)!.status === "delivered");
    expect(got).toHaveLength(1);
    expect(outbox.rows.get(row("w1", 1, url).id)).toMatchObject({ status: "failed" });
    expect(outbox.rows.get(row("w1", 2, url).id)).toMatchObject({ status: "delivered" });
    expect(failures.get(2)).toBe(2);
  });
});
