import type { Logger } from "pino";
import type { DeliveryRow, WebhookRepository } from "../persistence/webhookRepository.ts";
import type { Clock, WebhookObserver } from "./ports.ts";
import { retryDelayMs, signature, type Backoff } from "./webhookEvents.ts";

/**
 * Which node delivers: one at a time across the cluster. Redis (`SET NX PX`) with REDIS_URL,
 * else a lease document in the database.
 */
export interface LeaderLease {
  /** Takes the lease, or renews it when this node holds it; true while it does. */
  hold(): Promise<boolean>;
  /** Lets it go (a graceful stop), so that another node takes over at once. */
  release(): Promise<void>;
}

export interface WebhookWorkerOptions {
  secret: string;
  backoff: Backoff;
  /** How long a delivery is retried before it is `failed` (contract: at least 24 h). */
  retryForMs: number;
  /** One attempt's limit (contract: 10 s). */
  timeoutMs: number;
  /** How often the leader reads the outbox (rows other nodes wrote, restarts, retries). */
  pollMs: number;
  /** Requests in flight at most. */
  concurrency: number;
}

export interface WebhookWorkerDeps {
  repo: WebhookRepository;
  lease: LeaderLease;
  clock: Clock;
  logger: Logger;
  observer: WebhookObserver;
}

/** Rows one poll reads at most (per receiver URL). */
const POLL_MAX = 2_000;
/** How long delivered rows stay listable before they are deleted. */
export const DELIVERED_KEPT_MS = 60 * 60 * 1000;
/** Delivered marks wait this long to share one `updateMany`. */
const MARK_WINDOW_MS = 50;
/** A row whose outcome is written is "settled" at this poll count; not yet written: never. */
const UNWRITTEN = Number.POSITIVE_INFINITY;

/** The rows of one (room, URL), in order: only the first is ever being delivered. */
interface Chain {
  key: string;
  rows: DeliveryRow[];
  running: boolean;
  timer: ReturnType<typeof setTimeout> | null;
}

/**
 * Delivers the outbox. One node at a time holds the lease and delivers everything: the
 * events of one room to one URL strictly one after the other, in `seq` order (a later one
 * waits while an earlier one is retried), every other room's chain meanwhile. While it holds
 * the lease its memory is the truth about what is in flight, so a delivery costs no read:
 * rows come from the node's own writes at once, from a poll of the outbox otherwise.
 * A crash between a 2xx and the delivered mark sends that event again (at least once).
 */
export class WebhookWorker {
  private leader = false;
  private stopped = true;
  private readonly chains = new Map<string, Chain>();
  /** Rows in a chain (queued or in flight). */
  private readonly known = new Set<string>();
  /** Rows delivered or given up on, until a poll started after their outcome was written. */
  private readonly settled = new Map<string, number>();
  private pollsStarted = 0;
  private toMark: { id: string }[] = [];
  private markTimer: ReturnType<typeof setTimeout> | null = null;
  private marking: Promise<void> = Promise.resolve();
  private inFlight = 0;
  private readonly slots: (() => void)[] = [];
  private tickTimer: ReturnType<typeof setInterval> | null = null;
  private leaseTimer: ReturnType<typeof setInterval> | null = null;
  private polling: Promise<void> | null = null;
  private lastPrune = 0;
  private pendingInDb = 0;
  private lastCount = 0;

  constructor(
    private readonly deps: WebhookWorkerDeps,
    private readonly options: WebhookWorkerOptions,
  ) {}

  start(): this {
    this.stopped = false;
    void this.renew().then(() => this.poll());
    this.leaseTimer = setInterval(() => void this.renew(), 5_000);
    this.tickTimer = setInterval(() => void this.poll(), this.options.pollMs);
    this.leaseTimer.unref();
    this.tickTimer.unref();
    return this;
  }

  /** Stops delivering; writes what was delivered; lets the lease go. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.tickTimer) clearInterval(this.tickTimer);
    if (this.leaseTimer) clearInterval(this.leaseTimer);
    this.drop();
    await this.polling;
    await this.flushMarks();
    if (this.leader) await this.deps.lease.release().catch(() => undefined);
    this.leader = false;
  }

  /** Rows this node just wrote to the outbox: queued at once when this node delivers. */
  offer(rows: readonly DeliveryRow[]): void {
    if (this.leader && !this.stopped) this.merge(rows);
  }

  /** Something was queued elsewhere (a retry): read the outbox soon. */
  nudge(): void {
    setTimeout(() => void this.poll(), 0).unref();
  }

