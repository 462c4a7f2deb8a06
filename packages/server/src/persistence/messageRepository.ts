import { Types } from "mongoose";
import type {
  Attachment,
  Message,
  MessageActivity,
  MessageKind,
  MessagePage,
  Role,
} from "@switchboard/protocol";
import { isDuplicateKey, type ChatModels, type MessageDoc } from "./models.ts";
import { toMessage } from "./mappers.ts";
import { batchedReads } from "./batchedReads.ts";

const oid = (id: string) => new Types.ObjectId(id);

export interface NewMessage {
  roomId: string;
  /** Its place in the room: the room's `seq` + 1 as read under the room's lock. */
  seq: number;
  senderId: string;
  senderRole: Role;
  clientMessageId: string;
  /** Contract v2: a note never reaches a customer; an activity is written by the server. */
  kind: MessageKind;
  content: string;
  attachments: Attachment[];
  createdAt: Date;
  /** On `kind: "activity"`: what happened, which the write that counts it applies to the room. */
  activity?: MessageActivity | undefined;
  /** An agent's display name (the token's `name`), shown with their messages. */
  senderName?: string | undefined;
}

/**
 * Only messages of these kinds take receipts (delivered, read) and count as unread: a note
 * is never the customer's to see, an activity is never unread. A stored message without a
 * `kind` (written before contract v2) is a message, and `$nin` matches it.
 */
const RECEIPTED = { $nin: ["note", "activity"] };
/** What a customer may read: everything but notes (and, unlike `$eq`, documents without `kind`). */
const NOT_A_NOTE = { $ne: "note" };

/** The stored form of a new message: the one shape both writers insert. */
export function toMessageDoc(m: NewMessage): MessageDoc {
  return {
    _id: new Types.ObjectId(),
    roomId: new Types.ObjectId(m.roomId),
    senderId: m.senderId,
    senderRole: m.senderRole,
    clientMessageId: m.clientMessageId,
    kind: m.kind,
    content: m.content,
    attachments: m.attachments,
    status: "sent",
    createdAt: m.createdAt,
    deliveredAt: null,
    readAt: null,
    seq: m.seq,
    ...searchFields(m.kind === "activity" ? "" : m.content),
    ...(m.activity ? { activity: m.activity } : {}),
    ...(m.senderName ? { senderName: m.senderName } : {}),
  } as MessageDoc;
}

/** What text search compares: the text lower-cased (a message's `searchText`, the query). */
export const searchKey = (text: string) => text.toLowerCase();

/**
 * How much of a message's text `searchText` holds, in UTF-16 units: at most 1,800 bytes of
 * UTF-8, under every backend's index key limit (FerretDB on PostgreSQL indexes it with a
 * btree, whose entries stop at 2,704 bytes; a longer key refuses the whole insert).
 */
export const SEARCH_KEY_MAX = 600;

/**
 * A message's search fields: `searchText`, the start of its lower-cased text, and
 * `searchLong` when that is not all of it (such a message is matched on its `content`).
 */
export function searchFields(content: string): { searchText: string; searchLong?: true } {
  const key = searchKey(content);
  if (key.length <= SEARCH_KEY_MAX) return { searchText: key };
  // Never half a surrogate pair at the cut.
  const end = /[\uD800-\uDBFF]/.test(key[SEARCH_KEY_MAX - 1]!)
    ? SEARCH_KEY_MAX - 1
    : SEARCH_KEY_MAX;
  return { searchText: key.slice(0, end), searchLong: true };
}

/**
 * Messages whose text holds `q`, ignoring case: a case-sensitive regex on the lower-cased
 * `searchText` (an index serves it on MongoDB), or a case-insensitive one on `content` for a
 * message longer than its `searchText` (`searchLong`, indexed sparsely) and for one stored
 * before that field existed (the index's missing-field range finds those).
 */
function textMatch(q: string) {
  const inContent = { $regex: escapeRegex(q), $options: "i" };
  return {
    $or: [
      { searchText: { $regex: escapeRegex(searchKey(q)) } },
      { searchLong: true, content: inContent },
      { searchText: { $exists: false }, content: inContent },
    ],
  };
}

/** A stored message with its place in its room (`seq` stays off the wire). */
export interface StoredMessage {
  message: Message;
  seq: number;
}

