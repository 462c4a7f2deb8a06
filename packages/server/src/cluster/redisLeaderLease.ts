import { randomBytes } from "node:crypto";
import type { LeaderLease } from "../services/webhookWorker.ts";
import type { LockRedis } from "./redisRoomLock.ts";

// Take when free, or extend when ours, in one step; release only our own.
const HOLD = `local v = redis.call("get", KEYS[1])
if v == false then redis.call("set", KEYS[1], ARGV[1], "PX", ARGV[2]) return 1 end
if v == ARGV[1] then redis.call("pexpire", KEYS[1], ARGV[2]) return 1 end
return 0`;
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

/**
 * A lease across nodes in Redis (one key, `PX` expiry), for the one node that delivers
 * webhooks. Redis unreachable: the holder keeps delivering until the lease would have run out
 * (its worker stops at the first failed renewal that finds it expired), others cannot take it.
 */
export class RedisLeaderLease implements LeaderLease {
  private readonly token = randomBytes(12).toString("hex");
  private heldUntil = 0;

  constructor(
    private readonly redis: LockRedis,
    private readonly key: string,
    private readonly leaseMs = 15_000,
  ) {}

  async hold(): Promise<boolean> {
    const sentAt = Date.now();
    try {
      const got = await this.redis.eval(HOLD, 1, this.key, this.token, this.leaseMs);
      this.heldUntil = got === 1 ? sentAt + this.leaseMs - Math.ceil(this.leaseMs / 100) : 0;
    } catch (err) {
      if (Date.now() >= this.heldUntil) throw err;
    }
    return Date.now() < this.heldUntil;
  }

  async release(): Promise<void> {
    this.heldUntil = 0;
    await this.redis.eval(RELEASE, 1, this.key, this.token);
  }
}