  /** Pending deliveries (the outbox's count, read on the leader) and the oldest one's age. */
  backlog(): { pending: number; oldestSeconds: number } {
    if (!this.leader) return { pending: 0, oldestSeconds: 0 };
    let oldest = Infinity;
    for (const chain of this.chains.values()) {
      const head = chain.rows[0];
      if (head) oldest = Math.min(oldest, head.queuedAt.getTime());
    }
    const now = this.deps.clock().getTime();
    return {
      pending: Math.max(this.pendingInDb, this.known.size),
      oldestSeconds: oldest === Infinity ? 0 : Math.max(0, (now - oldest) / 1000),
    };
  }

  private async renew(): Promise<void> {
    if (this.stopped) return;
    const was = this.leader;
    try {
      this.leader = await this.deps.lease.hold();
    } catch (err) {
      this.deps.logger.warn({ err }, "webhook lease check failed");
      this.leader = false;
    }
    if (was && !this.leader) {
      this.deps.logger.warn("lost the webhook lease: another node delivers");
      this.drop();
    } else if (!was && this.leader) this.deps.logger.info("this node delivers webhooks");
  }

  /** Forgets every queued row (the lease is gone); in-flight attempts finish and are written. */
  private drop(): void {
    for (const chain of this.chains.values()) if (chain.timer) clearTimeout(chain.timer);
    this.chains.clear();
    this.known.clear();
  }

  private poll(): Promise<void> {
    if (this.polling || this.stopped || !this.leader) return this.polling ?? Promise.resolve();
    this.polling = this.readOutbox()
      .catch((err: unknown) => this.deps.logger.warn({ err }, "webhook outbox read failed"))
      .finally(() => (this.polling = null));
    return this.polling;
  }

  private async readOutbox(): Promise<void> {
    const n = ++this.pollsStarted;
    const rows = await this.deps.repo.pending(POLL_MAX);
    if (!this.leader || this.stopped) return;
    this.merge(rows);
    for (const [id, at] of this.settled) if (at < n) this.settled.delete(id);
    const now = this.deps.clock().getTime();
    if (now - this.lastCount > 15_000) {
      this.lastCount = now;
      this.pendingInDb = rows.length < POLL_MAX ? rows.length : await this.deps.repo.countPending();
    }
    if (now - this.lastPrune > 10 * 60_000) {
      this.lastPrune = now;
      await this.deps.repo.pruneDelivered(new Date(now - DELIVERED_KEPT_MS));
    }
  }

  private merge(rows: readonly DeliveryRow[]): void {
    for (const row of rows) {
      if (this.known.has(row.id) || this.settled.has(row.id)) continue;
      this.known.add(row.id);
      const key = `${row.roomId}\n${row.url}`;
      let chain = this.chains.get(key);
      if (!chain) {
        chain = { key, rows: [], running: false, timer: null };
        this.chains.set(key, chain);
      }
      insertInOrder(chain.rows, row);
      this.run(chain);
    }
  }

  /** Delivers a chain's rows in order until it is empty or its first row must wait. */
  private run(chain: Chain): void {
    if (chain.running) return;
    if (chain.timer) clearTimeout(chain.timer);
    chain.timer = null;
    chain.running = true;
    void this.drive(chain).finally(() => {
      chain.running = false;
      if (this.chains.get(chain.key) !== chain) return;
      if (chain.rows.length === 0) this.chains.delete(chain.key);
      // A row merged after the loop saw none, before this ran: drive on.
      else if (!chain.timer && this.leader && !this.stopped) this.run(chain);
    });
  }

  private async drive(chain: Chain): Promise<void> {
    while (this.leader && !this.stopped && this.chains.get(chain.key) === chain) {
      const head = chain.rows[0];
      if (!head) return;
      const wait = head.nextAt.getTime() - this.deps.clock().getTime();
      if (wait > 0) {
        chain.timer = setTimeout(() => this.run(chain), Math.min(wait, 2 ** 31 - 1));
        chain.timer.unref();
        return;
      }
      if (!(await this.attempt(head))) continue; // retried later: the loop waits for it
      const at = chain.rows.indexOf(head); // a retried earlier row may have gone before it
      if (at >= 0) chain.rows.splice(at, 1);
      this.known.delete(head.id);
    }
  }

