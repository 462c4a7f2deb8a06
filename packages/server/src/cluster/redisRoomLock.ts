import { randomBytes } from "node:crypto";
import { RoomLockLostError, type RoomLock, type RoomLockLoss } from "../services/roomLock.ts";

/** The Redis command the lock uses (ioredis' `Redis` has it). */
export interface LockRedis {
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
}

export interface RedisRoomLockOptions {
  /** How long a lease lasts unrenewed: how long a crashed node blocks its rooms (5 s). */
  leaseMs?: number;
  /** How long a writer waits for a busy room before failing (10 s). */
  waitMs?: number;
  /** Renewals stop after this: a hung holder frees its room one lease later (30 s). */
  maxHoldMs?: number;
  /** A holder lost its lease before it finished: for logs and metrics. */
  onLost?: (roomId: string, reason: RoomLockLoss) => void;
}

// Compare-and-extend and compare-and-delete: a holder only ever touches its own lease, never
// the one another node took after this holder's had lapsed.
const EXTEND = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;
// SET NX PX, and on success who took the room before (its `:last` key, kept an hour): 1 when
// it was this node (ARGV[3]), 0 when another or none is known; nil when the room is busy.
const ACQUIRE = `if not redis.call("set", KEYS[1], ARGV[1], "PX", ARGV[2], "NX") then return false end
local last = redis.call("get", KEYS[2])
redis.call("set", KEYS[2], ARGV[3], "PX", ARGV[4])
if last == ARGV[3] then return 1 else return 0 end`;

/** How long a room remembers which node held it last (past that, a holder reads it again). */
const LAST_HOLDER_MS = 60 * 60 * 1000;

/**
 * The room lock across nodes: `SET key token NX PX lease`, renewed every third of the lease
 * while the holder works (a FerretDB write can take seconds), released only by its holder.
 * Redis down means no lock: the write fails rather than run unserialised.
 */
export class RedisRoomLock implements RoomLock {
  private readonly leaseMs: number;
  private readonly waitMs: number;
  private readonly maxHoldMs: number;
  private readonly onLost: (roomId: string, reason: RoomLockLoss) => void;
  /** This lock's name in the rooms' `:last` keys: one per process, never reused. */
  private readonly node = randomBytes(12).toString("hex");

  constructor(
    private readonly redis: LockRedis,
    private readonly keyPrefix: string,
    opts: RedisRoomLockOptions = {},
  ) {
    this.leaseMs = opts.leaseMs ?? 5_000;
    this.waitMs = opts.waitMs ?? 10_000;
    this.maxHoldMs = opts.maxHoldMs ?? 30_000;
    this.onLost = opts.onLost ?? (() => {});
  }

  async withRoom<T>(
    roomId: string,
    fn: (signal: AbortSignal, stillOurs: boolean) => Promise<T>,
  ): Promise<T> {
    const key = this.keyPrefix + roomId;
    const token = randomBytes(12).toString("hex");
    const { since, stillOurs } = await this.acquire(key, token, roomId);
    const lease = new Lease(this.redis, key, token, since, {
      leaseMs: this.leaseMs,
      maxHoldMs: this.maxHoldMs,
      onLost: (reason) => this.onLost(roomId, reason),
      roomId,
    });
    try {
      return await fn(lease.signal, stillOurs);
    } finally {
      lease.stop();
      await this.redis.eval(RELEASE, 1, key, token).catch(() => undefined);
    }
  }

  /**
   * Polls with a growing, jittered pause (2 ms doubling to 50 ms): no busy loop, and waiters
   * on different nodes do not retry in lockstep. Returns the time the winning SET was sent
   * (Redis started the lease no earlier, so this node counts it from then) and whether this
   * node was the room's last holder.
   */
  private async acquire(
    key: string,
    token: string,
    roomId: string,
  ): Promise<{ since: number; stillOurs: boolean }> {
    const deadline = Date.now() + this.waitMs;
    let pause = 2;
    for (;;) {
      const sentAt = Date.now();
      const got = await this.redis.eval(
        ACQUIRE,
        2,
        key,
        `${key}:last`,
        token,
        this.leaseMs,
        this.node,
        LAST_HOLDER_MS,
      );
      if (got !== null) return { since: sentAt, stillOurs: got === 1 };
      if (Date.now() > deadline)
        throw new Error(`room ${roomId} stayed locked for ${this.waitMs} ms`);
      await new Promise((r) => setTimeout(r, pause + Math.random() * pause));
      pause = Math.min(pause * 2, 50);
    }
  }
}

/**
 * One holder's lease: renews it, and aborts `signal` the moment it can no longer be sure it
 * holds the room. That moment comes a little before Redis would let the key expire (1% of the
 * lease plus 2 ms for clocks that tick at slightly different rates), counted from when the
 * last confirmed SET or renewal was sent.
 */
class Lease {
  private readonly controller = new AbortController();
  readonly signal = this.controller.signal;
  private renewal: ReturnType<typeof setTimeout> | undefined;
  private expiry: ReturnType<typeof setTimeout> | undefined;
  private done = false;
  private expiryReason: RoomLockLoss = "unreachable";

  constructor(
    private readonly redis: LockRedis,
    private readonly key: string,
    private readonly token: string,
    private readonly since: number,
    private readonly opts: {
      leaseMs: number;
      maxHoldMs: number;
      roomId: string;
      onLost: (reason: RoomLockLoss) => void;
    },
  ) {
    this.expireFrom(since);
    this.schedule();
  }

  stop(): void {
    this.done = true;
    clearTimeout(this.renewal);
    clearTimeout(this.expiry);
  }

  private expireFrom(sentAt: number): void {
    const { leaseMs } = this.opts;
    const validMs = leaseMs - Math.ceil(leaseMs / 100) - 2;
    clearTimeout(this.expiry);
    this.expiry = setTimeout(() => this.lose(this.expiryReason), sentAt + validMs - Date.now());
  }

  private schedule(): void {
    this.renewal = setTimeout(() => void this.renew(), this.opts.leaseMs / 3);
  }

  private async renew(): Promise<void> {
    if (this.done) return;
    if (Date.now() - this.since >= this.opts.maxHoldMs) {
      // Let this lease run out rather than cut it short: the holder may still be writing.
      this.expiryReason = "held-too-long";
      return;
    }
    const sentAt = Date.now();
    try {
      const extended = await this.redis.eval(EXTEND, 1, this.key, this.token, this.opts.leaseMs);
      if (this.done) return;
      if (extended !== 1) return this.lose("gone");
      this.expireFrom(sentAt);
    } catch {
      // Redis is away: try again next time; the expiry timer declares the loss if it stays away.
    }
    if (!this.done) this.schedule();
  }

  private lose(reason: RoomLockLoss): void {
    if (this.done) return;
    this.stop();
    this.controller.abort(new RoomLockLostError(this.opts.roomId, reason));
    this.opts.onLost(reason);
  }
}
