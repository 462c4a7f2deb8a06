// The test side of webhookReceiverProcess.ts: starts it as its own process and collects what
// it received.
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export interface Received {
  id: string;
  type: string;
  createdAt: string;
  data: Record<string, unknown> & { id: string };
  verified: boolean;
  status: number;
  headers: { event?: string; delivery?: string; contentType?: string };
  at: number;
}

export interface Receiver {
  port: number;
  url: string;
  /** Every request, in arrival order (also the 500s and 401s). */
  requests: Received[];
  /** Answers 500 (`"500"`) or 204 (`"ok"`) from now on. */
  answer(mode: "ok" | "500"): void;
  /** Resolves once `test` holds of the requests (`timeoutMs` at most; then it rejects). */
  until(test: (requests: Received[]) => boolean, timeoutMs?: number): Promise<Received[]>;
  stop(): Promise<void>;
}

const SCRIPT = fileURLToPath(new URL("./webhookReceiverProcess.ts", import.meta.url));

/** Starts the receiver on `port` (0: a free one); `requests` carries over a restart. */
export async function startReceiver(
  secret: string,
  port = 0,
  opts: { mode?: "ok" | "500"; requests?: Received[] } = {},
): Promise<Receiver> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", SCRIPT, String(port)], {
    stdio: ["pipe", "pipe", "inherit"],
    env: { ...process.env, WEBHOOK_SECRET: secret, RECEIVER_MODE: opts.mode ?? "ok" },
  });
  const requests = opts.requests ?? [];
  const lines = createInterface({ input: child.stdout! });
  const listening = new Promise<number>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`receiver exited ${code}`)));
    lines.on("line", (line) => {
      const msg = JSON.parse(line) as { listening?: number; received?: Received };
      if (msg.listening) resolve(msg.listening);
      if (msg.received) requests.push(msg.received);
    });
  });
  const actual = await listening;
  return {
    port: actual,
    url: `http://127.0.0.1:${actual}/hooks`,
    requests,
    answer(mode) {
      child.stdin!.write(mode + "\n");
    },
    async until(test, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (!test(requests)) {
        if (Date.now() > deadline) throw new Error("the receiver did not get what was expected");
        await new Promise((r) => setTimeout(r, 50));
      }
      return requests;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
