import type { Logger } from "pino";
import type {
  DeliveryMeta,
  DeliveryRow,
  WebhookRepository,
} from "../persistence/webhookRepository.ts";
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
  /** The receivers configured now; pending rows for any other URL are failed, not sent. */
  urls: readonly string[];
  backoff: Backoff;
  /** How long a delivery is retried, from its first attempt, before it is `failed` (24 h). */
  retryForMs: number;
  /** One attempt's limit (contract: 10 s). */
  timeoutMs: number;
  /** How often the leader reads the outbox (rows other nodes wrote, restarts, retries). */
  pollMs: number;
  /** Requests in flight at most, per receiver URL (a slow one does not hold up the others). */
  concurrency: number;
  /** Rows (bodies included) held in memory at most, per receiver URL; the rest wait stored. */
  maxHeld: number;
}

export interface WebhookWorkerDeps {
  repo: WebhookRepository;
  lease: LeaderLease;
  clock: Clock;
  logger: Logger;
  observer: WebhookObserver;
}

/**
 * One entry of a room this node just counted (a message, note or activity; a room's
 * creation at seq 0), the rows its events made (none for most notes and activities), and
 * which of those this write stored (the others were stored before: a retried write).
 */
export interface WrittenEntry {
  roomId: string;
  seq: number;
  rows: readonly DeliveryRow[];
  stored: ReadonlySet<string>;
}

/** Rows one sweep of the outbox reads at most (a page; the next poll reads on). */
const SWEEP_PAGE = 2_000;
/** Rows one check of rooms reads at most, and rooms one check asks about. */
const CHECK_ROWS = 2_000;
const CHECK_ROOMS = 200;
/** (room, URL) pairs whose order the worker remembers without holding rows for them. */
const KEYS_KEPT = 100_000;
/** How long delivered rows stay listable before they are deleted. */
export const DELIVERED_KEPT_MS = 60 * 60 * 1000;
/** Delivered marks wait this long to share one `updateMany`. */
const MARK_WINDOW_MS = 50;
/** A row whose outcome is written is "settled" at this poll count; not yet written: never. */
const UNWRITTEN = Number.POSITIVE_INFINITY;
/** Erased rooms' rows read by a poll already under way are ignored this long. */
const ERASED_KEPT_MS = 60_000;

/** The rows of one (room, URL) held in memory, in order: only the first is ever in flight. */
interface Chain {
  key: string;
  url: string;
  rows: Held[];
  running: boolean;
  timer: ReturnType<typeof setTimeout> | null;
}

/** A row in memory; `confirmedAt`: a poll since its last failure found it still pending. */
type Held = DeliveryRow & { confirmedAt?: number };

/** What the worker knows of a (room, URL)'s order (see {@link WebhookWorker}). */
interface Order {
  /** Every pending row of the pair with `seq` up to this is held (or settled); -1: none known. */
  through: number;
  /** The highest `seq` known to exist in the room (an entry counted, a row read). */
  seen: number;
}

/**
 * Delivers the outbox. One node at a time holds the lease and delivers everything: the events
 * of one room to one URL strictly one after the other, in `seq` order (a later one waits while
 * an earlier one is retried), every other room's meanwhile.
 *
 * **Order across nodes.** A row is sent only when every earlier pending row of its (room,
 * URL) is known to be held: `through` says up to which `seq` that is so. It grows without a
 * read while the entries come one after the other (this node's own writes, each the room's
 * next `seq`, events or not; or a row whose `seq` is the next); otherwise (another node wrote
 * in between, a failover, rows left in the database for memory) the pair is *checked*: one
 * read of the pending rows of up to {@link CHECK_ROOMS} rooms for a URL, in `seq` order.
 *
 * **What is read.** Each poll reads a page of due pending rows' ids (a sweep by id, so rows
 * held in memory cannot hide newer ones), fetches the bodies of those it does not hold, and
 * before a retry confirms the row is still pending (an erasure or another node's change).
 * Memory holds at most `maxHeld` rows per URL; the rest wait in the outbox and are read when
 * there is room. A crash between a 2xx and the delivered mark sends that event again (at
 * least once).
 */
