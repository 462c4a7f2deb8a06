import { createHmac } from "node:crypto";
import type { Message, Room } from "@switchboard/protocol";
import { describe, expect, it } from "vitest";
import { deliveryRows, eventsOf, retryDelayMs, signature, urlKey } from "./webhookEvents.ts";
import { redactUrl } from "./webhookService.ts";

const room: Room = {
  id: "65f0c0ffee0000000000beef",
  customerId: "c1",
  adminId: null,
  status: "open",
  lastMessageAt: null,
  unreadCountCustomer: 0,
  unreadCountAdmin: 0,
  createdAt: "2026-01-01T10:00:00.000Z",
  updatedAt: "2026-01-01T10:00:00.000Z",
};
const message = (over: Partial<Message> = {}): Message => ({
  id: "65f0c0ffee0000000000c0de",
  roomId: room.id,
  senderId: "c1",
  senderRole: "customer",
  clientMessageId: "m1",
  content: "hi",
  attachments: [],
  status: "sent",
  createdAt: "2026-01-01T10:00:05.000Z",
  deliveredAt: null,
  readAt: null,
  kind: "message",
  ...over,
});
const soon = new Date("2026-01-01T10:00:06.000Z");
const change = (m: Message, seq = 2) => ({ message: m, seq, before: room, after: room });

describe("webhook signature", () => {
  it("is t=<seconds>,v1=<hex HMAC-SHA256 of '<t>.<body>'>", () => {
    const body = '{"id":"x","type":"room.created"}';
    const expected = createHmac("sha256", "s3cret").update(`1767225600.${body}`).digest("hex");
    expect(signature("s3cret", body, 1767225600)).toBe(`t=1767225600,v1=${expected}`);
    expect(signature("other", body, 1767225600)).not.toBe(signature("s3cret", body, 1767225600));
  });
});

describe("webhook backoff", () => {
  const b = { baseMs: 10_000, capMs: 3_600_000 };

  it("doubles from the base up to the cap, jittered between half and all of it", () => {
    expect(retryDelayMs(1, b, () => 0)).toBe(5_000);
    expect(retryDelayMs(1, b, () => 1)).toBe(10_000);
    expect(retryDelayMs(4, b, () => 1)).toBe(80_000);
    expect(retryDelayMs(30, b, () => 1)).toBe(3_600_000);
    expect(retryDelayMs(30, b, () => 0)).toBe(1_800_000);
    for (let i = 0; i < 100; i++) {
      const d = retryDelayMs(3, b);
      expect(d).toBeGreaterThanOrEqual(20_000);
      expect(d).toBeLessThanOrEqual(40_000);
    }
  });

  it("keeps retrying for at least 24 h with the real schedule", () => {
    let total = 0;
    let attempts = 0;
    while (total < 24 * 3_600_000) total += retryDelayMs(++attempts, b, () => 0);
    expect(attempts).toBeLessThan(80); // a bounded number of attempts a day, not a hot loop
  });
});

describe("webhook events", () => {
  it("sends messages as message.created, notes only when asked, activities as room.*", () => {
    expect(eventsOf(change(message()), false, soon).map((e) => e.event.type)).toEqual([
      "message.created",
    ]);
    expect(eventsOf(change(message({ kind: "note" })), false, soon)).toEqual([]);
    expect(eventsOf(change(message({ kind: "note" })), true, soon)).toHaveLength(1);
    const activity = (type: "assigned" | "transferred" | "closed" | "rated") =>
      eventsOf(change(message({ kind: "activity", activity: { type, by: "a" } })), false, soon).map(
        (e) => [e.event.type, e.event.data],
      );
    expect(activity("assigned")).toEqual([["room.assigned", room]]);
    expect(activity("transferred")).toEqual([["room.assigned", room]]);
    expect(activity("closed")).toEqual([["room.closed", room]]);
    expect(activity("rated")).toEqual([["room.rated", room]]);
  });

  it("writes room.created again with a room's first entry (the same id), while recent", () => {
    const first = eventsOf(change(message(), 1), false, soon);
    expect(first.map((e) => [e.event.type, e.event.id, e.seq])).toEqual([
      ["room.created", room.id, 0],
      ["message.created", message().id, 1],
    ]);
    const late = new Date("2026-01-02T10:00:00.000Z");
    expect(eventsOf(change(message(), 1), false, late)).toHaveLength(1);
  });

  it("makes one delivery row per URL with the same body, ids naming the URL", () => {
    const [placed] = eventsOf(change(message()), false, soon);
    const rows = deliveryRows(placed!, ["https://a.test/", "https://b.test/"], soon);
    expect(rows.map((r) => r.id)).toEqual([
      `${message().id}.${urlKey("https://a.test/")}`,
      `${message().id}.${urlKey("https://b.test/")}`,
    ]);
    expect(rows[0]!.body).toBe(rows[1]!.body);
    expect(JSON.parse(rows[0]!.body)).toEqual({
      id: message().id,
      type: "message.created",
      createdAt: message().createdAt,
      data: message(),
    });
  });
});

describe("receiver URLs in the deliveries list", () => {
  it("mask a password and query values, and keep the rest", () => {
    expect(redactUrl("https://bot:s3cret@crm.example/hook?token=abc&x=1")).toBe(
      "https://bot:***@crm.example/hook?token=***&x=***",
    );
    expect(redactUrl("https://crm.example/hooks/42")).toBe("https://crm.example/hooks/42");
    expect(redactUrl("not a url")).toBe("not a url");
  });
});
