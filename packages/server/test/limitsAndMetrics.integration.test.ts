import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countMessages, createHarness, openRoom, type Harness } from "./support.ts";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe("rate limits", () => {
  it("let a burst of 20 through, refuse the rest with retryAfterMs, and store nothing refused", async () => {
    const s = await h.connect("rl-burst");
    const roomId = await openRoom(h, s);
    const acks = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        h.call(s, "send-message", { roomId, clientMessageId: `b${i}`, content: `${i}` }),
      ),
    );
    const refused = acks.filter((a) => !a.ok);
    expect(acks.filter((a) => a.ok)).toHaveLength(20);
    expect(refused).toHaveLength(10);
    for (const a of refused) {
      expect(a.error.code).toBe("RATE_LIMITED");
      expect(a.error.retryAfterMs).toBeGreaterThan(0);
    }
    expect(await countMessages(h, { senderId: "rl-burst" })).toBe(20);
    expect(s.connected).toBe(true);
  });

  it("count per user, so another user is not slowed", async () => {
    const s = await h.connect("rl-other");
    const roomId = await openRoom(h, s);
    expect(
      (await h.call(s, "send-message", { roomId, clientMessageId: "o1", content: "hi" })).ok,
    ).toBe(true);
  });
});

describe("GET /metrics", () => {
  it("exposes connections, events with outcomes, latency and rate-limited counts", async () => {
    const text = await (await fetch(`${h.server.url}/metrics`)).text();
    expect(text).toMatch(/switchboard_connections\{role="customer"\} [1-9]/);
    expect(text).toMatch(/switchboard_events_total\{event="send-message",outcome="ok"\} [1-9]/);
    expect(text).toMatch(
      /switchboard_events_total\{event="send-message",outcome="RATE_LIMITED"\} 10/,
    );
    expect(text).toMatch(
      /switchboard_event_duration_seconds_bucket\{le="0.1",event="send-message"\}/,
    );
    expect(text).toMatch(/switchboard_rate_limited_total\{kind="send-message"\} 10/);
    expect(text).toMatch(/switchboard_messages_stored_total [1-9]/);
    // Database commands are counted only with DB_COMMAND_METRICS=on (test/sendCost).
    expect(text).not.toMatch(/switchboard_db_commands_total\{/);
  });
});

describe("GET /api/chat/stats", () => {
  it("gives agents the live figures, and refuses customers", async () => {
    const customer = await h.connect("st-customer");
    const roomId = await openRoom(h, customer);
    const agent = await h.connect("st-agent", "admin");
    const sent = await h.call(customer, "send-message", {
      roomId,
      clientMessageId: "st1",
      content: "hi",
    });
    await h.call(agent, "message-delivered", { roomId, messageIds: [sent.data.message.id] });
    const get = async (token: string) =>
      fetch(`${h.server.url}/api/chat/stats`, { headers: { authorization: `Bearer ${token}` } });
    const res = await get(await h.server.token("st-agent", "admin"));
    expect(res.status).toBe(200);
    const stats = (await res.json()) as Record<string, number | null>;
    expect(stats.connectedAgents).toBe(1);
    expect(stats.connectedCustomers).toBeGreaterThanOrEqual(1);
    expect(stats.messagesLastMinute).toBeGreaterThanOrEqual(1);
    expect(stats.waitingRooms).toBeGreaterThanOrEqual(1);
    expect(stats.openRooms).toBeGreaterThanOrEqual(stats.waitingRooms!);
    expect(stats.deliveryP95Ms).toBeGreaterThan(0);
    expect((await get(await h.server.token("st-customer"))).status).toBe(403);
  });
});
