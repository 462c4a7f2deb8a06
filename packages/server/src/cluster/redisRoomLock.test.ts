import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { RedisRoomLock, type LockRedis } from "./redisRoomLock.ts";

/**
 * Just enough Redis for the lock; `state` plays an outage or a forgotten key. Its acquire
 * plays the script's SET NX (who held the room last is the integration test's part, on a
 * real Redis: packages/server/test/redisLock.integration.test.ts).
 */
class FakeRedis implements LockRedis {
  readonly keys = new Map<string, string>();
  readonly calls: string[] = [];
  state: "up" | "down" | "forgot" = "up";

  async eval(script: string, _n: number, key: string, ...args: unknown[]): Promise<unknown> {
    if (script.includes('"NX"')) return this.acquire(key, String(args[1]));
    return this.call(script, key, String(args[0]));
  }

  private async acquire(key: string, token: string): Promise<0 | null> {
    if (this.state === "down") throw new Error("Stream isn't writeable");
    if (this.keys.has(key)) return null;
    this.keys.set(key, token);
    return 0;
  }

  private async call(script: string, key: string, token: string): Promise<unknown> {
    const op = script.includes("pexpire") ? "extend" : "release";
    this.calls.push(`${op} ${token}`);
    if (this.state === "down") throw new Error("Stream isn't writeable");
    if (this.state === "forgot") this.keys.delete(key);
    if (this.keys.get(key) !== token) return 0;
    if (op === "release") this.keys.delete(key);
    return 1;
  }
}

describe("RedisRoomLock lease", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  /** Holds "room" until `done` resolves; returns what the holder saw. */
  function hold(redis: FakeRedis, opts: { maxHoldMs?: number } = {}) {
    const lost: string[] = [];
    const lock = new RedisRoomLock(redis, "p:", {
      leaseMs: 300,
      ...opts,
      onLost: (roomId, why) => lost.push(`${roomId} ${why}`),
    });
    let finish!: () => void;
    let signal!: AbortSignal;
    const run = lock.withRoom("room", async (s) => {
      signal = s;
      await new Promise<void>((r) => (finish = r));
    });
    return { lost, run, signal: () => signal, finish: () => finish() };
  }

  it("renews every third of the lease with its own token, then releases it", async () => {
    const redis = new FakeRedis();
    const h = hold(redis);
    await vi.advanceTimersByTimeAsync(1_000);
    const token = redis.keys.get("p:room");
    expect(redis.calls).toEqual(Array.from({ length: 10 }, () => `extend ${token}`));
    h.finish();
    await h.run;
    expect(redis.calls.at(-1)).toBe(`release ${token}`);
    expect(redis.keys.size).toBe(0);
    expect(h.signal().aborted).toBe(false);
    expect(h.lost).toEqual([]);
  });

  it("while Redis is away, tells the holder just before the lease it last renewed runs out", async () => {
    const redis = new FakeRedis();
    const h = hold(redis);
    await vi.advanceTimersByTimeAsync(100); // renewed at 100: valid until 395 with the margin
    redis.state = "down";
    await vi.advanceTimersByTimeAsync(294);
    expect(h.signal().aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(2);
    expect(h.signal().reason).toMatchObject({ roomId: "room", reason: "unreachable" });
    expect(h.lost).toEqual(["room unreachable"]);
    const renewals = redis.calls.length;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(redis.calls.length).toBe(renewals); // no renewing a lease it gave up
    h.finish();
    await h.run; // the failing release does not fail the write
  });

  it("tells the holder at the first renewal that finds its lease gone, and stops renewing", async () => {
    const redis = new FakeRedis();
    const h = hold(redis);
    redis.state = "forgot";
    await vi.advanceTimersByTimeAsync(100);
    expect(h.lost).toEqual(["room gone"]);
    expect(h.signal().aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(redis.calls.filter((c) => c.startsWith("extend"))).toHaveLength(1);
    h.finish();
    await h.run;
  });

  it("stops renewing after the longest hold and lets the lease run out", async () => {
    const redis = new FakeRedis();
    const h = hold(redis, { maxHoldMs: 1_000 });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(h.lost).toEqual([]);
    await vi.advanceTimersByTimeAsync(300);
    expect(h.lost).toEqual(["room held-too-long"]);
    h.finish();
    await h.run;
  });

  it("fails a write that cannot reach Redis to take the lock, without running it", async () => {
    const redis = new FakeRedis();
    redis.state = "down";
    const fn = vi.fn(async () => {});
    await expect(new RedisRoomLock(redis, "p:").withRoom("room", fn)).rejects.toThrow(
      "Stream isn't writeable",
    );
    expect(fn).not.toHaveBeenCalled();
  });
});
