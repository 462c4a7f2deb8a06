import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { RedisRoomLock } from "../src/cluster/redis.ts";

const redis = [
  new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379"),
  new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379"),
];
afterAll(() => Promise.all(redis.map((r) => r.quit())));

describe("RedisRoomLock (real Redis)", () => {
  it("never lets two nodes hold one room at once, and lets other rooms run", async () => {
    const prefix = `test:${randomBytes(4).toString("hex")}:`;
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
    expect(await redis[0]!.keys(`${prefix}*`)).toEqual([]);
  });
});
