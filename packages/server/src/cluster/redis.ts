import { createAdapter } from "@socket.io/redis-adapter";
import { Redis } from "ioredis";
import type { Server } from "socket.io";
import { RateLimiterMemory, RateLimiterRedis } from "rate-limiter-flexible";
import type { RoomLock, RoomLockLoss } from "../services/roomLock.ts";
import type { LimiterFactory } from "../transport/rateLimits.ts";
import { RedisRoomLock } from "./redisRoomLock.ts";
import { RedisLeaderLease } from "./redisLeaderLease.ts";
import type { LeaderLease } from "../services/webhookWorker.ts";

/**
 * Many nodes: the Socket.IO Redis adapter (pub/sub) carries every broadcast to every
 * node. We use the classic pub/sub adapter rather than the Streams one: events are
 * transport only (a client that misses one resyncs from the database), so the Streams
 * adapter's replay buys nothing here and costs memory in Redis.
 */
export interface RedisCluster {
  lock: RoomLock;
  /** The lease of the node that delivers webhooks. */
  webhookLease: LeaderLease;
  /** Rate limiters whose counts all nodes share. */
  limiters: LimiterFactory;
  client: Redis;
  isReady(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * `prefix` keeps clusters that share one Redis apart (adapter channels and lock keys).
 *
 * Two kinds of connection, because a Redis outage must neither crash a node nor drop an
 * event: the adapter's publisher queues while Redis is away (`maxRetriesPerRequest: null`:
 * the adapter does not handle a rejected publish, and Node would exit on it) and sends
 * late rather than crash; the command client for locks, limits and pings fails fast, so a
 * send answers INTERNAL (the client retries, nothing is stored half-way) and rate limits
 * fall back to memory.
 */
export function attachRedis(
  io: Server,
  url: string,
  prefix = "switchboard",
  onRecovered: () => void = () => {},
  onLockLost: (roomId: string, reason: RoomLockLoss) => void = () => {},
): RedisCluster {
  const pub = new Redis(url, { maxRetriesPerRequest: null });
  const sub = pub.duplicate();
  // Pub/sub drops what is published while a node's subscriber is away, so after an outage
  // this node's clients may have missed events: they are sent to resync from the database.
  let ready = false;
  let lost = false;
  sub.on("ready", () => {
    if (lost) onRecovered();
    ready = true;
    lost = false;
  });
  sub.on("close", () => {
    if (ready) lost = true;
  });
  const cmd = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  for (const c of [pub, sub, cmd]) c.on("error", () => {}); // ioredis reconnects by itself
  io.adapter(createAdapter(pub, sub, { key: `${prefix}:socket.io` }));
  return {
    client: cmd,
    lock: new RedisRoomLock(cmd, `${prefix}:lock:room:`, { onLost: onLockLost }),
    webhookLease: new RedisLeaderLease(cmd, `${prefix}:lease:webhooks`),
    limiters: (kind, [points, duration]) =>
      new RateLimiterRedis({
        storeClient: cmd,
        keyPrefix: `${prefix}:rl:${kind}`,
        points,
        duration,
        insuranceLimiter: new RateLimiterMemory({
          keyPrefix: `${prefix}:rl:${kind}`,
          points,
          duration,
        }),
      }),
    async isReady() {
      try {
        return (await cmd.ping()) === "PONG";
      } catch {
        return false;
      }
    },
    async close() {
      await Promise.allSettled([pub.quit(), sub.quit(), cmd.quit()]);
    },
  };
}