export class WebhookWorker {
  private leader = false;
  private stopped = true;
  private readonly urls: Set<string>;
  private readonly chains = new Map<string, Chain>();
  private readonly orders = new Map<string, Order>();
  /** Pairs that need a check before their rows can go on. */
  private readonly toCheck = new Set<string>();
  /** Per pair, the lowest `seq` left in the outbox unheld (no room): order waits below it. */
  private readonly droppedAt = new Map<string, number>();
  /** Rows in a chain (queued or in flight), by id, and how many per URL. */
  private readonly known = new Set<string>();
  private readonly heldPerUrl = new Map<string, number>();
  /** Rows delivered or given up on, until a poll started after their outcome was written. */
  private readonly settled = new Map<string, number>();
  private readonly erased = new Map<string, number>();
  private pollsStarted = 0;
  private sweepAfter: string | null = null;
  private toMark: { id: string }[] = [];
  private markTimer: ReturnType<typeof setTimeout> | null = null;
  private marking: Promise<void> = Promise.resolve();
  private readonly slots = new Map<string, { inFlight: number; waiting: (() => void)[] }>();
  private tickTimer: ReturnType<typeof setInterval> | null = null;
  private leaseTimer: ReturnType<typeof setInterval> | null = null;
  private polling: Promise<void> | null = null;
  private again = false;
  private kickTimer: ReturnType<typeof setTimeout> | null = null;
  private lastPrune = 0;
  private pendingInDb = 0;
  private lastCount = 0;

