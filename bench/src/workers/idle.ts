// Idle-socket worker: opens authenticated customer sockets (websocket transport, no room
// joined) and keeps them open, timing each handshake (socket created -> "connect").
import { io, type Socket } from "socket.io-client";
import { serve } from "../lib/ipc.ts";
import { sign } from "../lib/tokens.ts";

const secret = process.env.BENCH_SECRET ?? "";
const sockets: Socket[] = [];

function open(url: string, token: string): Promise<number> {
  const t0 = performance.now();
  const socket = io(`${url}/chat`, {
    auth: { token },
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
  });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("handshake timed out")), 30_000);
    socket.once("connect", () => (clearTimeout(timer), resolve(performance.now() - t0)));
    socket.once("connect_error", (e) => (clearTimeout(timer), reject(e)));
  });
}

serve({
  async open(a: { url: string; tag: string; from: number; count: number; concurrency: number }) {
    const handshake: number[] = [];
    let failed = 0;
    let next = a.from;
    const end = a.from + a.count;
    const started = performance.now();
    const lane = async () => {
      for (let i = next++; i < end; i = next++) {
        try {
          handshake.push(
            Math.round((await open(a.url, sign(secret, `idle-${a.tag}-${i}`, "customer"))) * 100) /
              100,
          );
        } catch {
          failed++;
        }
      }
    };
    await Promise.all(Array.from({ length: a.concurrency }, lane));
    const connected = sockets.filter((s) => s.connected).length;
    return { handshake, failed, connected, seconds: (performance.now() - started) / 1000 };
  },
  async close() {
    for (const s of sockets) s.close();
    return {};
  },
});
