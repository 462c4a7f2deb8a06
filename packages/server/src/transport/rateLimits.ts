import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { ChatError, type ClientEventName } from "@switchboard/protocol";

/** Points per window, in seconds. */
export type Limit = [points: number, seconds: number];

/**
 * Defaults: at least 5 messages a second sustained, in bursts of 20 (20 per 4 s window);
 * typing well above the client's one per 2 s; at least 60 handshakes a minute per IP.
 */
export const DEFAULT_LIMITS = {
  messages: [20, 4] as Limit,
  typing: [15, 10] as Limit,
  events: [120, 10] as Limit,
  handshakes: [120, 60] as Limit,
  uploads: [30, 60] as Limit,
};
export type LimitKind = keyof typeof DEFAULT_LIMITS;

/** A client still refused after this long is disconnected. */
export const ABUSE_DISCONNECT_MS = 10_000;

/** Creates one limiter per kind; the Redis adapter swaps in Redis-backed ones. */
export type LimiterFactory = (kind: LimitKind, limit: Limit) => RateLimiterAbstract;

const memoryLimiter: LimiterFactory = (kind, [points, duration]) =>
  new RateLimiterMemory({ keyPrefix: `sb_${kind}`, points, duration });

/** Rate limits by user, IP or socket; `enabled: false` (RATE_LIMITS=off) lets all through. */
export class RateLimits {
  private readonly limiters = new Map<LimitKind, RateLimiterAbstract>();

  constructor(
    readonly enabled: boolean,
    limits: Partial<typeof DEFAULT_LIMITS> = {},
    factory: LimiterFactory = memoryLimiter,
  ) {
    for (const [kind, limit] of Object.entries({ ...DEFAULT_LIMITS, ...limits })) {
      this.limiters.set(kind as LimitKind, factory(kind as LimitKind, limit));
    }
  }

  /** Takes one point, or throws RATE_LIMITED with `retryAfterMs`. */
  async consume(kind: LimitKind, key: string): Promise<void> {
    if (!this.enabled) return;
    try {
      await this.limiters.get(kind)!.consume(key);
    } catch (err) {
      if (err instanceof RateLimiterRes) {
        throw new ChatError(
          "RATE_LIMITED",
          `too many ${kind}; slow down`,
          Math.max(1, err.msBeforeNext),
        );
      }
      throw err;
    }
  }
}

/** Which limit an event counts against, and by what key. */
export function limitFor(
  event: ClientEventName,
  userId: string,
  socketId: string,
): [LimitKind, string] {
  if (event === "send-message") return ["messages", userId];
  if (event === "typing" || event === "stop-typing") return ["typing", socketId];
  return ["events", socketId];
}
