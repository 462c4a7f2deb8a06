// The send queue's held rooms and moveRoom(): the mechanics behind "a customer's message to
// a closed room goes to the next room", checked against a hand-driven emitter.
import type { Ack, Message } from "@switchboard/protocol";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createSendQueue, type SendQueue } from "./sendQueue.ts";
import { createChatStore } from "./store.ts";
import type { AckEmitter } from "./transport.ts";

const A = "a".repeat(24);
const B = "b".repeat(24);

interface Request {
  payload: { roomId: string; clientMessageId: string; content: string };
  answer(ack: Ack<unknown>): void;
}

class Emitter implements AckEmitter {
  connected = true;
  readonly requests: Request[] = [];
  request(_event: string, payload: unknown): Promise<never> {
    return new Promise((resolve) => {
      this.requests.push({ payload: payload as Request["payload"], answer: resolve as never });
    });
  }
}

let seq = 0;
function stored(p: Request["payload"], roomId = p.roomId): Message {
  return {
    ...p,
    id: (++seq).toString(16).padStart(24, "0"),
    roomId,
    senderId: "u1",
    senderRole: "customer",
    attachments: [],
    status: "sent",
    createdAt: new Date().toISOString(),
    deliveredAt: null,
    readAt: null,
  };
}
const ok = (m: Message): Ack<unknown> => ({ ok: true, data: { message: m } });
const closed: Ack<unknown> = { ok: false, error: { code: "ROOM_CLOSED", message: "closed" } };

let emitter: Emitter;
let store: ReturnType<typeof createChatStore>;
let queue: SendQueue;
const heldRooms = new Set<string>();
const heldEvents: string[] = [];

const listed = (roomId: string) =>
  (store.getState().messagesByRoom[roomId] ?? []).map((m) => [m.content, m.localStatus]);
const flush = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse("2025-01-01T00:00:00.000Z") });
  emitter = new Emitter();
  store = createChatStore();
  heldRooms.clear();
  heldEvents.length = 0;
  queue = createSendQueue({
    emitter,
    onUpdate: (m) => store.addMessage(m),
    onRemove: (roomId, id) => store.removeMessage(roomId, id),
    identity: () => ({ userId: "u1", role: "customer" }),
    isHeld: (roomId) => heldRooms.has(roomId),
    onRoomClosed: (roomId) => (heldRooms.add(roomId), true),
    onHeld: (roomId) => heldEvents.push(roomId),
  });
  queue.resume();
});
afterEach(() => {
  queue.dispose();
  vi.useRealTimers();
});

describe("held rooms and moveRoom", () => {
  it("holds a closed room's line and moves it, in order, with the same clientMessageIds", async () => {
    heldRooms.add(A);
    const x = queue.enqueue(A, "x");
    const y = queue.enqueue(A, "y");
    expect(emitter.requests).toHaveLength(0);
    expect(queue.movableRooms()).toEqual([A]);

    queue.moveRoom(A, B);
    expect(listed(A)).toEqual([]);
    expect(listed(B)).toEqual([
      ["x", "pending"],
      ["y", "pending"],
    ]);
    expect(emitter.requests.map((r) => [r.payload.roomId, r.payload.clientMessageId])).toEqual([
      [B, x.clientMessageId],
    ]);
    emitter.requests[0]!.answer(ok(stored(emitter.requests[0]!.payload)));
    await flush();
    expect(emitter.requests[1]!.payload).toMatchObject({
      roomId: B,
      clientMessageId: y.clientMessageId,
    });
  });

  it("moves a message in flight only once its attempt answered ROOM_CLOSED", async () => {
    queue.enqueue(A, "x");
    queue.enqueue(A, "y");
    expect(queue.movableRooms()).toEqual([]); // x is in flight
    queue.moveRoom(A, B);
    expect(listed(A)).toEqual([
      ["x", "pending"],
      ["y", "pending"],
    ]);
    emitter.requests[0]!.answer(closed);
    await flush();
    expect(heldEvents).toEqual([A]);
    expect(listed(A)).toEqual([]);
    expect(emitter.requests.map((r) => [r.payload.roomId, r.payload.content])).toEqual([
      [A, "x"],
      [B, "x"],
    ]);
  });

  it("re-sends a held room's uncertain head there first: it may be stored there", async () => {
    queue.enqueue(A, "x"); // sent; then the connection drops before the answer
    queue.enqueue(A, "y");
    queue.pause();
    heldRooms.add(A); // the room closed meanwhile
    queue.resume();
    expect(queue.movableRooms()).toEqual([]);
    expect(emitter.requests.map((r) => [r.payload.roomId, r.payload.content])).toEqual([
      [A, "x"],
      [A, "x"],
    ]);
    emitter.requests[1]!.answer(ok(stored(emitter.requests[1]!.payload)));
    await flush();
    expect(listed(A)).toEqual([
      ["x", "stored"],
      ["y", "pending"],
    ]);
    expect(emitter.requests).toHaveLength(2); // y waits: the room is held
    expect(queue.movableRooms()).toEqual([A]);
    expect(heldEvents).toEqual([A]);
  });

  it("drops the local copy when the server answers with a copy stored in another room", async () => {
    const x = queue.enqueue(B, "x");
    const req = emitter.requests[0]!;
    req.answer(ok(stored(req.payload, A)));
    await flush();
    expect(listed(B)).toEqual([]);
    expect(listed(A)).toEqual([["x", "stored"]]);
    expect(queue.pendingIds()).not.toContain(x.clientMessageId);
  });
});
