// The webhook fault drill, shared by webhookDrill.integration.test.ts (small) and bench/ (large):
// a real server process (main.ts, as `npm start` runs it) and a real receiver process. The
// receiver answers 500 for a while, then is down, while customers flood; the server is
// SIGKILLed mid-flood and started again on the same data; the receiver comes back; then every
// event the database holds must be received at least once, in each room's order, signed.
import { randomBytes } from "node:crypto";
import mongoose from "mongoose";
import { io, type Socket } from "socket.io-client";
import { signToken } from "../src/auth/tokens.ts";
import { freePort, startServerProcess } from "./serverProcess.ts";
import { startReceiver, type Received, type Receiver } from "./webhookReceiver.ts";

export interface DrillOptions {
  /** A base URI (`mongodb://host:port/`); a fresh database is used. */
  mongoUri: string;
  rooms: number;
  /** Messages each customer tries to send before the kill, and after the restart. */
  before: number;
  after: number;
  /** WEBHOOK_RETRY_BASE_MS of the server. */
  retryBaseMs?: number;
  /** How long to wait for the last event after the restart. */
  deliverWithinMs?: number;
  log?: (line: string) => void;
}

export interface DrillResult {
  /** Sends the server ACKed (before and after the kill). */
  acked: number;
  /** Events the database says happened (rooms opened, messages, assignments, closes). */
  expected: number;
  /** Of those, received (a 2xx answered, signature verified) at least once. */
  delivered: number;
  /** Receipts answered 2xx beyond the first of each id (resends of the same id). */
  duplicates: number;
  /** Expected events never received. */
  lost: number;
  /** Requests the receiver answered 500 (the retries it forced). */
  refused: number;
  /** Rooms whose events were first received out of order. */
  outOfOrder: number;
  /** Received events that the database does not have (must be 0). */
  unknown: number;
  /** Requests with a bad signature (must be 0). */
  badSignatures: number;
  /** Notes' text seen by the receiver (must be 0). */
  notesSeen: number;
  /** ACKed sends missing from the database (must be 0). */
  ackedMissing: number;
  /** From the receiver's return to the last event received, ms. */
  catchUpMs: number;
  /** Events received per second over that time. */
  eventsPerSecond: number;
}

const NOTE = "NOTE-never-in-a-webhook";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Ack = { ok: boolean; data?: any; error?: { code: string } };

