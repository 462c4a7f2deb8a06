import type { Ack, ClientEventName, Message } from "@switchboard/protocol";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createSendQueue, newClientMessageId, type SendQueue } from "./sendQueue.ts";
import { createChatStore } from "./store.ts";
import type { AckEmitter } from "./transport.ts";

const ROOM = "a".repeat(24);
const ROOM2 = "b".repeat(24);
const T0 = Date.parse("2025-01-01T00:00:00.000Z");

interface Pending {
  event: ClientEventName;
  payload: { roomId: string; clientMessageId: string; content: string };
  resolve(ack: Ack<unknown>): void;
  reject(err: Error): void;
}

/** The narrow emitter: records requests; each one times out after `timeoutMs` unless answered. */
class FakeEmitter implements AckEmitter {
  connected = true;
  readonly requests: Pending[] = [];
  request(event: ClientEventName, payload: unknown, timeoutMs: number): Promise<never> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("operation has timed out")), timeoutMs);
      this.requests.push({
        event,
        payload: payload as Pending["payload"],
        resolve: (ack) => (clearTimeout(timer), resolve(ack as never)),
        reject: (err) => (clearTimeout(timer), reject(err)),
      });
    });
  }
  last(): Pending {
    const r = this.requests.at(-1);
    if (!r) throw new Error("no request");
    return r;
  }
}

let seq = 0;
function storedFor(p: Pending["payload"], senderId = "u1"): Message {
  return {
    id: (++seq).toString(16).padStart(24, "0"),
    roomId: p.roomId,
    senderId,
    senderRole: "customer",
    clientMessageId: p.clientMessageId,
    content: p.content,
    attachments: [],
    status: "sent",
    createdAt: new Date(Date.now()).toISOString(),
    deliveredAt: null,
    readAt: null,
  };
}

const ok = (p: Pending): Ack<unknown> => ({ ok: true, data: { message: storedFor(p.payload) } });
const err = (code: string, retryAfterMs?: number) =>
  ({ ok: false, error: { code, message: code, retryAfterMs } }) as Ack<unknown>;

let emitter: FakeEmitter;
let store: ReturnType<typeof createChatStore>;
let queue: SendQueue;

const roomMessages = (roomId = ROOM) => store.getState().messagesByRoom[roomId] ?? [];

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
  emitter = new FakeEmitter();
  store = createChatStore();
  queue = createSendQueue({
    emitter,
    onUpdate: (m) => store.addMessage(m),
    ackTimeoutMs: 10_000,
    identity: () => ({ userId: "u1", role: "customer" }),
    random: () => 1, // no jitter: delays are exactly 500, 1000, 2000, ...
  });
  queue.resume();
});

afterEach(() => {
  queue.dispose();
  vi.useRealTimers();
});

