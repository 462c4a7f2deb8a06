import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { ChatError, type ClientEventName } from "@switchboard/protocol";

/** Points per window, in seconds. */
export type Limit = [points: number, seconds: number];

/**
 * Defaults: at least 5 messages a second sustained, in bursts of 20 (20 per 4 s window);
 * typing well above the client's one per 2 s; at least 60 handshakes a minute per IP.
 * `events` is per socket and `userEvents` the budget all of a user's sockets share, so more
 * sockets buy no more database work; `http` is per user over every route under `/api/chat`;
 * `authFailures` counts refused tokens (HTTP and handshakes) per IP, apart from `handshakes`
 * (successful ones), so a flood of bad tokens cannot lock a valid one out of its address.
 */
export const DEFAULT_LIMITS = {
  /** `send-message`, per user. */
  messages: [20, 4] as Limit,
  /** `typing` / `stop-typing`, per socket. */
  typing: [15, 10] as Limit,
  /** Every other client event, per socket. */
  events: [120, 10] as Limit,
  /** Every other client event, per user across all of their sockets. */
  userEvents: [240, 10] as Limit,
  /** Admitted socket handshakes, per client address. */
  handshakes: [120, 60] as Limit,
  /** Refused tokens (HTTP and handshakes), per client address. */
  authFailures: [60, 60] as Limit,
  /** Requests under `/api/chat`, per user. */
  http: [120, 10] as Limit,
  /** `POST /api/chat/upload`, per user. */
  uploads: [30, 60] as Limit,
  /** Closes of their own room by a customer: each lets their next `join-chat` open a new room. */
  rooms: [10, 3600] as Limit,
  /**
   * Transcripts emailed at a user's request (`POST .../transcript/email`), per user: the address
   * is the customer's own and never verified, so this caps what one token can make the server
   * mail, on top of one per room a minute.
   */
  transcriptEmails: [5, 3600] as Limit,
  /** `rate-chat`, per customer: each writes an activity and a `room.rated` webhook event. */
  ratings: [10, 3600] as Limit,
};
export type LimitKind = keyof typeof DEFAULT_LIMITS;

/** A client that keeps going past RATE_LIMITED answers for this long is disconnected. */
export const ABUSE_DISCONNECT_MS = 10_000;

/** Events arriving this soon after a refusal were sent before its answer could arrive. */
export const IN_FLIGHT_GRACE_MS = 500;

/** The rate-limit settings of the embedding API (and of `RATE_LIMITS`). */
export interface RateLimitOptions {
  /** Default true; false (`RATE_LIMITS=off`) lets everything through, for benchmarks. */
  enabled?: boolean;
  /** Per-kind `[points, seconds]`, over the defaults. */
  limits?: Partial<typeof DEFAULT_LIMITS>;
  /** How long a client may keep ignoring `retryAfterMs` before it is disconnected. */
  disconnectAfterMs?: number;
}

/** Creates one limiter per kind; the Redis adapter swaps in Redis-backed ones. */
export type LimiterFactory = (kind: LimitKind, limit: Limit) => RateLimiterAbstract;

const memoryLimiter: LimiterFactory = (kind, [points, duration]) =>
  new RateLimiterMemory({ keyPrefix: `sb_${kind}`, points, duration });

/** Rate limits by user, IP or socket; `enabled: false` (RATE_LIMITS=off) lets all through. */
export class RateLimits {
  private readonly limiters = new Map<LimitKind, RateLimiterAbstract>();
  readonly enabled: boolean;
  readonly disconnectAfterMs: number;