export async function runDrill(o: DrillOptions): Promise<DrillResult> {
  const log = o.log ?? (() => {});
  const secret = randomBytes(16).toString("hex");
  const jwt = randomBytes(16).toString("hex");
  const uri = `${o.mongoUri.replace(/\/?$/, "/")}sb_webhook_drill_${randomBytes(4).toString("hex")}`;
  const port = await freePort();
  let receiver: Receiver = await startReceiver(secret, 0, { mode: "500" });
  const requests = receiver.requests;
  const env = {
    MONGODB_URI: uri,
    JWT_SECRET: jwt,
    RATE_LIMITS: "off",
    LOG_LEVEL: "silent",
    WEB_DIST: "/nonexistent",
    WEBHOOK_URLS: receiver.url,
    WEBHOOK_SECRET: secret,
    WEBHOOK_RETRY_BASE_MS: String(o.retryBaseMs ?? 200),
  };
  let server = await startServerProcess(port, env);
  const sockets: Socket[] = [];
  const connect = async (sub: string, role: "customer" | "admin") => {
    const socket = io(`http://127.0.0.1:${port}/chat`, {
      auth: { token: await signToken(jwt, { sub, role }, "1h") },
      transports: ["websocket"],
      reconnection: false,
    });
    sockets.push(socket);
    await new Promise<void>((r, j) => socket.once("connect", () => r()).once("connect_error", j));
    return socket;
  };
  const call = (s: Socket, event: string, payload: unknown) =>
    new Promise<Ack>((resolve) => {
      if (s.disconnected) return resolve({ ok: false });
      s.timeout(10_000).emit(event, payload, (err: Error | null, ack: Ack) =>
        resolve(err ? { ok: false } : ack),
      );
    });
  const db = await mongoose.createConnection(uri).asPromise();
  try {
    // Rooms, each with an agent's note and answer (room.assigned), customers then flood.
    const agent = await connect("drill-agent", "admin");
    const roomIds: string[] = [];
    const customers: Socket[] = [];
    for (let i = 0; i < o.rooms; i++) {
      const c = await connect(`drill-c${i}`, "customer");
      customers.push(c);
      const roomId = (await call(c, "join-chat", {})).data.room.id as string;
      roomIds.push(roomId);
      await call(c, "send-message", { roomId, clientMessageId: "hello", content: "hello" });
      await call(agent, "send-message", {
        roomId,
        clientMessageId: `n${i}`,
        content: NOTE,
        kind: "note",
      });
      await call(agent, "send-message", { roomId, clientMessageId: `a${i}`, content: "Hi!" });
    }
    let acked = 3 * o.rooms;
    const flood = (phase: string, socketsOf: Socket[], n: number) =>
      Promise.all(
        socketsOf.map(async (s, i) => {
          for (let k = 0; k < n; k++) {
            const ack = await call(s, "send-message", {
              roomId: roomIds[i],
              clientMessageId: `${phase}${k}`,
              content: `${phase}${k}`,
            });
            if (ack.ok) acked++;
            else if (s.disconnected) return;
          }
        }),
      );
    // The receiver answers 500, then is down; the server dies mid-flood.
    const first = flood("x", customers, o.before);
    await receiver.until((r) => r.filter((x) => x.status === 500).length >= 5);
    log(`receiver: ${requests.length} requests answered 500; stopping it`);
    await receiver.stop();
    await sleep(300);
    log(`SIGKILL after ${acked} ACKed sends`);
    server.kill("SIGKILL");
    await new Promise((r) => server.once("exit", r));
    await first;
    sockets.forEach((s) => s.close());
    server = await startServerProcess(port, env);
    log("server restarted; receiver back");
    const back = Date.now();
    receiver = await startReceiver(secret, receiver.port, { requests });
    const again = [];
    for (let i = 0; i < o.rooms; i++) again.push(await connect(`drill-c${i}`, "customer"));
    await flood("y", again, o.after);
    const agent2 = await connect("drill-agent", "admin");
    for (const roomId of roomIds) if ((await call(agent2, "close-chat", { roomId })).ok) acked++;

    // What the database says happened: every room, every message but notes.
    const rooms = await db.collection("chat_rooms").find({}).toArray();
    const messages = await db
      .collection("chat_messages")
      .find({ kind: { $ne: "note" } })
      .sort({ seq: 1 })
      .toArray();
    const expectedByRoom = new Map<string, string[]>(
      rooms.map((r) => [String(r._id), [String(r._id)]]),
    );
    for (const m of messages) expectedByRoom.get(String(m.roomId))?.push(String(m._id));
    const expected = new Set([...expectedByRoom.values()].flat());
    const ok = (r: Received) => r.status === 204 && r.verified;
    const done = () => {
      const got = new Set(requests.filter(ok).map((r) => r.id));
      return [...expected].every((id) => got.has(id));
    };
    const deadline = Date.now() + (o.deliverWithinMs ?? 60_000);
    while (!done() && Date.now() < deadline) await sleep(100);
    const catchUpMs = Math.max(...requests.filter(ok).map((r) => r.at)) - back;

    const firsts = new Map<string, Received>();
    for (const r of requests.filter(ok)) if (!firsts.has(r.id)) firsts.set(r.id, r);
    let outOfOrder = 0;
    for (const ids of expectedByRoom.values()) {
      const order = ids.filter((id) => firsts.has(id)).map((id) => firsts.get(id)!.at);
      // Arrival times (ms) of a room's events in the room's order: never earlier than the one before.
      if (order.some((t, i) => i > 0 && t < order[i - 1]!)) outOfOrder++;
    }
    const ackedIds = await db.collection("chat_messages").countDocuments({});
    const deliveredCount = [...expected].filter((id) => firsts.has(id)).length;
    const afterBack = requests.filter((r) => ok(r) && r.at >= back).length;
    return {
      acked,
      expected: expected.size,
      delivered: deliveredCount,
      duplicates: requests.filter(ok).length - firsts.size,
      lost: expected.size - deliveredCount,
      refused: requests.filter((r) => r.status === 500).length,
      outOfOrder,
      unknown: [...firsts.keys()].filter((id) => !expected.has(id)).length,
      badSignatures: requests.filter((r) => !r.verified).length,
      notesSeen: requests.filter((r) => JSON.stringify(r.data).includes(NOTE)).length,
      ackedMissing: Math.max(0, acked - ackedIds),
      catchUpMs,
      eventsPerSecond: catchUpMs > 0 ? Math.round((afterBack / catchUpMs) * 1000) : 0,
    };
  } finally {
    sockets.forEach((s) => s.close());
    server.kill("SIGKILL");
    await receiver.stop();
    await db.close();
  }
}
