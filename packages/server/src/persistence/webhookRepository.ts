import type { ChatModels, WebhookDeliveryDoc } from "./models.ts";

/** A delivery's state: waiting (or retrying), delivered (2xx), or given up on. */
export type DeliveryStatus = "pending" | "delivered" | "failed";

/** One event for one receiver URL (see models.ts `webhookDeliverySchema`). */
export interface DeliveryRow {
  id: string;
  eventId: string;
  type: string;
  roomId: string;
  /** The event's place in its room: a room's events go to a URL in this order. */
  seq: number;
  url: string;
  /** The exact JSON sent (and signed), the same on every attempt. */
  body: string;
  status: DeliveryStatus;
  attempts: number;
  nextAt: Date;
  queuedAt: Date;
  /** The first attempt (null before it): the retry window counts from it. */
  firstAttemptAt: Date | null;
  deliveredAt: Date | null;
  lastError: string | null;
}

/** A pending row without its body: what the worker's sweep reads. */
export type DeliveryMeta = Pick<DeliveryRow, "id" | "roomId" | "url" | "seq">;

const toRow = (d: WebhookDeliveryDoc): DeliveryRow => ({
  id: d._id,
  eventId: d.eventId,
  type: d.type,
  roomId: d.roomId,
  seq: d.seq,
  url: d.url,
  body: d.body,
  status: d.status,
  attempts: d.attempts ?? 0,
  nextAt: d.nextAt,
  queuedAt: d.queuedAt,
  firstAttemptAt: d.firstAttemptAt ?? null,
  deliveredAt: d.deliveredAt ?? null,
  lastError: d.lastError ?? null,
});

const toDoc = (r: DeliveryRow): WebhookDeliveryDoc => ({
  _id: r.id,
  eventId: r.eventId,
  type: r.type,
  roomId: r.roomId,
  seq: r.seq,
  url: r.url,
  body: r.body,
  status: r.status,
  attempts: r.attempts,
  nextAt: r.nextAt,
  queuedAt: r.queuedAt,
  firstAttemptAt: r.firstAttemptAt,
  deliveredAt: r.deliveredAt,
  lastError: r.lastError,
});

/**
 * The webhook outbox. Inserts are batched and idempotent by `_id`; the worker's marks are
 * batched too (one `updateMany` for many delivered rows): FerretDB scans the collection for
 * every filter but `_id`, so the fewer commands, the better.
 */
export class WebhookRepository {
  constructor(private readonly models: ChatModels) {}

  /**
   * Stores rows that are not stored yet (one `insertMany`, unordered) and answers those it
   * stored. Throws when the outcome of any row is unknown; a row stored before (a retried
   * write, a room's `room.created` written again) is left as it is, not an error.
   */
  async insert(rows: readonly DeliveryRow[]): Promise<DeliveryRow[]> {
    if (rows.length === 0) return [];
    try {
      // The driver's own call (no casting per row); its typing wants ObjectId ids.
      const docs = rows.map(toDoc) as unknown as Parameters<
        typeof this.models.WebhookDelivery.collection.insertMany
      >[0];
      await this.models.WebhookDelivery.collection.insertMany(docs, { ordered: false });
      return [...rows];
    } catch (err) {
      const { writeErrors } = err as { writeErrors?: { index: number; code?: number }[] };
      // Every failure a duplicate `_id`: stored before, which is what we wanted.
      if (!writeErrors?.length || writeErrors.some((e) => e.code !== 11000)) throw err;
      const stored = new Set(writeErrors.map((e) => e.index));
      return rows.filter((_, i) => !stored.has(i));
    }
  }

  /**
   * A page of the pending rows that are due by `now`, by id after `after` (the worker sweeps
   * the outbox a page a poll, so a backlog it holds cannot hide rows written since), without
   * their bodies.
   */
  async due(now: Date, after: string | null, limit: number): Promise<DeliveryMeta[]> {
    const docs = await this.models.WebhookDelivery.find(
      { status: "pending", nextAt: { $lte: now }, ...(after ? { _id: { $gt: after } } : {}) },
      { _id: 1, roomId: 1, url: 1, seq: 1 },
    )
      .sort({ _id: 1 })
      .limit(limit)
      .lean<Pick<WebhookDeliveryDoc, "_id" | "roomId" | "url" | "seq">[]>();
    return docs.map((d) => ({ id: d._id, roomId: d.roomId, url: d.url, seq: d.seq }));
  }

  /** These rows, whole, those still pending (one command). */
  async pendingByIds(ids: readonly string[]): Promise<DeliveryRow[]> {
    if (ids.length === 0) return [];
    const docs = await this.models.WebhookDelivery.find({
      _id: { $in: ids },
      status: "pending",
    }).lean<WebhookDeliveryDoc[]>();
    return docs.map(toRow);
  }

