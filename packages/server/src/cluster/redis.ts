import { randomBytes } from "node:crypto";
import { createAdapter } from "@socket.io/redis-adapter";
import { Redis } from "ioredis";
import type { Server } from "socket.io";
import { RateLimiterRedis } from "rate-limiter-flexible";
import type { RoomLock } from "../services/roomLock.ts";
import type { LimiterFactory } from "../transport/rateLimits.ts";

/**
 * Many nodes: the Socket.IO Redis adapter (pub/sub) carries every broadcast to every
 * node. We use the classic pub/sub adapter rather than the Streams one: events are
 * transport only (a client that misses one resyncs from the database), so the Streams
 * adapter's replay buys nothing here and costs memory in Redis.
 */
export interface RedisCluster {
  lock: RoomLock;
  /** Rate limiters whose counts all nodes share. */
  limiters: LimiterFactory;
  client: Redis;
  isReady(): Promise<boolean>;
  close(): Promise<void>;
}

/** `prefix` keeps clusters that share one Redis apart (adapter channels and lock keys). */
export function attachRedis(io: Server, url: string, prefix = "switchboard"): RedisCluster {
  const pub = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2 });
  const sub = pub.duplicate();
  io.adapter(createAdapter(pub, sub, { key: `${prefix}:socket.io` }));
  return {
    client: pub,
    lock: new RedisRoomLock(pub, `${prefix}:lock:room:`),
    limiters: (kind, [points, duration]) =>
      new RateLimiterRedis({
        storeClient: pub,
        keyPrefix: `${prefix}:rl:${kind}`,
        points,
        duration,
      }),
    async isReady() {
      try {
        return (await pub.ping()) === "PONG";
      } catch {
        return false;
      }
    },
    async close() {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}

const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

/**
 * The room lock across nodes: `SET key token NX PX lease`, released only by its holder.
 * Writes under it take milliseconds; the lease only bounds how long a crashed holder
 * blocks the room.
 */
export class RedisRoomLock implements RoomLock {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly leaseMs = 5_000,
    private readonly waitMs = 10_000,
  ) {}

  async withRoom<T>(roomId: string, fn: () => Promise<T>): Promise<T> {
    const key = this.keyPrefix + roomId;
    const token = randomBytes(12).toString("hex");
    const deadline = Date.now() + this.waitMs;
    let pause = 2;
    while ((await this.redis.set(key, token, "PX", this.leaseMs, "NX")) !== "OK") {
      if (Date.now() > deadline)
        throw new Error(`room ${roomId} stayed locked for ${this.waitMs} ms`);
      await new Promise((r) => setTimeout(r, pause + Math.random() * pause));
      pause = Math.min(pause * 2, 50);
    }
    try {
      return await fn();
    } finally {
      await this.redis.eval(RELEASE, 1, key, token).catch(() => undefined);
    }
  }
}
