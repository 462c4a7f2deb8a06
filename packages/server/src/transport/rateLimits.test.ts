import { describe, expect, it } from "vitest";
import {
  AbuseTracker,
  DEFAULT_LIMITS,
  IN_FLIGHT_GRACE_MS,
  limitsFor,
  parseRateLimits,
  type Limit,
} from "./rateLimits.ts";

/** A tracker on a clock the test moves. */
function tracker(disconnectAfterMs = 10_000) {
  let now = 0;
  const t = new AbuseTracker(disconnectAfterMs, () => now);
  return { t, at: (ms: number) => (now = ms) };
}

describe("AbuseTracker", () => {
  it("disconnects a flood that keeps going through refill after refill", () => {
    const { t, at } = tracker();
    let disconnectedAt: number | undefined;
    // 20 points per 4 s window: each window lets a few through, then refuses until it refills.
    for (let ms = 0; ms <= 15_000 && disconnectedAt === undefined; ms += 50) {
      at(ms);
      if (t.arrived("messages")) disconnectedAt = ms;
      else if (ms % 4000 > 200) t.refused("messages", 4000 - (ms % 4000));
    }
    expect(disconnectedAt).toBeGreaterThanOrEqual(10_000);
    expect(disconnectedAt).toBeLessThan(11_000);
  });

  it("never disconnects a client that waits out every retryAfterMs, however long it goes on", () => {
    const { t, at } = tracker();
    let ms = 0;
    for (let i = 0; i < 100; i++) {
      at(ms);
      expect(t.arrived("messages")).toBe(false);
      t.refused("messages", 300);
      ms += 300; // waits exactly as told, then sends again
    }
  });

  it("forgives events already on the wire when the refusal was sent", () => {
    const { t, at } = tracker(1000);
    at(0);
    t.refused("events", 60_000);
    for (const ms of [1, 100, IN_FLIGHT_GRACE_MS - 1]) {
      at(ms);
      expect(t.arrived("events")).toBe(false);
    }
  });

  it("keeps kinds apart: typing within its limit is not held against a refused send", () => {
    const { t, at } = tracker(1000);
    at(0);
    t.refused("messages", 60_000);
    for (let ms = 600; ms < 5000; ms += 100) {
      at(ms);
      expect(t.arrived("typing")).toBe(false);
    }
    at(5000);
    expect(t.arrived("messages")).toBe(false); // first violation starts the clock
    at(6000);
    expect(t.arrived("messages")).toBe(true);
  });

  it("clears the record once a period passes without violations", () => {
    const { t, at } = tracker(1000);
    at(0);
    t.refused("messages", 2000);
    at(800);
    expect(t.arrived("messages")).toBe(false); // violation; clock starts at 800
    at(2000);
    expect(t.arrived("messages")).toBe(false); // flooded through: record kept
    t.refused("messages", 1000);
    at(3000);
    expect(t.arrived("messages")).toBe(false); // waited this one out: cleared
    t.refused("messages", 1000);
    at(3600);
    expect(t.arrived("messages")).toBe(false); // a new clock, not the one from 800
  });
});

describe("AbuseTracker, long gaps", () => {
  it("forgets a violation once a quiet hour has passed", () => {
    const { t, at } = tracker(1000);
    at(0);
    t.refused("messages", 2000);
    at(800);
    expect(t.arrived("messages")).toBe(false); // one stray violation
    at(2500);
    expect(t.arrived("messages")).toBe(false); // period over, record kept for a while
    at(3_600_000);
    t.refused("messages", 2000); // an hour later: a new story
    at(3_600_600);
    expect(t.arrived("messages")).toBe(false);
    at(3_601_000);
    expect(t.arrived("messages")).toBe(false); // 400 ms of violation, not an hour
  });

  it("says to disconnect once, however many events follow", () => {
    const { t, at } = tracker(1000);
    at(0);
    t.refused("events", 60_000);
    const answers = [];
    for (let ms = 600; ms < 3000; ms += 100) {
      at(ms);
      answers.push(t.arrived("events"));
    }
    expect(answers.filter(Boolean)).toHaveLength(1);
  });
});

describe("parseRateLimits (RATE_LIMITS)", () => {
  it("reads off, on, and per-kind settings", () => {
    expect(parseRateLimits(undefined)).toEqual({ enabled: true });
    expect(parseRateLimits("off")).toEqual({ enabled: false });
    expect(parseRateLimits(" OFF ")).toEqual({ enabled: false });
    expect(parseRateLimits("true")).toEqual({ enabled: true });
    expect(parseRateLimits("messages=40/4, handshakes=300/60,disconnectAfter=20")).toEqual({
      enabled: true,
      limits: { messages: [40, 4], handshakes: [300, 60] },
      disconnectAfterMs: 20_000,
    });
  });

  it("refuses what it cannot read, naming the part", () => {
    for (const bad of ["message=1/1", "messages=0/4", "messages=4", "disconnectAfter=-1", "yes"]) {
      expect(() => parseRateLimits(bad)).toThrow(/RATE_LIMITS: cannot read/);
    }
  });
});

describe("limitsFor", () => {
  it("charges other events to the socket, then to the user all its sockets share", () => {
    expect(limitsFor("join-chat", "u1", "s1")).toEqual([
      ["events", "s1"],
      ["userEvents", "u1"],
    ]);
    expect(limitsFor("send-message", "u1", "s1")).toEqual([["messages", "u1"]]);
    expect(limitsFor("typing", "u1", "s1")).toEqual([["typing", "s1"]]);
  });

  it("keeps the contract's minimums in the defaults", () => {
    const perSecond = ([points, seconds]: Limit) => points / seconds;
    expect(perSecond(DEFAULT_LIMITS.messages)).toBeGreaterThanOrEqual(5);
    expect(DEFAULT_LIMITS.messages[0]).toBeGreaterThanOrEqual(20);
    expect(perSecond(DEFAULT_LIMITS.handshakes) * 60).toBeGreaterThanOrEqual(60);
    expect(DEFAULT_LIMITS.userEvents[0]).toBeGreaterThanOrEqual(DEFAULT_LIMITS.events[0]);
  });
});