const stored = (doc: MessageDoc): StoredMessage => ({ message: toMessage(doc), seq: doc.seq });

/** A message whose status a call moved forward. */
export interface Moved {
  id: string;
  createdAt: Date;
  /** Its place in its room (see {@link NewMessage.seq}). */
  seq: number;
}

export interface PageQuery {
  before?: string | undefined;
  after?: string | undefined;
  limit: number;
  /** Agents' private notes in the page (an agent reads): false for a customer. */
  notes: boolean;
}

/** A page after a cursor, as {@link MessageRepository.page} reads it in batches. */
interface AfterQuery {
  roomId: string;
  after: string;
  limit: number;
  notes: boolean;
}

/**
 * The most messages one batched read of "what came after" returns; past it, the rooms it
 * may have cut short are read one by one.
 */
const AFTER_BATCH_MAX_DOCS = 5_000;

/** Messages in MongoDB. The only code that knows how messages are stored. */
export class MessageRepository {
  /** Pages after a cursor (a resync's join), batched: see batchedReads.ts. */
  private readonly pagesAfter = batchedReads((qs: readonly AfterQuery[]) => this.afterMany(qs));

  constructor(private readonly models: ChatModels) {}

  async findById(id: string): Promise<Message | null> {
    const doc = await this.models.Message.findById(oid(id)).lean<MessageDoc>();
    return doc ? toMessage(doc) : null;
  }

  async findByClientId(senderId: string, clientMessageId: string): Promise<StoredMessage | null> {
    const doc = await this.models.Message.findOne({ senderId, clientMessageId }).lean<MessageDoc>();
    return doc ? stored(doc) : null;
  }

  /** The message at a room's place `seq`, if one is stored there. */
  async findBySeq(roomId: string, seq: number): Promise<StoredMessage | null> {
    const doc = await this.models.Message.findOne({ roomId: oid(roomId), seq }).lean<MessageDoc>();
    return doc ? stored(doc) : null;
  }

  /**
   * The highest place written since `since`, per room: what the start-up sweep compares with
   * each room's count to find sends that were stored but never counted.
   */
  async newestPlacesSince(since: Date): Promise<Map<string, number>> {
    // By `_id` (an ObjectId starts with its creation time): the `_id` index on MongoDB, where
    // `createdAt` has none of its own.
    const docs = await this.models.Message.find(
      { _id: { $gte: Types.ObjectId.createFromTime(Math.floor(since.getTime() / 1000)) } },
      { roomId: 1, seq: 1 },
    ).lean<Pick<MessageDoc, "roomId" | "seq">[]>();
    const newest = new Map<string, number>();
    for (const d of docs) {
      const id = d.roomId.toHexString();
      newest.set(id, Math.max(newest.get(id) ?? 0, d.seq));
    }
    return newest;
  }

  /**
   * Stores a message at its place. False when a unique index refused it: the same send
   * stored before (same sender and clientMessageId), or the place taken by an earlier send
   * into the room whose room update has not happened yet; the caller tells which.
   */
  async insert(m: NewMessage): Promise<StoredMessage | null> {
    // Through the driver, as the batched writer does: Mongoose's `create` builds a document,
    // validates it and makes an Error (with a stack) per save, on the hot path.
    const doc = toMessageDoc(m);
    try {
      await this.models.Message.collection.insertOne(doc);
      return stored(doc);
    } catch (err) {
      if (isDuplicateKey(err)) return null;
      throw err;
    }
  }

