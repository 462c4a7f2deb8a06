import { randomBytes } from "node:crypto";
import {
  ChatError,
  type ListDeliveriesInput,
  type Room,
  type WebhookDelivery,
  type WebhookEventType,
} from "@switchboard/protocol";
import type { Logger } from "pino";
import type { Identity } from "../auth/tokens.ts";
import type { DeliveryRow, WebhookRepository } from "../persistence/webhookRepository.ts";
import { requireAdmin } from "./access.ts";
import type { Clock, MessageChange, Outbox, WebhookObserver } from "./ports.ts";
import { deliveryRows, eventsOf, roomCreated, type PlacedEvent } from "./webhookEvents.ts";
import { WebhookWorker, type LeaderLease, type WebhookWorkerOptions } from "./webhookWorker.ts";

/** Contract v2 webhooks (`WEBHOOK_URLS`, `WEBHOOK_SECRET`, `WEBHOOK_NOTES`). */
export interface WebhookOptions extends Partial<Omit<WebhookWorkerOptions, "secret" | "urls">> {
  /** The receivers; every event goes to each. */
  urls: string[];
  /** The HMAC key of `X-Switchboard-Signature`. */
  secret: string;
  /** `WEBHOOK_NOTES=on`: notes are sent as `message.created` too. Default off. */
  notes?: boolean;
}

export interface WebhookServiceDeps {
  repo: WebhookRepository;
  clock: Clock;
  logger: Logger;
  observer: WebhookObserver;
  /** Which node delivers; default a lease document in the database. */
  lease?: LeaderLease;
}

/** The real schedule: 10 s doubling to an hour, retried for 24 h, 10-s attempts. */
export const WEBHOOK_DEFAULTS = {
  backoff: { baseMs: 10_000, capMs: 60 * 60 * 1000 },
  retryForMs: 24 * 60 * 60 * 1000,
  timeoutMs: 10_000,
  pollMs: 1_000,
  concurrency: 32,
  maxHeld: 10_000,
} satisfies Omit<WebhookWorkerOptions, "secret" | "urls">;

/**
 * The outbox side (what the writers call before a change is ACKed) and the operators' side
 * (list, retry) of webhooks; the delivery itself is {@link WebhookWorker}'s.
 */
export class WebhookService implements Outbox {
  readonly worker: WebhookWorker;
  private readonly notes: boolean;

  constructor(
    private readonly deps: WebhookServiceDeps,
    private readonly options: WebhookOptions,
  ) {
    this.notes = options.notes ?? false;
    const { notes: _notes, ...worker } = options;
    this.worker = new WebhookWorker(
      { ...deps, lease: deps.lease ?? new DatabaseLease(deps.repo, deps.clock) },
      { ...WEBHOOK_DEFAULTS, ...worker },
    );
  }

  async messages(changes: readonly MessageChange[]): Promise<void> {
    const now = this.deps.clock();
    await this.store(
      changes.map((c) => ({
        roomId: c.message.roomId,
        seq: c.seq,
        events: eventsOf(c, this.notes, now),
      })),
    );
  }

  async roomCreated(room: Room): Promise<void> {
    await this.store([{ roomId: room.id, seq: 0, events: [roomCreated(room)] }]);
  }

  /** A room's stored events are erased: what the delivering node holds of it goes too. */
  forgetRoom(roomId: string): void {
    this.worker.forgetRoom(roomId);
  }

  /**
   * Writes each entry's events (one `insertMany` for all), then hands the entries to the
   * worker, events or not: an entry without any still tells it the room's order went on.
   */
  private async store(entries: { roomId: string; seq: number; events: PlacedEvent[] }[]) {
    const now = this.deps.clock();
    const written = entries.map((e) => ({
      roomId: e.roomId,
      seq: e.seq,
      rows: e.events.flatMap((event) => deliveryRows(event, this.options.urls, now)),
    }));
    const all = written.flatMap((w) => w.rows);
    const queued = all.length ? await this.deps.repo.insert(all) : [];
    this.deps.observer.webhooksQueued?.(queued.length);
    const stored = new Set(queued.map((r) => r.id));
    this.worker.offer(written.map((w) => ({ ...w, stored })));
  }

  /** `GET /api/chat/webhooks/deliveries`: admins and API keys. */
  async list(
    user: Identity,
    input: ListDeliveriesInput,
  ): Promise<{ deliveries: WebhookDelivery[]; hasMore: boolean }> {
    requireAdmin(user);
    const { rows, hasMore } = await this.deps.repo.list(input.status, input.limit, input.before);
    return { deliveries: rows.map(toWire), hasMore };
  }

  /**
   * `POST /api/chat/webhooks/deliveries/:id/retry`: a failed (or delivered) delivery is queued
   * again now, with a fresh retry window; a pending one is answered as it is (it is queued).
   */
  async retry(user: Identity, id: string): Promise<{ delivery: WebhookDelivery }> {
    requireAdmin(user);
    const row = await this.deps.repo.find(id);
    if (!row) throw new ChatError("NOT_FOUND", "no such delivery");
    if (row.status === "pending") return { delivery: toWire(row) };
    const queued = await this.deps.repo.requeue(id, this.deps.clock());
    if (!queued) throw new ChatError("NOT_FOUND", "no such delivery");
    this.deps.logger.info({ delivery: id }, "webhook delivery queued again");
    this.worker.nudge();
    return { delivery: toWire(queued) };
  }
}

function toWire(row: DeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    eventId: row.eventId,
    type: row.type as WebhookEventType,
    roomId: row.roomId,
    url: redactUrl(row.url),
    status: row.status,
    attempts: row.attempts,
    queuedAt: row.queuedAt.toISOString(),
    nextAttemptAt: row.status === "pending" ? row.nextAt.toISOString() : null,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    lastError: row.lastError,
  };
}

/**
 * A receiver URL as the deliveries list shows it: a password in it and query values (often
 * tokens) are masked, so that listing deliveries does not hand out the receiver's secrets.
 *
 * @example
 * redactUrl("https://bot:s3cret@crm.example/hook?token=abc") // "https://bot:***@crm.example/hook?token=***"
 */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    for (const name of [...new Set(u.searchParams.keys())]) u.searchParams.set(name, "***");
    return u.toString().replaceAll("%2A%2A%2A", "***");
  } catch {
    return url;
  }
}

/** How long a leader's lease lasts unrenewed (renewed every 5 s): the failover time. */
export const LEASE_MS = 15_000;

/**
 * The leader lease in the database (no Redis): one document, taken when lapsed, renewed by
 * its holder. FerretDB applies updates without isolation, so two nodes may both write it
 * at once; each then reads it back and only the last writer delivers.
 */
export class DatabaseLease implements LeaderLease {
  private readonly holder = randomBytes(12).toString("hex");

  constructor(
    private readonly repo: WebhookRepository,
    private readonly clock: Clock,
  ) {}

  hold(): Promise<boolean> {
    const now = this.clock();
    return this.repo.takeLease("webhooks", this.holder, now, new Date(now.getTime() + LEASE_MS));
  }

  release(): Promise<void> {
    return this.repo.releaseLease("webhooks", this.holder);
  }
}