  /** Which of these rows are still pending (ids only; one command). */
  async stillPending(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const docs = await this.models.WebhookDelivery.find(
      { _id: { $in: ids }, status: "pending" },
      { _id: 1 },
    ).lean<{ _id: string }[]>();
    return new Set(docs.map((d) => d._id));
  }

  /**
   * The pending rows of these rooms for one URL, lowest `seq` first, at most `limit` (one
   * command): everything a room has queued for that receiver, backed off or not.
   */
  async pendingOfRooms(
    url: string,
    roomIds: readonly string[],
    limit: number,
  ): Promise<DeliveryRow[]> {
    const docs = await this.models.WebhookDelivery.find({
      roomId: { $in: roomIds },
      url,
      status: "pending",
    })
      .sort({ seq: 1, _id: 1 })
      .limit(limit)
      .lean<WebhookDeliveryDoc[]>();
    return docs.map(toRow);
  }

  /** Gives up on pending rows at once, saying why (one command). */
  async fail(ids: readonly string[], lastError: string): Promise<void> {
    if (ids.length === 0) return;
    await this.models.WebhookDelivery.updateMany(
      { _id: { $in: ids }, status: "pending" },
      { $set: { status: "failed", lastError } },
    );
  }

  /** How many rows are pending (the backlog gauge; a scan on FerretDB). */
  countPending(): Promise<number> {
    return this.models.WebhookDelivery.countDocuments({ status: "pending" });
  }

  /** Marks rows delivered at `at` (one command for the batch). */
  async markDelivered(ids: readonly string[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.models.WebhookDelivery.updateMany(
      { _id: { $in: ids } },
      { $set: { status: "delivered", deliveredAt: at, lastError: null } },
    );
  }

  /** Records a failed attempt: retried at `nextAt`, or `failed` for good. */
  async markAttempt(
    id: string,
    fields: {
      status: DeliveryStatus;
      attempts: number;
      nextAt: Date;
      firstAttemptAt: Date;
      lastError: string;
    },
  ): Promise<void> {
    await this.models.WebhookDelivery.updateOne({ _id: id }, { $set: fields });
  }

  /** One row, or null. */
  async find(id: string): Promise<DeliveryRow | null> {
    const doc = await this.models.WebhookDelivery.findById(id).lean<WebhookDeliveryDoc>();
    return doc ? toRow(doc) : null;
  }

  /** Queues a row again, now, with a fresh retry window; null when there is no such row. */
  async requeue(id: string, now: Date): Promise<DeliveryRow | null> {
    const doc = await this.models.WebhookDelivery.findOneAndUpdate(
      { _id: id },
      {
        $set: {
          status: "pending",
          attempts: 0,
          nextAt: now,
          queuedAt: now,
          firstAttemptAt: null,
          deliveredAt: null,
        },
      },
      { new: true },
    ).lean<WebhookDeliveryDoc>();
    return doc ? toRow(doc) : null;
  }

  /** A page of rows with this status, newest first; `before` is the previous page's last id. */
  async list(
    status: DeliveryStatus,
    limit: number,
    before?: string,
  ): Promise<{ rows: DeliveryRow[]; hasMore: boolean }> {
    const docs = await this.models.WebhookDelivery.find({
      status,
      ...(before ? { _id: { $lt: before } } : {}),
    })
      .sort({ _id: -1 })
      .limit(limit + 1)
      .lean<WebhookDeliveryDoc[]>();
    return { rows: docs.slice(0, limit).map(toRow), hasMore: docs.length > limit };
  }

  /** Forgets delivered rows older than `before` (one command). */
  async pruneDelivered(before: Date): Promise<number> {
    const { deletedCount } = await this.models.WebhookDelivery.deleteMany({
      status: "delivered",
      deliveredAt: { $lt: before },
    });
    return deletedCount;
  }

  /**
   * Takes or renews the lease `name` for `holder` until `until` when it is free, lapsed or
   * already this holder's. FerretDB does not apply an update atomically, so the answer is
   * what a read after the write finds: the last writer holds it.
   */
  async takeLease(name: string, holder: string, now: Date, until: Date): Promise<boolean> {
    try {
      await this.models.WebhookLease.updateOne(
        { _id: name, $or: [{ until: { $lt: now } }, { holder }] },
        { $set: { holder, until } },
        { upsert: true },
      );
    } catch (err) {
      // The upsert found the lease held (a duplicate `_id`; code 1 on FerretDB): not ours.
      const code = (err as { code?: number }).code;
      if (code !== 11000 && code !== 1) throw err;
    }
    const doc = await this.models.WebhookLease.findById(name).lean<{ holder: string }>();
    return doc?.holder === holder;
  }

  /** Lets the lease go, if this holder has it. */
  async releaseLease(name: string, holder: string): Promise<void> {
    await this.models.WebhookLease.deleteOne({ _id: name, holder });
  }
}
