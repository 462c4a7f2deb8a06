// Load worker: customers (one room each) and a few agents (each joined to a share of the
// rooms), on Switchboard or on the echo baseline. `run` offers an OPEN-LOOP load: sends
// leave on a fixed schedule whatever the ACKs do, spread round-robin over the rooms;
// `closed` keeps a fixed number of sends in flight per room instead.
// Measures send->ACK at the customer and send->new-message at the room's agent.
import { io, type Socket } from "socket.io-client";
import { serve } from "../lib/ipc.ts";
import { sign } from "../lib/tokens.ts";

const secret = process.env.BENCH_SECRET ?? "";
let customers: { socket: Socket; roomId: string }[] = [];
let agents: Socket[] = [];
const sentAt = new Map<string, number>();
let delivered: number[] = [];
let tag = "";
let seq = 0;
const ACK_TIMEOUT_MS = 10_000;

function open(url: string, token: string): Promise<Socket> {
  const socket = io(`${url}/chat`, {
    auth: { token },
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("connect timed out")), 30_000);
    socket.once("connect", () => (clearTimeout(timer), resolve(socket)));
    socket.once("connect_error", (e) => (clearTimeout(timer), reject(e)));
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function call(socket: Socket, event: string, payload: unknown): Promise<any> {
  const ack = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck(event, payload);
  if (!ack?.ok) throw new Error(`${event}: ${JSON.stringify(ack?.error)}`);
  return ack.data;
}

/** Runs `fn` over `items` with at most `limit` at a time. */
async function pool<T, R>(
  items: T[],
  limit: number,
  fn: (t: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i]!, i);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

interface ConnectArgs {
  url: string;
  agentUrl?: string;
  tag: string;
  rooms: number;
  agents: number;
}

async function connect(a: ConnectArgs) {
  tag = a.tag;
  customers = await pool(Array.from({ length: a.rooms }), 32, async (_, i) => {
    const socket = await open(a.url, sign(secret, `c-${tag}-${i}`, "customer"));
    const joined = await call(socket, "join-chat", {});
    return { socket, roomId: joined.room.id as string };
  });
  agents = await pool(Array.from({ length: a.agents }), 8, async (_, j) => {
    const socket = await open(a.agentUrl ?? a.url, sign(secret, `a-${tag}-${j}`, "admin"));
    socket.on("new-message", (m: { clientMessageId?: string; senderRole?: string }) => {
      const t0 =
        m.senderRole === "customer" && m.clientMessageId
          ? sentAt.get(m.clientMessageId)
          : undefined;
      if (t0 !== undefined) delivered.push(performance.now() - t0);
    });
    for (let i = j; i < customers.length; i += a.agents) {
      await call(socket, "join-chat", { roomId: customers[i]!.roomId });
    }
    return socket;
  });
  return { rooms: customers.map((c) => c.roomId) };
}

interface RunArgs {
  rate: number; // msg/s offered by this worker
  seconds: number;
  drainMs: number;
}

async function run({ rate, seconds, drainMs }: RunArgs) {
  sentAt.clear();
  delivered = [];
  const ack: number[] = [];
  let [sent, acked, failed, timedOut, ackedInWindow] = [0, 0, 0, 0, 0];
  const start = performance.now();
  const end = start + seconds * 1000;
  const inflight = new Set<Promise<void>>();
  const sendOne = () => {
    const c = customers[sent % customers.length]!;
    const clientMessageId = `${tag}-${seq++}`;
    const t0 = performance.now();
    sentAt.set(clientMessageId, t0);
    sent++;
    const p = c.socket
      .timeout(ACK_TIMEOUT_MS)
      .emitWithAck("send-message", {
        roomId: c.roomId,
        clientMessageId,
        content: `bench message ${clientMessageId}: the quick brown fox jumps over the lazy dog`,
      })
      .then(
        (a: { ok: boolean }) => {
          const now = performance.now();
          if (!a?.ok) return void failed++;
          acked++;
          if (now <= end) ackedInWindow++;
          ack.push(now - t0);
        },
        () => void timedOut++,
      )
      .finally(() => inflight.delete(p));
    inflight.add(p);
  };
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const now = Math.min(performance.now(), end);
      const due = Math.floor((rate * (now - start)) / 1000);
      while (sent < due) sendOne();
      if (now >= end) {
        clearInterval(timer);
        resolve();
      }
    }, 2);
  });
  const drainEnd = performance.now() + drainMs;
  while (inflight.size > 0 && performance.now() < drainEnd)
    await Promise.race([...inflight, sleep(50)]);
  // Deliveries trail ACKs a little: give them a moment too.
  const deliverEnd = performance.now() + Math.min(drainMs, 2000);
  while (delivered.length < acked && agents.length > 0 && performance.now() < deliverEnd)
    await sleep(20);
  return {
    sent,
    acked,
    failed,
    timedOut: timedOut + inflight.size,
    ackedInWindow,
    seconds,
    ack: ack.map(round),
    delivered: delivered.map(round),
  };
}

interface ClosedArgs {
  perRoom: number; // sends each customer keeps in flight
  seconds: number;
}

/**
 * CLOSED loop: every customer keeps `perRoom` sends in flight for `seconds`, each answered
 * send replaced at once by the next. Measures send->ACK under a fixed concurrency.
 */
async function closed({ perRoom, seconds }: ClosedArgs) {
  const ack: number[] = [];
  let [sent, acked, failed, timedOut, ackedInWindow] = [0, 0, 0, 0, 0];
  const end = performance.now() + seconds * 1000;
  const lane = async (c: { socket: Socket; roomId: string }) => {
    while (performance.now() < end) {
      const clientMessageId = `${tag}-${seq++}`;
      const t0 = performance.now();
      sent++;
      try {
        const a = (await c.socket.timeout(ACK_TIMEOUT_MS).emitWithAck("send-message", {
          roomId: c.roomId,
          clientMessageId,
          content: `bench message ${clientMessageId}: the quick brown fox jumps over the lazy dog`,
        })) as { ok: boolean };
        const now = performance.now();
        if (!a?.ok) failed++;
        else {
          acked++;
          if (now <= end) ackedInWindow++;
          ack.push(now - t0);
        }
      } catch {
        timedOut++;
      }
    }
  };
  await Promise.all(customers.flatMap((c) => Array.from({ length: perRoom }, () => lane(c))));
  return {
    sent,
    acked,
    failed,
    timedOut,
    ackedInWindow,
    seconds,
    ack: ack.map(round),
    delivered: [],
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (x: number) => Math.round(x * 100) / 100;

serve({
  connect,
  run,
  closed,
  async close() {
    for (const s of [...customers.map((c) => c.socket), ...agents]) s.close();
    return {};
  },
});
