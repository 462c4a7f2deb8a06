import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, openRoom, type Harness } from "./support.ts";

// The server logs through a pino logger of the test's, at debug, into memory.
const lines: Record<string, unknown>[] = [];
const raw: string[] = [];
const sink = new Writable({
  write(chunk: Buffer, _enc, done) {
    for (const line of chunk.toString().split("\n").filter(Boolean)) {
      raw.push(line);
      lines.push(JSON.parse(line) as Record<string, unknown>);
    }
    done();
  },
});
let h: Harness;
beforeAll(async () => {
  h = await createHarness({ logger: pino({ level: "debug" }, sink) });
});
afterAll(() => h.close());

const logged = (msg: string, where: (l: Record<string, unknown>) => boolean) =>
  lines.filter((l) => l.msg === msg && where(l));

describe("structured logs", () => {
  it("give each HTTP request an id (the caller's X-Request-Id, else a new one) and never its token", async () => {
    const token = await h.server.token("log-user", "admin");
    const res = await fetch(`${h.server.url}/api/chat/rooms?limit=5`, {
      headers: { authorization: `Bearer ${token}`, "x-request-id": "trace-42" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBe("trace-42");
    const fresh = await fetch(`${h.server.url}/api/chat/rooms/zzz/messages`, {
      headers: { authorization: `Bearer ${token}`, "x-request-id": "<script>" },
    });
    expect(fresh.status).toBe(400);
    const id = fresh.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    expect(logged("request completed", (l) => l.reqId === "trace-42")).toEqual([
      expect.objectContaining({
        level: 20,
        req: { method: "GET", path: "/api/chat/rooms" },
        res: { status: 200 },
      }),
    ]);
    expect(logged("request completed", (l) => l.reqId === id)).toEqual([
      expect.objectContaining({ level: 30, res: { status: 400 } }),
    ]);
    expect(raw.some((l) => l.includes(token))).toBe(false);
  });

  it("name the socket, user, room, event and outcome of every socket event", async () => {
    const s = await h.connect("log-customer");
    const roomId = await openRoom(h, s);
    await h.call(s, "send-message", { roomId, clientMessageId: "l1", content: "hello" });
    await h.call(s, "typing", { roomId: "not-an-id" });
    expect(
      logged("event handled", (l) => l.event === "send-message" && l.userId === "log-customer"),
    ).toEqual([expect.objectContaining({ socketId: s.id, roomId, outcome: "ok" })]);
    expect(logged("event handled", (l) => l.event === "typing" && l.socketId === s.id)).toEqual([
      expect.objectContaining({ outcome: "VALIDATION" }),
    ]);
    expect(raw.some((l) => l.includes("hello"))).toBe(false); // ids, not contents
  });
});