  /** One POST; true when the row is settled (delivered, or given up on). */
  private async attempt(row: DeliveryRow): Promise<boolean> {
    await this.slot();
    const started = performance.now();
    let error: string | null;
    try {
      error = await this.post(row);
    } finally {
      this.release();
    }
    const requestSeconds = (performance.now() - started) / 1000;
    const now = this.deps.clock();
    if (error === null) {
      this.settled.set(row.id, UNWRITTEN);
      this.mark(row.id);
      const queued = (now.getTime() - row.queuedAt.getTime()) / 1000;
      this.deps.observer.webhookAttempt?.("delivered", requestSeconds, queued);
      return true;
    }
    const attempts = row.attempts + 1;
    const giveUp = now.getTime() - row.queuedAt.getTime() >= this.options.retryForMs;
    const nextAt = new Date(
      now.getTime() + (giveUp ? 0 : retryDelayMs(attempts, this.options.backoff)),
    );
    Object.assign(row, { attempts, nextAt, lastError: error });
    this.deps.observer.webhookAttempt?.(giveUp ? "failed" : "retry", requestSeconds, 0);
    this.deps.logger[giveUp ? "error" : "warn"](
      { delivery: row.id, type: row.type, attempts, error },
      giveUp ? "webhook delivery failed for good" : "webhook delivery failed; will retry",
    );
    if (giveUp) this.settled.set(row.id, UNWRITTEN);
    try {
      await this.deps.repo.markAttempt(row.id, {
        status: giveUp ? "failed" : "pending",
        attempts,
        nextAt,
        lastError: error,
      });
      if (giveUp) this.settled.set(row.id, this.pollsStarted);
    } catch (err) {
      // Still pending in the outbox: the next leader (or this one) tries it again.
      this.deps.logger.warn({ err, delivery: row.id }, "could not record a webhook attempt");
      if (giveUp) this.settled.delete(row.id);
    }
    return giveUp;
  }

  /** Sends the row; null on a 2xx, else why not. */
  private async post(row: DeliveryRow): Promise<string | null> {
    const t = Math.floor(this.deps.clock().getTime() / 1000);
    try {
      const res = await fetch(row.url, {
        method: "POST",
        body: row.body,
        redirect: "manual",
        signal: AbortSignal.timeout(this.options.timeoutMs),
        headers: {
          "Content-Type": "application/json",
          "User-Agent": "Switchboard-Webhooks/1",
          "X-Switchboard-Event": row.type,
          "X-Switchboard-Delivery": row.eventId,
          "X-Switchboard-Signature": signature(this.options.secret, row.body, t),
        },
      });
      await res.body?.cancel().catch(() => undefined);
      return res.status >= 200 && res.status < 300 ? null : `HTTP ${res.status}`;
    } catch (err) {
      if ((err as Error).name === "TimeoutError") return "timeout";
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      return cause?.code ?? cause?.message ?? (err as Error).message;
    }
  }

  /** Queues a delivered mark: one `updateMany` per window. */
  private mark(id: string): void {
    this.toMark.push({ id });
    if (this.toMark.length >= 500) void this.flushMarks();
    else this.markTimer ??= setTimeout(() => void this.flushMarks(), MARK_WINDOW_MS);
  }

  private flushMarks(): Promise<void> {
    if (this.markTimer) clearTimeout(this.markTimer);
    this.markTimer = null;
    const batch = this.toMark;
    this.toMark = [];
    if (batch.length === 0) return this.marking;
    const ids = batch.map((b) => b.id);
    this.marking = this.marking
      .then(() => this.deps.repo.markDelivered(ids, this.deps.clock()))
      .then(
        () => ids.forEach((id) => this.settled.set(id, this.pollsStarted)),
        (err: unknown) => {
          // Unwritten: they stay pending in the outbox and are sent again (at least once).
          this.deps.logger.warn({ err, count: ids.length }, "could not mark webhooks delivered");
          ids.forEach((id) => this.settled.delete(id));
        },
      );
    return this.marking;
  }

  private async slot(): Promise<void> {
    if (this.inFlight < this.options.concurrency) {
      this.inFlight++;
      return;
    }
    await new Promise<void>((resolve) => this.slots.push(resolve));
  }

  private release(): void {
    const next = this.slots.shift();
    if (next) next();
    else this.inFlight--;
  }
}

/** Inserts `row` by (seq, id), from the end: new rows are nearly always the last. */
function insertInOrder(rows: DeliveryRow[], row: DeliveryRow): void {
  let i = rows.length;
  while (i > 0 && before(row, rows[i - 1]!)) i--;
  rows.splice(i, 0, row);
}

const before = (a: DeliveryRow, b: DeliveryRow) =>
  a.seq < b.seq || (a.seq === b.seq && a.id < b.id);
