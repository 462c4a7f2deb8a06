// Regression (unit): messages queued within one millisecond show in the order written.
// Their local ids are random, and the store sorts local copies by (createdAt, id), so the
// send queue gives them strictly increasing `createdAt` stamps.
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { createChatStore, createSendQueue } from "../src/index.ts";

const ROOM = "a".repeat(24);

beforeEach(() => vi.useFakeTimers({ now: Date.parse("2025-01-01T00:00:00.000Z") }));
afterEach(() => vi.useRealTimers());

it("shows pending messages queued in the same millisecond in the order written", () => {
  const store = createChatStore();
  const queue = createSendQueue({
    emitter: { connected: false, request: () => new Promise(() => undefined) },
    onUpdate: (m) => store.addMessage(m),
  });
  const texts = Array.from({ length: 20 }, (_, i) => `message ${i}`);
  for (const t of texts) queue.enqueue(ROOM, t);
  const held = store.getState().messagesByRoom[ROOM] ?? [];
  expect(held.map((m) => m.content)).toEqual(texts);
  expect(held.every((m) => m.localStatus === "pending")).toBe(true);
  queue.dispose();
});