describe("send queue", () => {
  it("shows a message as pending at once, then replaces it with the stored one on ACK", async () => {
    const pending = queue.enqueue(ROOM, "  hello\r\n ");
    expect(pending).toMatchObject({ localStatus: "pending", content: "hello", senderId: "u1" });
    expect(pending.id).toBe("local:" + pending.clientMessageId);
    expect(roomMessages()).toEqual([pending]);

    const req = emitter.last();
    expect(req.event).toBe("send-message");
    expect(req.payload).toMatchObject({
      roomId: ROOM,
      clientMessageId: pending.clientMessageId,
      content: "hello",
    });
    const ack = ok(req);
    req.resolve(ack);
    await vi.advanceTimersByTimeAsync(0);

    expect(roomMessages()).toHaveLength(1);
    expect(roomMessages()[0]).toMatchObject({
      localStatus: "stored",
      clientMessageId: pending.clientMessageId,
    });
    expect(roomMessages()[0]!.id).not.toMatch(/^local:/);
    expect(queue.pendingIds()).toEqual([]);
  });

  it("sends a note as a note (contract v2), and a message without any kind", async () => {
    const note = queue.enqueue(ROOM, "VIP: be nice", [], { kind: "note" });
    expect(note).toMatchObject({ kind: "note", localStatus: "pending" });
    expect(emitter.last().payload).toMatchObject({ kind: "note", content: "VIP: be nice" });
    emitter.last().resolve(ok(emitter.last()));
    await vi.advanceTimersByTimeAsync(0);
    queue.enqueue(ROOM, "Hello");
    expect(emitter.last().payload).not.toHaveProperty("kind");
  });

  it("retries after an ack timeout with the same clientMessageId and exponential backoff", async () => {
    const { clientMessageId } = queue.enqueue(ROOM, "hi");
    await vi.advanceTimersByTimeAsync(10_000); // attempt 1 times out
    expect(emitter.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(499);
    expect(emitter.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1); // backoff 500 ms
    expect(emitter.requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(10_000 + 999); // attempt 2 times out, backoff 1000 ms
    expect(emitter.requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(emitter.requests).toHaveLength(3);
    expect(emitter.requests.map((r) => r.payload.clientMessageId)).toEqual([
      clientMessageId,
      clientMessageId,
      clientMessageId,
    ]);
    emitter.last().resolve(ok(emitter.last()));
    await vi.advanceTimersByTimeAsync(0);
    expect(roomMessages()).toMatchObject([{ localStatus: "stored", clientMessageId }]);
  });

  it("retries INTERNAL with backoff", async () => {
    queue.enqueue(ROOM, "hi");
    emitter.last().resolve(err("INTERNAL"));
    await vi.advanceTimersByTimeAsync(499);
    expect(emitter.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(emitter.requests).toHaveLength(2);
    expect(roomMessages()[0]!.localStatus).toBe("pending");
  });

  it("waits retryAfterMs on RATE_LIMITED", async () => {
    queue.enqueue(ROOM, "hi");
    emitter.last().resolve(err("RATE_LIMITED", 3000));
    await vi.advanceTimersByTimeAsync(2999);
    expect(emitter.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(emitter.requests).toHaveLength(2);
  });

  it("fails for good on VALIDATION, then goes on with the room's next message", async () => {
    const a = queue.enqueue(ROOM, "a");
    const b = queue.enqueue(ROOM, "b");
    expect(emitter.requests).toHaveLength(1);
    emitter.last().resolve(err("VALIDATION"));
    await vi.advanceTimersByTimeAsync(0);

    const failed = roomMessages().find((m) => m.clientMessageId === a.clientMessageId);
    expect(failed).toMatchObject({ localStatus: "failed", error: { code: "VALIDATION" } });
    expect(emitter.requests).toHaveLength(2);
    expect(emitter.last().payload.clientMessageId).toBe(b.clientMessageId);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(
      emitter.requests.filter((r) => r.payload.clientMessageId === a.clientMessageId),
    ).toHaveLength(1);
  });

  it.each(["FORBIDDEN", "NOT_FOUND", "ROOM_CLOSED", "TOO_LARGE", "UNAUTHORIZED"])(
    "fails for good on %s",
    async (code) => {
      queue.enqueue(ROOM, "a");
      emitter.last().resolve(err(code));
      await vi.advanceTimersByTimeAsync(60_000);
      expect(emitter.requests).toHaveLength(1);
      expect(roomMessages()[0]).toMatchObject({ localStatus: "failed", error: { code } });
    },
  );

  it("fails an invalid message at once, without sending it", () => {
    const m = queue.enqueue(ROOM, " \u0000 ");
    expect(m).toMatchObject({ localStatus: "failed", error: { code: "VALIDATION" } });
    expect(emitter.requests).toHaveLength(0);
  });

  it("retry() re-sends a failed message with the same clientMessageId", async () => {
    const a = queue.enqueue(ROOM, "a");
    emitter.last().resolve(err("ROOM_CLOSED"));
    await vi.advanceTimersByTimeAsync(0);
    expect(roomMessages()[0]!.localStatus).toBe("failed");

    queue.retry(a.clientMessageId);
    expect(roomMessages()).toHaveLength(1);
    expect(roomMessages()[0]).toMatchObject({
      localStatus: "pending",
      clientMessageId: a.clientMessageId,
    });
    expect(roomMessages()[0]!.error).toBeUndefined();
    expect(emitter.requests).toHaveLength(2);
    expect(emitter.last().payload.clientMessageId).toBe(a.clientMessageId);
    emitter.last().resolve(ok(emitter.last()));
    await vi.advanceTimersByTimeAsync(0);
    expect(roomMessages()).toMatchObject([
      { localStatus: "stored", clientMessageId: a.clientMessageId },
    ]);
    expect(queue.retry("unknown")).toBe(false);
  });

  it("keeps one message in flight per room, in order; rooms do not wait for each other", async () => {
    const a = queue.enqueue(ROOM, "a");
    const b = queue.enqueue(ROOM, "b");
    const c = queue.enqueue(ROOM2, "c");
    expect(emitter.requests.map((r) => r.payload.clientMessageId)).toEqual([
      a.clientMessageId,
      c.clientMessageId,
    ]);
    emitter.last().resolve(ok(emitter.last())); // c is stored; room 2 is done

    // a's first attempt times out: b still waits, and a goes again before b.
    await vi.advanceTimersByTimeAsync(10_500);
    expect(emitter.requests.map((r) => r.payload.clientMessageId)).toEqual([
      a.clientMessageId,
      c.clientMessageId,
      a.clientMessageId,
    ]);
    emitter.last().resolve(ok(emitter.last()));
    await vi.advanceTimersByTimeAsync(0);
    expect(emitter.last().payload.clientMessageId).toBe(b.clientMessageId);
    expect(roomMessages().map((m) => m.content)).toEqual(["a", "b"]);
  });

  it("survives a disconnect and re-sends after resume() with the same clientMessageId", async () => {
    const a = queue.enqueue(ROOM, "a");
    const inFlight = emitter.last();
    // The connection drops: the client pauses the queue, Socket.IO fails the ack.
    emitter.connected = false;
    queue.pause();
    inFlight.reject(new Error("socket has been disconnected"));
    const b = queue.enqueue(ROOM, "b"); // written while offline
    await vi.advanceTimersByTimeAsync(120_000);
    expect(emitter.requests).toHaveLength(1);
    expect(roomMessages().map((m) => m.localStatus)).toEqual(["pending", "pending"]);

    emitter.connected = true;
    queue.resume(); // after the resync
    expect(emitter.requests).toHaveLength(2);
    expect(emitter.last().payload.clientMessageId).toBe(a.clientMessageId);
    emitter.last().resolve(ok(emitter.last()));
    await vi.advanceTimersByTimeAsync(0);
    expect(emitter.last().payload.clientMessageId).toBe(b.clientMessageId);
    emitter.last().resolve(ok(emitter.last()));
    await vi.advanceTimersByTimeAsync(0);
    expect(roomMessages().map((m) => [m.content, m.localStatus])).toEqual([
      ["a", "stored"],
      ["b", "stored"],
    ]);
  });

  it("takes the late ACK of an abandoned attempt as stored and does not send it again", async () => {
    queue.enqueue(ROOM, "a");
    const first = emitter.last();
    queue.pause();
    first.resolve(ok(first));
    await vi.advanceTimersByTimeAsync(0);
    queue.resume();
    expect(emitter.requests).toHaveLength(1);
    expect(roomMessages()).toMatchObject([{ localStatus: "stored" }]);
  });

  it("sends nothing before the first resume()", async () => {
    const q = createSendQueue({ emitter, onUpdate: (m) => store.addMessage(m) });
    q.enqueue(ROOM2, "x");
    await vi.advanceTimersByTimeAsync(60_000);
    expect(emitter.requests).toHaveLength(0);
    q.resume();
    expect(emitter.requests).toHaveLength(1);
    q.dispose();
  });
});

describe("newClientMessageId", () => {
  it("is unique and fits the contract's 64 characters, even without crypto.randomUUID", () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newClientMessageId()));
    expect(ids.size).toBe(1000);
    vi.stubGlobal("crypto", {});
    try {
      const id = newClientMessageId();
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