  /**
   * Marks the named messages of `senderRole` in the room delivered, only forward (`sent`
   * only), with one read and one write whatever the number of ids (at most
   * `LIMITS.messageIdsMax`). Returns the ones this call changed, in the order asked. A
   * single id, what nearly every call names (the SDK sends what arrived in the last 100 ms),
   * is looked up by `_id` alone, the one filter FerretDB does not scan the collection for;
   * several are one `$in` query and one `updateMany`.
   */
  async markDelivered(roomId: string, senderRole: Role, ids: string[], at: Date): Promise<Moved[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 1) return this.markOneDelivered(roomId, senderRole, unique[0]!, at);
    const moved = await this.advance(
      {
        _id: { $in: unique.map(oid) },
        roomId: oid(roomId),
        senderRole,
        status: "sent",
        kind: RECEIPTED,
      },
      { status: "delivered", deliveredAt: at },
      at,
      "deliveredAt",
    );
    const asked = new Map(unique.map((id, i) => [id, i]));
    return moved.sort((a, b) => asked.get(a.id)! - asked.get(b.id)!);
  }

  /**
   * {@link markDelivered} for one id, by `_id` only; the caller holds the room's lock, so
   * reading then writing the message is safe.
   */
  private async markOneDelivered(
    roomId: string,
    senderRole: Role,
    id: string,
    at: Date,
  ): Promise<Moved[]> {
    const doc = await this.models.Message.findById(oid(id), {
      roomId: 1,
      senderRole: 1,
      status: 1,
      createdAt: 1,
      seq: 1,
      kind: 1,
    }).lean<
      Pick<MessageDoc, "_id" | "roomId" | "senderRole" | "status" | "createdAt" | "seq" | "kind">
    >();
    if (
      !doc ||
      doc.roomId.toHexString() !== roomId ||
      doc.senderRole !== senderRole ||
      doc.status !== "sent" ||
      doc.kind === "note" ||
      doc.kind === "activity"
    )
      return [];
    await this.models.Message.updateOne(
      { _id: doc._id },
      { $set: { status: "delivered", deliveredAt: at } },
    );
    return [{ id: doc._id.toHexString(), createdAt: doc.createdAt, seq: doc.seq }];
  }

  /**
   * Marks `senderRole`'s messages of the room read, all of them or those up to and
   * including `upTo`; read implies delivered. Returns the ids this call changed.
   * Null when `upTo` is not a message of this room.
   */
  async markRead(
    roomId: string,
    senderRole: Role,
    upTo: string | undefined,
    at: Date,
  ): Promise<Moved[] | null> {
    const filter: Record<string, unknown> = {
      roomId: oid(roomId),
      senderRole,
      status: { $ne: "read" },
      kind: RECEIPTED,
    };
    if (upTo) {
      // A customer's cursor is never a note; an agent's may be.
      const cursor = await this.cursor(roomId, upTo, senderRole === "customer");
      if (!cursor) return null;
      filter.$or = [
        { createdAt: { $lt: cursor.createdAt } },
        { createdAt: cursor.createdAt, _id: { $lte: cursor._id } },
      ];
    }
    await this.models.Message.updateMany(
      { ...filter, deliveredAt: null },
      { $set: { deliveredAt: at } },
    );
    return this.advance(filter, { status: "read", readAt: at }, at, "readAt");
  }

  /**
   * Moves the matching messages forward and tells which ones this call moved. Each
   * document's update is atomic, so of two racing calls only one moves a message; when
   * fewer moved than matched, the ones stamped with our time are ours.
   */
  private async advance(
    filter: Record<string, unknown>,
    set: Record<string, unknown>,
    at: Date,
    stamp: "deliveredAt" | "readAt",
  ): Promise<Moved[]> {
    type Row = { _id: Types.ObjectId; createdAt: Date; seq: number };
    const fields = { _id: 1, createdAt: 1, seq: 1 };
    const candidates = await this.models.Message.find(filter, fields).lean<Row[]>();
    if (candidates.length === 0) return [];
    const ids = candidates.map((c) => c._id);
    const { modifiedCount } = await this.models.Message.updateMany(
      { ...filter, _id: { $in: ids } },
      { $set: set },
    );
    const moved =
      modifiedCount === ids.length
        ? candidates
        : await this.models.Message.find({ _id: { $in: ids }, [stamp]: at }, fields).lean<Row[]>();
    return moved.map((m) => ({ id: m._id.toHexString(), createdAt: m.createdAt, seq: m.seq }));
  }

  /**
   * The cursor message, if it is one of this room's. By `_id` alone, the room checked here:
   * FerretDB pushes only a bare `{ _id }` filter down (with `roomId` too it scans every
   * message), and on MongoDB both are one index seek.
   */
  private async cursor(roomId: string, id: string, notes: boolean) {
    const doc = await this.models.Message.collection.findOne(
      { _id: oid(id) },
      { projection: { roomId: 1, createdAt: 1, kind: 1 } },
    );
    // A note is no cursor of a customer's: to them it does not exist.
    return doc && String(doc.roomId) === roomId && (notes || doc.kind !== "note")
      ? (doc as unknown as Pick<MessageDoc, "_id" | "createdAt">)
      : null;
  }

  /**
   * Contract v2 search: messages and notes (not activities) whose text holds `q`, ignoring
   * case, newest first; `before` is a message id (the last of the previous page). See
   * {@link textMatch}: on MongoDB the `searchText` index or the `_id` order, whichever the
   * planner finds cheaper; FerretDB scans for any filter anyway.
   */
  async search(
    q: string,
    limit: number,
    before?: string,
  ): Promise<{ messages: Message[]; hasMore: boolean }> {
    const filter: Record<string, unknown> = { ...textMatch(q), kind: { $ne: "activity" } };
    if (before) filter._id = { $lt: oid(before) };
    const docs = await this.models.Message.find(filter)
      .sort({ _id: -1 })
      .limit(limit + 1)
      .lean<MessageDoc[]>();
    return { messages: docs.slice(0, limit).map(toMessage), hasMore: docs.length > limit };
  }

  /**
   * Rooms holding a message or note that matches `q`: the `max` whose newest match is the
   * newest, so that a long list keeps the rooms that matched most recently.
   */
  async roomsMatching(q: string, max: number): Promise<string[]> {
    // Read newest first and stop at `max` rooms. (No $group: FerretDB 1.24 has no $max or
    // $first accumulator.)
    const cursor = this.models.Message.find(
      { ...textMatch(q), kind: { $ne: "activity" } },
      { roomId: 1 },
    )
      .sort({ _id: -1 })
      .lean<{ roomId: Types.ObjectId }>()
      .cursor({ batchSize: 1000 });
    const rooms = new Set<string>();
    try {
      for await (const doc of cursor) {
        rooms.add(doc.roomId.toHexString());
        if (rooms.size >= max) break;
      }
    } finally {
      await cursor.close();
    }
    return [...rooms];
  }

  /** Messages stored since `since`, in every room (the dashboard's rate). */
  countSince(since: Date): Promise<number> {
    return this.models.Message.countDocuments({ createdAt: { $gte: since } });
  }

  /**
   * Email continuity: the agents' messages (not notes, not activities) of a room stored after
   * `after` (all when null), oldest first, at most 50 (the rest go in the next email).
   */
  async agentMessagesAfter(roomId: string, after: Date | null): Promise<Message[]> {
    const filter: Record<string, unknown> = {
      roomId: oid(roomId),
      senderRole: "admin",
      kind: RECEIPTED,
    };
    if (after) filter.createdAt = { $gt: after };
    const docs = await this.models.Message.find(filter)
      .sort({ createdAt: 1, _id: 1 })
      .limit(50)
      .lean<MessageDoc[]>();
    return docs.map(toMessage);
  }

  /** The newest `limit` messages a customer may see (no notes), oldest first. */
  async recentVisible(roomId: string, limit: number): Promise<Message[]> {
    const docs = await this.models.Message.find({ roomId: oid(roomId), kind: NOT_A_NOTE })
      .sort({ createdAt: -1, _id: -1 })
      .limit(limit)
      .lean<MessageDoc[]>();
    return docs.reverse().map(toMessage);
  }

  /**
   * A room's whole conversation, oldest first (transcripts), notes only for an agent; at
   * most `max` entries, the newest kept when there are more.
   */
  async all(
    roomId: string,
    notes: boolean,
    max: number,
  ): Promise<{ messages: Message[]; cut: boolean }> {
    const filter: Record<string, unknown> = { roomId: oid(roomId) };
    if (!notes) filter.kind = NOT_A_NOTE;
    const docs = await this.models.Message.find(filter)
      .sort({ createdAt: -1, _id: -1 })
      .limit(max + 1)
      .lean<MessageDoc[]>();
    return { messages: docs.slice(0, max).reverse().map(toMessage), cut: docs.length > max };
  }

  /**
   * One page of a room's history in ascending (createdAt, id) order. Without a cursor:
   * the newest `limit`. `before`: the `limit` just older than the cursor; `after`: the
   * `limit` just newer. `hasMore` says whether more exist beyond the page in the
   * direction of travel. Returns null when the cursor is not a message of this room.
   */
  async page(roomId: string, q: PageQuery): Promise<MessagePage | null> {
    if (q.after && !q.before)
      return this.pagesAfter.load({ roomId, after: q.after, limit: q.limit, notes: q.notes });
    return this.pageOne(roomId, q);
  }

  /** One page, read on its own. */
  private async pageOne(roomId: string, q: PageQuery): Promise<MessagePage | null> {
    const cursorId = q.before ?? q.after;
    const filter: Record<string, unknown> = { roomId: oid(roomId) };
    if (!q.notes) filter.kind = NOT_A_NOTE;
    if (cursorId) {
      const cursor = await this.cursor(roomId, cursorId, q.notes);
      if (!cursor) return null;
      const op = q.before ? "$lt" : "$gt";
      filter.$or = [
        { createdAt: { [op]: cursor.createdAt } },
        { createdAt: cursor.createdAt, _id: { [op]: cursor._id } },
      ];
    }
    const dir = q.after ? 1 : -1;
    const docs = await this.models.Message.find(filter)
      .sort({ createdAt: dir, _id: dir })
      .limit(q.limit + 1)
      .lean<MessageDoc[]>();
    const hasMore = docs.length > q.limit;
    const page = docs.slice(0, q.limit).map(toMessage);
    if (dir === -1) page.reverse();
    return { messages: page, hasMore };
  }

  /**
   * Many "what came after this message" pages in two queries whatever their number: the
   * cursors by `_id`, then the rooms' messages past the lowest cursor's place (`seq`, which follows
   * the rooms' (createdAt, id) order: see stampAfter). A reconnect storm's clients that each
   * missed a message share these instead of two queries each (FerretDB scans for each).
   */
  private async afterMany(qs: readonly AfterQuery[]): Promise<(MessagePage | null)[]> {
    const cursors = await this.models.Message.collection
      .find(
        { _id: { $in: [...new Set(qs.map((q) => q.after))].filter(isObjectId).map(oid) } },
        { projection: { roomId: 1, seq: 1, kind: 1 } },
      )
      .toArray();
    const cursorOf = new Map(cursors.map((c) => [String(c._id), c as unknown as CursorDoc]));
    const placed = qs.map((q) => {
      const c = cursorOf.get(q.after);
      const visible = c && (q.notes || c.kind !== "note");
      return visible && String(c.roomId) === q.roomId ? { ...q, seq: c.seq } : null;
    });
    const valid = placed.filter((p) => p !== null);
    if (valid.length === 0) return placed.map(() => null);
    // `$in` on the rooms and one bound on `seq`, each room's own cursor applied below: FerretDB
    // evaluates an `$or` of one clause per room against every document (measured: 23 s for
    // 500 rooms over 10,000 messages, against 0.56 s for this `$in`).
    const rooms = [...new Set(valid.map((p) => p.roomId))].map(oid);
    const from = Math.min(...valid.map((p) => p.seq));
    const docs = (await this.models.Message.collection
      .find({ roomId: { $in: rooms }, seq: { $gt: from } })
      .sort({ roomId: 1, seq: 1 })
      .limit(AFTER_BATCH_MAX_DOCS)
      .toArray()) as unknown as MessageDoc[];
    const cut = docs.length === AFTER_BATCH_MAX_DOCS;
    const byRoom = new Map<string, MessageDoc[]>();
    for (const d of docs) {
      const k = String(d.roomId);
      (byRoom.get(k) ?? byRoom.set(k, []).get(k)!).push(d);
    }
    return Promise.all(
      placed.map(async (p) => {
        if (!p) return null;
        const after = (byRoom.get(p.roomId) ?? []).filter(
          (d) => d.seq > p.seq && (p.notes || d.kind !== "note"),
        );
        // Past the batch's size, a room may have been cut short: read it on its own.
        if (cut && after.length <= p.limit) return this.pageOne(p.roomId, p);
        return {
          messages: after.slice(0, p.limit).map(toMessage),
          hasMore: after.length > p.limit,
        };
      }),
    );
  }
}

type CursorDoc = Pick<MessageDoc, "_id" | "roomId" | "seq" | "kind">;

const isObjectId = (id: string) => /^[0-9a-f]{24}$/.test(id);

/** Text to match as it is, inside a regular expression. */
export const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
