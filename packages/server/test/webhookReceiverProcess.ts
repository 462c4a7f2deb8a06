// A webhook receiver in its own process, written from docs/protocol.md ("Webhooks") alone: a
// node:http server that verifies X-Switchboard-Signature over the raw body with WEBHOOK_SECRET
// and prints one JSON line per request it received. Usage: node --import tsx
// webhookReceiverProcess.ts <port> (0: any free port); prints {"listening": <port>} once
// ready. A line "ok" or "500" on stdin switches what it answers (default "ok").
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import { createInterface } from "node:readline";

const secret = process.env.WEBHOOK_SECRET ?? "";
let mode = process.env.RECEIVER_MODE ?? "ok";
createInterface({ input: process.stdin }).on("line", (line) => (mode = line.trim()));

function verified(header: string | string[] | undefined, raw: string): boolean {
  const parts = Object.fromEntries(
    String(header)
      .split(",")
      .map((p) => p.split("=", 2)),
  ) as Record<string, string | undefined>;
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > 300) return false;
  const expected = createHmac("sha256", secret).update(`${t}.${raw}`).digest();
  const given = Buffer.from(String(parts.v1), "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const raw = Buffer.concat(chunks).toString("utf8");
    const ok = verified(req.headers["x-switchboard-signature"], raw);
    const status = !ok ? 401 : mode === "500" ? 500 : 204;
    let event: { id?: string; type?: string; createdAt?: string; data?: Record<string, unknown> };
    try {
      event = JSON.parse(raw) as typeof event;
    } catch {
      event = {};
    }
    const line = {
      received: {
        id: event.id,
        type: event.type,
        createdAt: event.createdAt,
        data: event.data,
        verified: ok,
        status,
        headers: {
          event: req.headers["x-switchboard-event"],
          delivery: req.headers["x-switchboard-delivery"],
          contentType: req.headers["content-type"],
        },
        at: Date.now(),
      },
    };
    process.stdout.write(JSON.stringify(line) + "\n");
    res.writeHead(status).end();
  });
});
server.keepAliveTimeout = 1_000;
server.listen(Number(process.argv[2] ?? 0), "127.0.0.1", () => {
  const { port } = server.address() as { port: number };
  process.stdout.write(JSON.stringify({ listening: port }) + "\n");
});
process.on("SIGTERM", () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