  constructor(
    private readonly deps: WebhookWorkerDeps,
    private readonly options: WebhookWorkerOptions,
  ) {
    this.urls = new Set(options.urls);
  }

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
    if (this.kickTimer) clearTimeout(this.kickTimer);
    this.drop();
    await this.polling;
    await this.flushMarks();
    if (this.leader) await this.deps.lease.release().catch(() => undefined);
    this.leader = false;
  }

  /**
   * Entries this node just counted, with the rows their events wrote to the outbox: held and
   * sent at once when this node delivers and each is its room's next entry.
   */
  offer(entries: readonly WrittenEntry[]): void {
    if (!this.leader || this.stopped) return;
    let blocked = false;
    for (const entry of entries) {
      for (const url of this.urls) {
        const key = keyOf(entry.roomId, url);
        const order = this.order(key);
        order.seen = Math.max(order.seen, entry.seq);
        let accounted = true;
        for (const row of entry.rows) {
          if (row.url !== url) continue;
          if (entry.stored.has(row.id)) accounted = this.hold(row) && accounted;
          else if (row.seq > order.through && !this.known.has(row.id) && !this.settled.has(row.id))
            accounted = false; // stored before: maybe pending, not held
        }
        if (accounted && order.through >= entry.seq - 1)
          order.through = Math.max(order.through, entry.seq);
        this.settle(key);
        blocked ||= this.checkable(key);
      }
    }
    if (blocked) this.kick(20); // a check soon, not at the next poll
  }

  /** Something was queued elsewhere (a retry): read the outbox soon. */
  nudge(): void {
    this.kick(0);
  }

  /** A room was erased (its rows deleted): forget what is held of it. */
  forgetRoom(roomId: string): void {
    this.erased.set(roomId, this.deps.clock().getTime());
    for (const url of this.urls) {
      const key = keyOf(roomId, url);
      const chain = this.chains.get(key);
      if (chain) this.removeChain(chain);
      this.orders.delete(key);
      this.toCheck.delete(key);
      this.droppedAt.delete(key);
    }
  }

  /** Rows held in memory now (each at most `maxHeld` per URL). */
  held(): number {
    return this.known.size;
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

  /** Forgets every held row and what it knew of order (the lease is gone). */
  private drop(): void {
    for (const chain of this.chains.values()) if (chain.timer) clearTimeout(chain.timer);
    this.chains.clear();
    this.known.clear();
    this.heldPerUrl.clear();
    this.orders.clear();
    this.toCheck.clear();
    this.droppedAt.clear();
    this.sweepAfter = null;
  }

  /** Reads the outbox soon (coalesced with a poll under way). */
  private kick(delayMs: number): void {
    if (this.kickTimer || this.stopped) return;
    this.kickTimer = setTimeout(() => {
      this.kickTimer = null;
      void this.poll();
    }, delayMs);
    this.kickTimer.unref();
  }

  private poll(): Promise<void> {
    if (this.stopped || !this.leader) return this.polling ?? Promise.resolve();
    if (this.polling) {
      this.again = true;
      return this.polling;
    }
    this.polling = this.readOutbox()
      .catch((err: unknown) => this.deps.logger.warn({ err }, "webhook outbox read failed"))
      .finally(() => {
        this.polling = null;
        if (this.again && !this.stopped) {
          this.again = false;
          this.kick(0);
        }
      });
    return this.polling;
  }

  /** One poll: sweep a page, confirm due retries, check pairs of unknown order. */
  private async readOutbox(): Promise<void> {
    const n = ++this.pollsStarted;
    const startedAt = this.deps.clock();
    const page = await this.deps.repo.due(startedAt, this.sweepAfter, SWEEP_PAGE);
    if (!this.leader || this.stopped) return;
    this.sweepAfter = page.length < SWEEP_PAGE ? null : page[page.length - 1]!.id;
    for (const [id, at] of this.settled) if (at < n) this.settled.delete(id);
    for (const [roomId, at] of this.erased)
      if (at < startedAt.getTime() - ERASED_KEPT_MS) this.erased.delete(roomId);
    await this.failRemoved(page);
    await this.confirm(page, startedAt.getTime());
    await this.readNew(page);
    await this.check();
    await this.housekeep();
  }

  /** Rows for a URL no longer configured are given up on, not sent. */
  private async failRemoved(page: DeliveryMeta[]): Promise<void> {
    const ids = page.filter((m) => !this.urls.has(m.url)).map((m) => m.id);
    if (ids.length === 0) return;
    await this.deps.repo.fail(ids, "receiver removed from WEBHOOK_URLS");
    this.deps.logger.warn({ count: ids.length }, "webhook rows for a removed receiver failed");
  }

  /**
   * Retries wait for this: a due retry is sent only once a read after it fell due found it
   * still pending (an erasure or an operator's change on another node stops it).
   */
  private async confirm(page: DeliveryMeta[], at: number): Promise<void> {
    const inPage = new Set(page.map((m) => m.id));
    const unconfirmed: Held[] = [];
    for (const chain of this.chains.values()) {
      const head = chain.rows[0];
      if (!head || head.attempts === 0 || head.nextAt.getTime() > at) continue;
      if ((head.confirmedAt ?? -Infinity) >= head.nextAt.getTime()) continue;
      if (inPage.has(head.id)) head.confirmedAt = at;
      else unconfirmed.push(head);
    }
    if (unconfirmed.length > 0) {
      const still = await this.deps.repo.stillPending(unconfirmed.map((r) => r.id));
      for (const row of unconfirmed) {
        if (still.has(row.id)) {
          row.confirmedAt = at;
          continue;
        }
        // Gone (erased, or settled elsewhere): so may the rest of its pair be; read it again.
        const key = keyOf(row.roomId, row.url);
        const chain = this.chains.get(key);
        if (chain) this.removeChain(chain);
        this.toCheck.add(key);
      }
    }
    for (const chain of this.chains.values()) {
      const head = chain.rows[0];
      if (head && head.confirmedAt === at) this.run(chain);
    }
  }

  /** Rows of the page not held: their bodies read (one command) and held, as room allows. */
  private async readNew(page: DeliveryMeta[]): Promise<void> {
    const room = new Map<string, number>();
    const wanted: DeliveryMeta[] = [];
    for (const m of page) {
      if (!this.urls.has(m.url) || this.known.has(m.id) || this.settled.has(m.id)) continue;
      // A pair with rows left stored is read by its check, in order.
      if (this.erased.has(m.roomId) || this.droppedAt.has(keyOf(m.roomId, m.url))) continue;
      const left = room.get(m.url) ?? this.options.maxHeld - (this.heldPerUrl.get(m.url) ?? 0);
      if (left > 0) wanted.push(m);
      else this.leftStored(keyOf(m.roomId, m.url), m.seq);
      room.set(m.url, left - 1);
    }
    if (wanted.length === 0) return;
    const rows = await this.deps.repo.pendingByIds(wanted.map((m) => m.id));
    if (!this.leader || this.stopped) return;
    for (const row of rows) {
      if (this.settled.has(row.id) || this.erased.has(row.roomId)) continue;
      const key = keyOf(row.roomId, row.url);
      const order = this.order(key);
      order.seen = Math.max(order.seen, row.seq);
      this.hold(row);
      this.settle(key);
    }
  }

  /**
   * Reads, per URL, the pending rows of the rooms whose order is unknown (one command per
   * {@link CHECK_ROOMS} rooms) and learns from them up to which `seq` each pair is complete.
   */
  private async check(): Promise<void> {
    const byUrl = new Map<string, string[]>();
    for (const key of this.toCheck) {
      if (!this.checkable(key)) continue;
      const [roomId, url] = splitKey(key);
      const rooms = byUrl.get(url) ?? [];
      if (rooms.length < CHECK_ROOMS) rooms.push(roomId);
      byUrl.set(url, rooms);
    }
    for (const [url, roomIds] of byUrl) {
      const keys = roomIds.map((roomId) => keyOf(roomId, url));
      // The newest entry known to exist before the read: the read has every row up to it.
      const seenBefore = new Map(keys.map((key) => [key, this.order(key).seen]));
      const rows = await this.deps.repo.pendingOfRooms(url, roomIds, CHECK_ROWS);
      if (!this.leader || this.stopped) return;
      // Cut short: rows from the last one's `seq` on may be missing (for any of the rooms).
      const cut = rows.length === CHECK_ROWS ? rows[rows.length - 1]!.seq : Infinity;
      const byKey = new Map<string, DeliveryRow[]>(keys.map((key) => [key, []]));
      for (const row of rows)
        if (row.seq < cut && !this.erased.has(row.roomId))
          byKey.get(keyOf(row.roomId, url))?.push(row);
      for (const [key, pending] of byKey) this.learn(key, pending, cut, seenBefore.get(key)!);
    }
  }

  /**
   * What a check read of a pair: `pending`, every pending row it has below `cut`, in `seq`
   * order. They are held in that order while there is room (making room by letting go of the
   * pair's rows above one that does not fit); `through` is then the last of an unbroken run of
   * held rows, or the newest entry known before the read when all of them are held.
   */
  private learn(key: string, pending: DeliveryRow[], cut: number, seenBefore: number): void {
    const order = this.order(key);
    this.droppedAt.delete(key);
    let through = Math.max(seenBefore, pending.at(-1)?.seq ?? -1);
    for (const row of pending) {
      order.seen = Math.max(order.seen, row.seq);
      if (this.hold(row, true)) continue;
      this.letGoAbove(key, row.seq);
      if (this.hold(row, true)) continue;
      through = row.seq - 1;
      this.droppedAt.set(key, row.seq);
      break;
    }
    if (cut !== Infinity && !this.droppedAt.has(key)) {
      through = Math.min(through, cut - 1);
      this.droppedAt.set(key, cut);
    }
    order.through = through;
    this.settle(key);
  }

  /** Lets go of a pair's held rows above `seq` (none is in flight: they wait for it). */
  private letGoAbove(key: string, seq: number): void {
    const chain = this.chains.get(key);
    if (!chain) return;
    for (const row of chain.rows.filter((r) => r.seq > seq)) this.unhold(row);
  }

  /** A pair that waits for a check, whose check can run now. */
  private checkable(key: string): boolean {
    if (!this.toCheck.has(key)) return false;
    const head = this.chains.get(key)?.rows[0];
    // A pair whose first row may go is not starved of knowledge: no read for it yet.
    if (head && head.seq <= this.order(key).through) return false;
    // Without room and without rows of its own to make room with, a read would learn nothing.
    return !!head || (this.heldPerUrl.get(splitKey(key)[1]) ?? 0) < this.options.maxHeld;
  }

  private firstDropped(key: string): number {
    return this.droppedAt.get(key) ?? Infinity;
  }

  /** A row stays in the outbox (no room in memory): its pair's order stops below it. */
  private leftStored(key: string, seq: number): void {
    const order = this.order(key);
    order.through = Math.min(order.through, seq - 1);
    this.droppedAt.set(key, Math.min(this.firstDropped(key), seq));
    this.toCheck.add(key);
  }

  private async housekeep(): Promise<void> {
    const now = this.deps.clock().getTime();
    if (now - this.lastCount > 15_000) {
      this.lastCount = now;
      this.pendingInDb = await this.deps.repo.countPending();
    }
    if (now - this.lastPrune > 10 * 60_000) {
      this.lastPrune = now;
      await this.deps.repo.pruneDelivered(new Date(now - DELIVERED_KEPT_MS));
    }
    if (this.orders.size > KEYS_KEPT) {
      for (const key of this.orders.keys()) {
        if (this.orders.size <= KEYS_KEPT * 0.9) break;
        if (!this.chains.has(key) && !this.toCheck.has(key)) this.orders.delete(key);
      }
    }
  }

  private order(key: string): Order {
    let order = this.orders.get(key);
    if (!order) {
      order = { through: -1, seen: -1 };
      this.orders.set(key, order);
    }
    return order;
  }

  /**
   * Holds a row in its chain; false when it must wait in the outbox: no room, or (unless a
   * check holds rows `inOrder`) an earlier row of its pair waits there, so that a pair's held
   * rows are always its lowest pending ones.
   */
  private hold(row: DeliveryRow, inOrder = false): boolean {
    if (this.known.has(row.id) || this.settled.has(row.id)) return true;
    const key = keyOf(row.roomId, row.url);
    const full = (this.heldPerUrl.get(row.url) ?? 0) >= this.options.maxHeld;
    if (full || (!inOrder && row.seq > this.firstDropped(key))) {
      if (!inOrder) this.leftStored(key, row.seq);
      return false;
    }
    this.known.add(row.id);
    this.heldPerUrl.set(row.url, (this.heldPerUrl.get(row.url) ?? 0) + 1);
    let chain = this.chains.get(key);
    if (!chain) {
      chain = { key, url: row.url, rows: [], running: false, timer: null };
      this.chains.set(key, chain);
    }
    insertInOrder(chain.rows, row);
    return true;
  }

  /** Drops a held row (delivered, given up on, or gone from the outbox). */
  private unhold(row: DeliveryRow): void {
    if (!this.known.delete(row.id)) return;
    this.heldPerUrl.set(row.url, (this.heldPerUrl.get(row.url) ?? 1) - 1);
    const chain = this.chains.get(keyOf(row.roomId, row.url));
    const at = chain ? chain.rows.indexOf(row) : -1;
    if (chain && at >= 0) chain.rows.splice(at, 1);
  }

  private removeChain(chain: Chain): void {
    if (chain.timer) clearTimeout(chain.timer);
    for (const row of [...chain.rows]) this.unhold(row);
    this.chains.delete(chain.key);
  }

  /**
   * After a pair learned rows or order: `through` runs on over held rows that follow one
   * another; rows still beyond it need a check; the chain runs.
   */
  private settle(key: string): void {
    const order = this.order(key);
    const chain = this.chains.get(key);
    if (chain) {
      for (const row of chain.rows) {
        if (row.seq <= order.through) continue;
        if (row.seq === order.through + 1 && row.seq < this.firstDropped(key))
          order.through = row.seq;
        else break;
      }
    }
    const waiting = chain?.rows.some((r) => r.seq > order.through) ?? false;
    if (waiting || this.droppedAt.has(key)) this.toCheck.add(key);
    else this.toCheck.delete(key);
    if (chain) this.run(chain);
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
      if (chain.rows.length === 0) {
        this.chains.delete(chain.key);
        if (this.droppedAt.has(chain.key)) this.kick(0); // rows wait stored: read them
      }
      // A row held after the loop saw none, before this ran: drive on (or wait for its time).
      else if (!chain.timer && this.leader && !this.stopped && this.movable(chain)) this.run(chain);
    });
  }

  /** Whether the chain's first row may go: in order, and (a retry) confirmed since it failed. */
  private ready(chain: Chain): boolean {
    const head = chain.rows[0];
    if (!head || head.seq > this.order(chain.key).through) return false;
    if (head.nextAt.getTime() > this.deps.clock().getTime()) return false;
    return head.attempts === 0 || (head.confirmedAt ?? -Infinity) >= head.nextAt.getTime();
  }

  /** Whether driving the chain makes progress: its first row is ready, or waits for its time. */
  private movable(chain: Chain): boolean {
    const head = chain.rows[0];
    if (!head || head.seq > this.order(chain.key).through) return false;
    return head.nextAt.getTime() > this.deps.clock().getTime() || this.ready(chain);
  }

  private async drive(chain: Chain): Promise<void> {
    while (this.leader && !this.stopped && this.chains.get(chain.key) === chain) {
      const head = chain.rows[0];
      if (!head || head.seq > this.order(chain.key).through) return; // waits for a check
      const wait = head.nextAt.getTime() - this.deps.clock().getTime();
      if (wait > 0) {
        chain.timer = setTimeout(() => this.run(chain), Math.min(wait, 2 ** 31 - 1));
        chain.timer.unref();
        return;
      }
      if (!this.ready(chain)) return this.kick(0); // a retry: the next poll confirms it
      if (!(await this.attempt(head))) continue; // retried later: the loop waits for it
      this.unhold(head);
    }
  }

  /** One POST; true when the row is settled (delivered, or given up on). */
  private async attempt(row: Held): Promise<boolean> {
    await this.slot(row.url);
    const started = performance.now();
    row.firstAttemptAt ??= this.deps.clock();
    let error: string | null;
    try {
      error = await this.post(row);
    } finally {
      this.release(row.url);
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
    const giveUp = now.getTime() - row.firstAttemptAt.getTime() >= this.options.retryForMs;
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
        firstAttemptAt: row.firstAttemptAt,
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

  private async slot(url: string): Promise<void> {
    let s = this.slots.get(url);
    if (!s) this.slots.set(url, (s = { inFlight: 0, waiting: [] }));
    if (s.inFlight < this.options.concurrency) {
      s.inFlight++;
      return;
    }
    await new Promise<void>((resolve) => s.waiting.push(resolve));
  }

  private release(url: string): void {
    const s = this.slots.get(url)!;
    const next = s.waiting.shift();
    if (next) next();
    else s.inFlight--;
  }
}

const keyOf = (roomId: string, url: string) => `${roomId}\n${url}`;
const splitKey = (key: string) => {
  const at = key.indexOf("\n");
  return [key.slice(0, at), key.slice(at + 1)] as const;
};

/** Inserts `row` by (seq, id), from the end: new rows are nearly always the last. */
function insertInOrder(rows: DeliveryRow[], row: DeliveryRow): void {
  let i = rows.length;
  while (i > 0 && before(row, rows[i - 1]!)) i--;
  rows.splice(i, 0, row);
}

const before = (a: DeliveryRow, b: DeliveryRow) =>
  a.seq < b.seq || (a.seq === b.seq && a.id < b.id);
