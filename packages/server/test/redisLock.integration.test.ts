import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { RedisRoomLock } from "../src/cluster/redisRoomLock.ts";

const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const redis = [new Redis(url), new Redis(url)];
afterAll(() => Promise.all(redis.map((r) => r.quit())));

/** Keys of their own per test, so parallel test files and reruns never share a lock. */
const uniquePrefix = () => `test:lock:${randomBytes(4).toString("hex")}:`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The leases left under a prefix (each room's `:last` holder key stays, by design). */
const lockKeys = async (prefix: string) =>
  (await redis[0]!.keys(`${prefix}*`)).filter((k) => !k.endsWith(":last"));

describe("RedisRoomLock (real Redis)", () => {
  it("tells each holder whether another node held the room since it last did", async () => {
    const prefix = uniquePrefix();
    const [a, b] = redis.map((r) => new RedisRoomLock(r, prefix));
    const stillOurs = (node: RedisRoomLock, room = "room") =>
      node.withRoom(room, async (_signal, ours) => ours);
    expect(await stillOurs(a!)).toBe(false); // nobody known before
    expect(await stillOurs(a!)).toBe(true);
    expect(await stillOurs(a!)).toBe(true);
    expect(await stillOurs(b!)).toBe(false);
    expect(await stillOurs(a!)).toBe(false); // b held it in between
    expect(await stillOurs(a!)).toBe(true);
    expect(await stillOurs(a!, "other")).toBe(false); // per room
    // A second lock on the same connection is another holder (another process's node).
    expect(await stillOurs(new RedisRoomLock(redis[0]!, prefix))).toBe(false);
    expect(await stillOurs(a!)).toBe(false);
    expect(await redis[0]!.pttl(`${prefix}room:last`)).toBeGreaterThan(0); // expires
  });

  it("never lets two nodes hold one room at once, and lets other rooms run", async () => {
    const prefix = uniquePrefix();
    const nodes = redis.map((r) => new RedisRoomLock(r, prefix));
    let inside = 0;
    let maxInside = 0;
    const work = async () => {
      inside++;
      maxInside = Math.max(maxInside, inside);
      await new Promise((r) => setTimeout(r, 2));
      inside--;
    };
    await Promise.all(Array.from({ length: 40 }, (_, i) => nodes[i % 2]!.withRoom("room-1", work)));
    expect(maxInside).toBe(1);
    // Different rooms: each holder waits inside its lock for the other to arrive, which
    // can only happen if the two rooms do not block each other.
    let arrived = 0;
    let bothIn!: () => void;
    const both = new Promise<void>((r) => (bothIn = r));
    const meet = async () => {
      if (++arrived === 2) bothIn();
      await both;
    };
    await Promise.all([nodes[0]!.withRoom("room-a", meet), nodes[1]!.withRoom("room-b", meet)]);
    expect(arrived).toBe(2);
    expect(await lockKeys(prefix)).toEqual([]);
  });

  it("keeps a room through a write five times longer than the lease (issue 10 §5)", async () => {
    const prefix = uniquePrefix();
    const lost: string[] = [];
    const [a, b] = redis.map(
      (r) => new RedisRoomLock(r, prefix, { leaseMs: 300, onLost: (_, why) => lost.push(why) }),
    );
    const log: string[] = [];
    let aSignal: AbortSignal | undefined;
    let entered!: () => void;
    const aInside = new Promise<void>((r) => (entered = r));
    const slowWrite = a!.withRoom("room", async (signal) => {
      log.push("a in");
      entered();
      await sleep(1_500);
      aSignal = signal;
      log.push("a out");
    });
    await aInside;
    await b!.withRoom("room", async () => void log.push("b in"));
    await slowWrite;
    expect(log).toEqual(["a in", "a out", "b in"]);
    expect(aSignal?.aborted).toBe(false);
    expect(lost).toEqual([]);
    expect(await lockKeys(prefix)).toEqual([]);
  });

  it("when Redis forgets a lease, tells its holder and does not free the next holder's", async () => {
    const prefix = uniquePrefix();
    const lost: string[] = [];
    const onLost = (roomId: string, why: string) => lost.push(`${roomId}: ${why}`);
    const [a, b] = redis.map((r) => new RedisRoomLock(r, prefix, { leaseMs: 300, onLost }));
    const c = new RedisRoomLock(redis[0]!, prefix, { leaseMs: 300 });
    const log: string[] = [];
    let bHolds!: () => void;
    const bInside = new Promise<void>((r) => (bHolds = r));
    let second!: Promise<void>;
    let reason: unknown;
    await a!.withRoom("room", async (signal) => {
      // What a restarted Redis (or a lease that ran out) looks like: the key is gone...
      await redis[1]!.del(`${prefix}room`);
      // ...and another node takes the room while this holder still works.
      second = b!.withRoom("room", async () => {
        log.push("b in");
        bHolds();
        await sleep(800);
        log.push("b out");
      });
      await bInside;
      await new Promise((r) => signal.addEventListener("abort", r, { once: true }));
      reason = signal.reason;
      log.push("a told");
    });
    // a has released: b's lease must have survived that, so c waits for b.
    await c.withRoom("room", async () => void log.push("c in"));
    await second;
    expect(log).toEqual(["b in", "a told", "b out", "c in"]);
    expect(reason).toMatchObject({ roomId: "room", reason: "gone" });
    expect(lost).toEqual(["room: gone"]);
    expect(await lockKeys(prefix)).toEqual([]);
  });

  it("when Redis cannot be reached, tells the holder once its lease has run out", async () => {
    const prefix = uniquePrefix();
    // Like a node's command client: fails fast rather than queueing while Redis is away.
    const cut = new Redis(url, {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      lazyConnect: true,
    });
    await cut.connect();
    const lost: string[] = [];
    const a = new RedisRoomLock(cut, prefix, { leaseMs: 300, onLost: (_, why) => lost.push(why) });
    const b = new RedisRoomLock(redis[1]!, prefix, { leaseMs: 300 });
    const log: string[] = [];
    let bEnters!: Promise<void>;
    await a.withRoom("room", async (signal) => {
      const since = Date.now();
      cut.disconnect(); // no reconnect: every renewal (and the release) now fails
      bEnters = b.withRoom("room", async () => void log.push("b in"));
      await new Promise((r) => signal.addEventListener("abort", r, { once: true }));
      log.push("a told");
      // Not before the lease it last confirmed has run out.
      expect(Date.now() - since).toBeGreaterThanOrEqual(250);
    });
    await bEnters;
    expect(log).toEqual(["a told", "b in"]);
    expect(lost).toEqual(["unreachable"]);
  });

  it("stops renewing for a holder that hangs, so a stuck node frees its room", async () => {
    const prefix = uniquePrefix();
    const lost: string[] = [];
    const opts = {
      leaseMs: 300,
      maxHoldMs: 600,
      onLost: (_: string, why: string) => lost.push(why),
    };
    const [a, b] = redis.map((r) => new RedisRoomLock(r, prefix, opts));
    const log: string[] = [];
    let bEnters!: Promise<void>;
    await a!.withRoom("room", async (signal) => {
      bEnters = b!.withRoom("room", async () => void log.push("b in"));
      await new Promise((r) => signal.addEventListener("abort", r, { once: true }));
      log.push("a told");
      await sleep(200); // still "hanging": b is in already
    });
    await bEnters;
    expect(log).toEqual(["a told", "b in"]);
    expect(lost).toEqual(["held-too-long"]);
    expect(await lockKeys(prefix)).toEqual([]);
  });
});
