// One load process: `clients` customers, each joins its room and sends `count` messages
// one after another (as the SDK's send queue does), timing send -> ACK.
// Prints one JSON line with the samples summary.
import { io } from "socket.io-client";
import { summarize } from "./stats.ts";

const [url, tokensJson, countArg] = process.argv.slice(2);
const tokens = JSON.parse(tokensJson!) as string[];
const count = Number(countArg);

type AckFn = (
  event: string,
  payload: unknown,
) => Promise<{ ok: boolean; data?: any; error?: unknown }>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function connect(token: string): Promise<{ call: AckFn; roomId: string; close(): void }> {
  const socket = io(`${url}/chat`, {
    auth: { token },
    transports: ["websocket"],
    reconnection: false,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  const call: AckFn = (e, p) => socket.timeout(30_000).emitWithAck(e, p);
  const joined = await call("join-chat", {});
  return { call, roomId: joined.data.room.id, close: () => socket.close() };
}

async function send(
  c: Awaited<ReturnType<typeof connect>>,
  index: number,
  samples: number[],
): Promise<number> {
  const { call, roomId } = c;
  let failures = 0;
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    const ack = await call("send-message", {
      roomId,
      clientMessageId: `${process.pid}-${index}-${i}`,
      content: `message ${i}`,
    });
    samples.push(performance.now() - t0);
    if (!ack.ok) failures++;
  }
  c.close();
  return failures;
}

// Connect and join first, so the timed phase is sending only.
const clients = await Promise.all(tokens.map(connect));
const samples: number[] = [];
const started = performance.now();
const failures = (await Promise.all(clients.map((c, i) => send(c, i, samples)))).reduce(
  (a, b) => a + b,
  0,
);
const seconds = (performance.now() - started) / 1000;
process.stdout.write(
  JSON.stringify({ seconds, failures, latency: summarize(samples), samples: samples.length }) +
    "\n",
);
process.exit(0);
