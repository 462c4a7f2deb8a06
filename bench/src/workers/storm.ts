// Reconnect-storm worker: customers that reconnect like the SDK (Socket.IO's own
// reconnection, 1 s doubling to 10 s, +-50 % jitter) and resync after every reconnect the
// way the contract says and the SDK does: join-chat { roomId, after: last id held } (the
// room alone answers when nothing was missed), then fetch-messages { after } while hasMore.
// Each keeps its room's list of message ids in order.
import { io, type Socket } from "socket.io-client";
import { serve } from "../lib/ipc.ts";
import { sign } from "../lib/tokens.ts";

interface Msg {
  id: string;
  createdAt: string;
}
interface Client {
  socket: Socket;
  roomId: string;
  ids: Map<string, string>; // id -> createdAt
  resyncedAt: number; // Date.now() of the last completed resync
  connects: number;
  errors: number;
  lastError?: string;
}

const secret = process.env.BENCH_SECRET ?? "";
const clients: Client[] = [];
const TIMEOUT = 30_000;

const add = (c: Client, ms: Msg[]) => ms.forEach((m) => c.ids.set(m.id, m.createdAt));
const lastId = (c: Client) => sorted(c)[c.ids.size - 1];
const sorted = (c: Client) =>
  [...c.ids.entries()]
    .sort((a, b) => (a[1] === b[1] ? (a[0] < b[0] ? -1 : 1) : a[1] < b[1] ? -1 : 1))
    .map((e) => e[0]);

async function resync(c: Client): Promise<void> {
  const call = async (event: string, payload: unknown) => {
    const ack = await c.socket.timeout(TIMEOUT).emitWithAck(event, payload);
    if (!ack?.ok) throw new Error(`${event}: ${JSON.stringify(ack?.error)}`);
    return ack.data;
  };
  try {
    const after = lastId(c);
    const joined = await call("join-chat", { roomId: c.roomId, ...(after ? { after } : {}) });
    add(c, joined.messages);
    let cursor = after && joined.hasMore ? joined.messages.at(-1)?.id : undefined;
    while (cursor) {
      const page = await call("fetch-messages", { roomId: c.roomId, after: cursor, limit: 100 });
      add(c, page.messages);
      cursor = page.hasMore ? page.messages.at(-1)?.id : undefined;
    }
    c.resyncedAt = Date.now();
  } catch (err) {
    c.errors++; // the next connect resyncs again
    c.lastError = err instanceof Error ? err.message : String(err);
    if (c.socket.connected) setTimeout(() => void resync(c), 500);
  }
}

function start(url: string, roomId: string, customerId: string, held: Msg[]): Promise<void> {
  const socket = io(`${url}/chat`, {
    auth: { token: sign(secret, customerId, "customer", 7200) },
    transports: ["websocket"],
    reconnection: true,
    reconnectionDelay: 1000,
    reconnectionDelayMax: 10_000,
    randomizationFactor: 0.5,
    forceNew: true,
  });
  const c: Client = { socket, roomId, ids: new Map(), resyncedAt: 0, connects: 0, errors: 0 };
  add(c, held);
  clients.push(c);
  socket.on("new-message", (m: Msg & { roomId: string }) => m.roomId === roomId && add(c, [m]));
  return new Promise((resolve) => {
    socket.on("connect", () => {
      c.connects++;
      void resync(c).then(() => resolve());
    });
  });
}

serve({
  async connect(a: { url: string; rooms: { roomId: string; customerId: string; held: Msg[] }[] }) {
    let next = 0;
    const lane = async () => {
      for (let i = next++; i < a.rooms.length; i = next++)
        await start(a.url, a.rooms[i]!.roomId, a.rooms[i]!.customerId, a.rooms[i]!.held);
    };
    await Promise.all(Array.from({ length: 25 }, lane));
    return { clients: clients.length };
  },
  /** How many clients completed a resync after `since` (Date.now() ms). */
  async status(a: { since: number }) {
    return {
      resynced: clients.filter((c) => c.resyncedAt > a.since).length,
      connected: clients.filter((c) => c.socket.connected).length,
    };
  },
  /** Each client's list, and its resync time from `from` if it resynced after `since`. */
  async report(a: { since: number; from: number }) {
    return clients.map((c) => ({
      roomId: c.roomId,
      ids: sorted(c),
      resyncMs: c.resyncedAt > a.since ? Math.max(0, c.resyncedAt - a.from) : null,
      connects: c.connects,
      errors: c.errors,
      lastError: c.lastError,
    }));
  },
  async close() {
    for (const c of clients) c.socket.close();
    return {};
  },
});
