// Drill clients: the real SDK (createChatClient's socket service, send queue, resync and
// store) in a worker process. Customers and their rooms' agents both send; every send is
// recorded (enqueued, ACKed) and the final store is reported for the audit.
import {
  createChatClientWith,
  createSocketService,
  type ChatClientOptions,
} from "@switchboard/client";
import { serve } from "../lib/ipc.ts";
import { sign } from "../lib/tokens.ts";

type Client = ReturnType<typeof createChatClientWith>;
interface Sent {
  cmid: string;
  content: string;
  enqueuedAt: number;
  ackedAt?: number;
  ackedId?: string;
}
interface Peer {
  name: string;
  client: Client;
  roomId: string;
  sent: Map<string, Sent>;
}

const secret = process.env.BENCH_SECRET ?? "";
const peers: Peer[] = [];

function makeClient(
  url: string,
  sub: string,
  role: "customer" | "admin",
  sent: Map<string, Sent>,
): Client {
  const options: ChatClientOptions = {
    url,
    getToken: () => sign(secret, sub, role, 7200),
    socketOptions: { transports: ["websocket"] },
  };
  // The SDK's own socket service, with its ACKs observed on the way back.
  return createChatClientWith(options, (hooks) => {
    const service = createSocketService(options, hooks);
    const request = service.request.bind(service);
    service.request = ((
      event: string,
      payload: { clientMessageId?: string },
      timeoutMs: number,
    ) => {
      const p = (
        request as (
          e: string,
          p: unknown,
          t: number,
        ) => Promise<{ ok: boolean; data?: { message?: { id: string } } }>
      )(event, payload, timeoutMs);
      if (event === "send-message" && payload.clientMessageId) {
        void p.then(
          (ack) => {
            const s = sent.get(payload.clientMessageId!);
            if (s && ack?.ok && ack.data?.message && s.ackedAt === undefined) {
              s.ackedAt = Date.now();
              s.ackedId = ack.data.message.id;
            }
          },
          () => undefined,
        );
      }
      return p;
    }) as typeof service.request;
    return service;
  });
}

serve({
  async start(a: { url: string; agentUrl?: string; tag: string; rooms: number }) {
    for (let i = 0; i < a.rooms; i++) {
      const sentC = new Map<string, Sent>();
      const customer = makeClient(a.url, `drill-${a.tag}-c${i}`, "customer", sentC);
      customer.connect();
      const room = await customer.join();
      peers.push({ name: `c${i}`, client: customer, roomId: room.id, sent: sentC });
      const sentA = new Map<string, Sent>();
      const agent = makeClient(a.agentUrl ?? a.url, `drill-${a.tag}-a${i}`, "admin", sentA);
      agent.connect();
      await agent.join(room.id);
      peers.push({ name: `a${i}`, client: agent, roomId: room.id, sent: sentA });
    }
    return { peers: peers.length };
  },
  /** Every peer sends `perSecond` messages a second for `seconds`, through its send queue. */
  async flood(a: { perSecond: number; seconds: number; tag: string }) {
    const end = Date.now() + a.seconds * 1000;
    let k = 0;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (Date.now() >= end) return (clearInterval(timer), resolve());
        for (const p of peers) {
          const content = `drill ${a.tag} ${p.name} #${k}`;
          const m = p.client.send(p.roomId, content);
          p.sent.set(m.clientMessageId, {
            cmid: m.clientMessageId,
            content,
            enqueuedAt: Date.now(),
          });
        }
        k++;
      }, 1000 / a.perSecond);
    });
    return { rounds: k };
  },
  /** Waits until no peer holds a pending message (or the time is up); then lets events settle. */
  async drain(a: { timeoutMs: number }) {
    const deadline = Date.now() + a.timeoutMs;
    const pending = () =>
      peers.reduce(
        (n, p) =>
          n +
          (p.client.store.getState().messagesByRoom[p.roomId] ?? []).filter(
            (m) => m.localStatus === "pending",
          ).length,
        0,
      );
    while (pending() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const drainedAt = pending() === 0 ? Date.now() : null;
    await new Promise((r) => setTimeout(r, 1500));
    return { drainedAt, pending: pending() };
  },
  async report() {
    return peers.map((p) => {
      const held = p.client.store.getState().messagesByRoom[p.roomId] ?? [];
      return {
        name: p.name,
        roomId: p.roomId,
        sent: [...p.sent.values()],
        view: held.filter((m) => m.localStatus === "stored").map((m) => m.id),
        pending: held.filter((m) => m.localStatus === "pending").length,
        failed: held.filter((m) => m.localStatus === "failed").map((m) => m.error?.code ?? "?"),
        status: p.client.store.getState().connectionStatus,
      };
    });
  },
  async close() {
    for (const p of peers) p.client.disconnect();
    return {};
  },
});