  constructor(options: RateLimitOptions = {}, factory: LimiterFactory = memoryLimiter) {
    this.enabled = options.enabled ?? true;
    this.disconnectAfterMs = options.disconnectAfterMs ?? ABUSE_DISCONNECT_MS;
    for (const [kind, limit] of Object.entries({ ...DEFAULT_LIMITS, ...options.limits })) {
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

/**
 * Which limits an event counts against, and by what key, in the order to charge them: the
 * socket's own budget first, so one runaway tab is stopped before it spends its user's.
 */
export function limitsFor(
  event: ClientEventName,
  userId: string,
  socketId: string,
): [LimitKind, string][] {
  if (event === "send-message") return [["messages", userId]];
  if (event === "typing" || event === "stop-typing") return [["typing", socketId]];
  return [
    ["events", socketId],
    ["userEvents", userId],
  ];
}

/**
 * Tells a client that backs off after `RATE_LIMITED` from one that keeps going, per socket.
 *
 * An event of a refused kind that arrives after {@link IN_FLIGHT_GRACE_MS} but before the
 * refusal's `retryAfterMs` is a violation. Violations in back-to-back refusal periods add up
 * (the next refusal within half of `disconnectAfterMs` of the last period's end); a period
 * the client waited out, or a long quiet gap, clears them. Fixed windows refill, so "refused for 10 s in a
 * row" never happens even to a flood; "ignored the answers for 10 s" does.
 */
export class AbuseTracker {
  private readonly periods = new Map<LimitKind, RefusalPeriod>();
  private cut = false;

  constructor(
    private readonly disconnectAfterMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Call as an event arrives; true (once per socket) when the socket has abused a limit
   * long enough and is to be disconnected.
   */
  arrived(kind: LimitKind): boolean {
    const period = this.periods.get(kind);
    if (this.cut || !period || period.over) return false;
    const now = this.now();
    if (now >= period.retryAt) {
      // The period is over: waited out, it clears the record; flooded through, it carries on.
      if (!period.violated) this.periods.delete(kind);
      else Object.assign(period, { over: true, violated: false });
      return false;
    }
    if (now - period.refusedAt < IN_FLIGHT_GRACE_MS) return false;
    period.violated = true;
    period.violatedSince ??= now;
    this.cut = now - period.violatedSince >= this.disconnectAfterMs;
    return this.cut;
  }

  /** Call when an event of `kind` was refused. */
  refused(kind: LimitKind, retryAfterMs: number): void {
    const now = this.now();
    const period = this.periods.get(kind);
    const fresh = { refusedAt: now, retryAt: now + retryAfterMs, over: false, violated: false };
    if (!period) this.periods.set(kind, fresh);
    else if (!period.over) period.retryAt = Math.max(period.retryAt, now + retryAfterMs);
    else if (now - period.retryAt <= this.disconnectAfterMs / 2) Object.assign(period, fresh);
    // A refusal long after the last violated period is a new story, not a continued flood.
    else this.periods.set(kind, fresh);
  }
}

/** From a refusal until its `retryAfterMs`, and whether the client sent on inside it. */
interface RefusalPeriod {
  /** The first refusal of the period. */
  refusedAt: number;
  retryAt: number;
  /** Ended with violations; the record waits for the next refusal. */
  over: boolean;
  violated: boolean;
  /** The first violation of this run of back-to-back violated periods. */
  violatedSince?: number;
}

/**
 * Parses `RATE_LIMITS`: `off` (or `false`, `0`), `on` (or empty, `true`, `1`), or a comma list of `kind=points/seconds` and
 * `disconnectAfter=seconds`, e.g. `messages=40/4,handshakes=300/60,disconnectAfter=20`.
 */
export function parseRateLimits(raw: string | undefined): RateLimitOptions {
  const value = (raw ?? "").trim();
  if (["", "on", "true", "1"].includes(value.toLowerCase())) return { enabled: true };
  if (["off", "false", "0"].includes(value.toLowerCase())) return { enabled: false };
  const options: RateLimitOptions & { limits: Partial<typeof DEFAULT_LIMITS> } = {
    enabled: true,
    limits: {},
  };
  for (const part of value.split(",").map((p) => p.trim())) {
    const [key, setting = ""] = part.split("=").map((p) => p.trim());
    const seconds = Number(setting);
    if (key === "disconnectAfter" && Number.isFinite(seconds) && seconds > 0) {
      options.disconnectAfterMs = seconds * 1000;
      continue;
    }
    const m = /^(\d+)\/(\d+)$/.exec(setting);
    if (!key || !(key in DEFAULT_LIMITS) || !m || Number(m[1]) < 1 || Number(m[2]) < 1) {
      throw new Error(
        `RATE_LIMITS: cannot read "${part}"; expected off, or kind=points/seconds with kind one of ` +
          `${Object.keys(DEFAULT_LIMITS).join(", ")}, or disconnectAfter=seconds`,
      );
    }
    options.limits[key as LimitKind] = [Number(m[1]), Number(m[2])];
  }
  return options;
}
