import { Types } from "mongoose";
import type {
  ListRoomsInput,
  MessageActivity,
  MessageKind,
  Role,
  Room,
} from "@switchboard/protocol";
import { isDuplicateKey, type ChatModels, type RoomDoc } from "./models.ts";
import { toRoom } from "./mappers.ts";
import { batchedReads } from "./batchedReads.ts";
import { escapeRegex } from "./messageRepository.ts";

const oid = (id: string) => new Types.ObjectId(id);

/** A room as the write path reads it: the contract's Room, and how many messages it counted. */
export interface RoomState {
  room: Room;
  seq: number;
  /** The newest message of any kind, notes too (`room.lastMessageId` skips notes). */
  lastEntryId: string | null;
  /** Its time: the next message is stamped after it (see stampAfter). */
  lastEntryAt: string | null;
}

/** What a room records of a message it counts. */
export interface CountedMessage {
  id: string;
  roomId: string;
  seq: number;
  senderRole: Role;
  kind: MessageKind;
  /** An activity's change, made to the room by the same update that counts it. */
  activity?: MessageActivity | undefined;
  createdAt: Date;
  preview: Room["lastMessage"];
  /** Read already (by a read-all while the message was not yet counted): no unread added. */
  read: boolean;
}

/**
 * The update that counts `m` on its room; one shape for the single and the batched writes.
 * To be applied only where the room's `seq` is `m.seq - 1`.
 */
export function roomUpdateFor(m: CountedMessage) {
  const entry = { seq: m.seq, lastEntryId: oid(m.id), lastEntryAt: m.createdAt };
  // A note changes nothing a customer can see: not the preview, the activity time or a count.
  if (m.kind === "note") return { $set: entry };
  const unread = m.senderRole === "customer" ? "unreadCountAdmin" : "unreadCountCustomer";
  return {
    $set: {
      ...entry,
      ...activityChange(m),
      lastMessageId: oid(m.id),
      lastMessageAt: m.createdAt,
      activityAt: m.createdAt,
      updatedAt: m.createdAt,
      lastMessage: m.preview ?? null,
    },
    // An activity (assigned, closed...) is never unread.
    $inc: { [unread]: m.read || m.kind === "activity" ? 0 : 1 },
  };
}

/**
 * The state of the rooms this node last wrote or read under their locks, so that a send
 * does not read its room first (on FerretDB that read scans the collection). Every room
 * write of this repository updates its entry from what the write returned, or drops it
 * when the outcome is unknown; a read asks for it only when the room's lock says no other
 * node held the room since this one did ({@link RoomLock.withRoom}'s `stillOurs`).
 * Bounded: the least recently used rooms are forgotten first.
 */
class RoomStates {
  private readonly states = new Map<string, RoomState>();

  constructor(private readonly max: number) {}

  get(id: string): RoomState | undefined {
    const state = this.states.get(id);
    if (state) {
      this.states.delete(id); // most recently used last
      this.states.set(id, state);
    }
    return state;
  }

  set(id: string, state: RoomState): void {
    this.states.delete(id);
    this.states.set(id, state);
    if (this.states.size > this.max) this.states.delete(this.states.keys().next().value!);
  }

  forget(id: string): void {
    this.states.delete(id);
  }
}

/** How many rooms' states a node keeps (about 1 KB each). */
const ROOM_STATES_KEPT = 10_000;

/**
 * What an activity changes on its room, in the update that counts it: the activity message
 * and the change are one write, so neither exists without the other (a retry, the room's
 * next send or the start-up sweep counts an activity stored but not counted, and so makes
 * its change).
 */
function activityChange(
  m: CountedMessage,
): Partial<Pick<RoomDoc, "adminId" | "status" | "openKey" | "rating">> {
  switch (m.activity?.type) {
    case "assigned":
    case "transferred":
      return { adminId: m.activity.adminId ?? null };
    case "closed":
      // The customer's key is freed: their next join opens a new room.
      return { status: "closed", openKey: `closed:${m.roomId}` };
    case "rated":
      // A second rating replaces the first.
      return {
        rating: {
          score: m.activity.score ?? null,
          comment: m.activity.comment ?? "",
          at: m.createdAt,
        },
      };
    default:
      return {};
  }
}

const stateOf = (doc: RoomDoc): RoomState => ({
  room: toRoom(doc),
  seq: doc.seq ?? 0,
  // Rooms written before notes existed: their newest entry is their newest message.
  lastEntryId: (doc.lastEntryId ?? doc.lastMessageId)?.toHexString() ?? null,
  lastEntryAt: (doc.lastEntryAt ?? doc.lastMessageAt)?.toISOString() ?? null,
});

/** The state after counting one more message, as {@link roomUpdateFor} makes it. */
export function nextState(state: Pick<RoomState, "room">, m: CountedMessage): RoomState {
  const at = m.createdAt.toISOString();
  return { room: nextRoom(state.room, m), seq: m.seq, lastEntryId: m.id, lastEntryAt: at };
}

/** The room after counting one more message, as {@link roomUpdateFor} makes it. */
export function nextRoom(room: Room, m: CountedMessage): Room {
  if (m.kind === "note") return room;
  const at = m.createdAt.toISOString();
  const change = activityChange(m);
  const next: Room = {
    ...room,
    ...("adminId" in change ? { adminId: change.adminId ?? null } : {}),
    ...(change.status === "closed" ? { status: "closed" as const } : {}),
    ...(change.rating
      ? {
          rating: {
            score: change.rating.score ?? 0,
            comment: change.rating.comment ?? "",
            at: change.rating.at?.toISOString() ?? at,
          },
        }
      : {}),
    lastMessageAt: at,
    updatedAt: at,
    lastMessage: m.preview ?? null,
    lastMessageId: m.id,
  };
  if (m.read || m.kind === "activity") return next;
  return m.senderRole === "customer"
    ? { ...next, unreadCountAdmin: room.unreadCountAdmin + 1 }
    : { ...next, unreadCountCustomer: room.unreadCountCustomer + 1 };
}

/** Rooms in MongoDB. The only code that knows how rooms are stored. */
export class RoomRepository {
  private readonly states: RoomStates;
  /** Reads by `_id`, batched (see batchedReads.ts); each one a fresh read. */
  private readonly byId = batchedReads((ids: readonly string[]) => this.readMany(ids));

  constructor(
    private readonly models: ChatModels,
    keep = ROOM_STATES_KEPT,
  ) {
    this.states = new RoomStates(keep);
  }

  private async readMany(ids: readonly string[]): Promise<(RoomDoc | null)[]> {
    const valid = ids.filter((id) => Types.ObjectId.isValid(id));
    const docs = (await this.models.Room.collection
      .find({ _id: { $in: valid.map(oid) } })
      .toArray()) as unknown as RoomDoc[];
    const found = new Map(docs.map((d) => [d._id.toHexString(), d]));
    return ids.map((id) => found.get(id) ?? null);
  }

  /**
   * Runs a write of one room and keeps what it returned as the room's state; forgets the
   * room when the write matched nothing or failed (its effect is then unknown here).
   */
  private async written(id: string, write: PromiseLike<RoomDoc | null>): Promise<Room | null> {
    try {
      const doc = await write;
      if (!doc) {
        this.states.forget(id);
        return null;
      }
      const state = stateOf(doc);
      this.states.set(id, state);
      return state.room;
    } catch (err) {
      this.states.forget(id);
      throw err;
    }
  }

  /**
   * The room as stored now. Reads that arrive together share one query (a reconnect storm's
   * thousands of joins read their rooms in a few queries, not one each).
   */
  async findById(id: string): Promise<Room | null> {
    const doc = await this.byId.load(id);
    return doc ? toRoom(doc) : null;
  }

  /** {@link findById} with the room's newest entry of any kind (a resync's comparison). */
  async findWithEntry(id: string): Promise<Pick<RoomState, "room" | "lastEntryId"> | null> {
    const doc = await this.byId.load(id);
    return doc ? stateOf(doc) : null;
  }

  /**
   * The customer's open room, created if there is none. Concurrent calls from any number
   * of nodes meet at the unique `openKey` index: one insert wins, the others read it.
   */
  async findOrCreateOpen(
    customerId: string,
    customerName: string | null = null,
  ): Promise<{ room: Room; created: boolean }> {
    for (let attempt = 0; ; attempt++) {
      const existing = await this.models.Room.findOne({ openKey: customerId }).lean<RoomDoc>();
      if (existing) return { room: toRoom(existing), created: false };
      const now = new Date();
      try {
        const doc = await this.models.Room.create({
          customerId,
          customerName,
          adminId: null,
          status: "open",
          openKey: customerId,
          activityAt: now,
        });
        return { room: toRoom(doc.toObject() as RoomDoc), created: true };
      } catch (err) {
        // Another call created it between our read and our insert: read again.
        if (!isDuplicateKey(err) || attempt >= 5) throw err;
      }
    }
  }

  /**
   * Counts a stored message on its room in one update: its place (`seq`), activity time,
   * preview, and one more unread message for the side that did not send it (none when it
   * was read already). Conditional on the room having counted exactly the messages before
   * it, so counting twice is impossible: null when the room had counted it already (or,
   * with a lost lock, a different state; the caller reads the room again).
   */
  recordMessage(roomId: string, counted: CountedMessage): Promise<Room | null> {
    // The driver's own call, as on the rest of the send path: no query building, casting
    // or hydration per message (the update sets updatedAt itself, the message's time).
    return this.written(
      roomId,
      this.models.Room.collection.findOneAndUpdate(
        { _id: oid(roomId), seq: counted.seq - 1 },
        roomUpdateFor(counted),
        { returnDocument: "after" },
      ) as unknown as Promise<RoomDoc | null>,
    );
  }

  /**
   * {@link recordMessage} for messages of different rooms, in one round trip; each room as
   * read under its lock. Resolves the rooms as the updates left them (computed: the update
   * is exactly "this room plus that message"), or null when some update did not match
   * (only a lost lock does that); the caller then reads the rooms again.
   */
  async recordMessages(
    counts: readonly { room: Room; counted: CountedMessage }[],
  ): Promise<Room[] | null> {
    let matched = 0;
    try {
      ({ matchedCount: matched } = await this.models.Room.collection.bulkWrite(
        counts.map(({ room, counted }) => ({
          updateOne: {
            filter: { _id: oid(room.id), seq: counted.seq - 1 },
            update: roomUpdateFor(counted),
          },
        })),
        { ordered: false },
      ));
    } finally {
      if (matched !== counts.length) counts.forEach(({ room }) => this.states.forget(room.id));
    }
    if (matched !== counts.length) return null;
    return counts.map(({ room, counted }) => {
      const next = nextState({ room }, counted);
      this.states.set(room.id, next);
      return next.room;
    });
  }

  /**
   * The room and how many messages it has counted (the send path's read, by `_id`). With
   * `cached`, the state this node last wrote or read, when it has one: pass it only while
   * holding the room's lock with no other node having held it since (see {@link RoomStates}).
   */
  async findState(id: string, opts: { cached?: boolean } = {}): Promise<RoomState | null> {
    const kept = opts.cached ? this.states.get(id) : undefined;
    if (kept) return kept;
    const doc = (await this.models.Room.collection.findOne({ _id: oid(id) })) as RoomDoc | null;
    if (!doc) {
      this.states.forget(id);
      return null;
    }
    const state = stateOf(doc);
    this.states.set(id, state);
    return state;
  }

  /** {@link findState} for several rooms at once (always read). */
  async findStates(ids: string[]): Promise<Map<string, RoomState>> {
    const docs = await this.models.Room.find({ _id: { $in: ids.map(oid) } }).lean<RoomDoc[]>();
    return new Map(docs.map((d) => [d._id.toHexString(), stateOf(d)]));
  }

  /**
   * Takes the messages a read moved off the reader's unread count: those the room has
   * counted (`seq` up to the room's). A message stored but not yet counted (a send that
   * failed midway, see PendingSends) was never added, and adds nothing when it is counted
   * later, since it is read by then. Called under the room's lock; one update, and a second
   * one only when the read moved such a message.
   */
  async applyRead(roomId: string, reader: Role, read: { seq: number }[]): Promise<Room | null> {
    const field = reader === "admin" ? "unreadCountAdmin" : "unreadCountCustomer";
    const incUnread = (by: number) =>
      this.models.Room.findOneAndUpdate(
        { _id: oid(roomId) },
        { $inc: { [field]: by } },
        { new: true },
      ).lean<RoomDoc>();
    let seq = 0;
    const room = await this.written(
      roomId,
      incUnread(-read.length).then((doc) => ((seq = doc?.seq ?? 0), doc)),
    );
    const uncounted = room ? read.filter((m) => m.seq > seq).length : 0;
    if (uncounted === 0) return room;
    return this.written(roomId, incUnread(uncounted));
  }

  /**
   * Sets the reader's unread count to 0, after a read of everything under the room's lock
   * (no send can interleave). By `_id` alone: FerretDB scans for any other filter.
   */
  async resetUnread(roomId: string, reader: Role): Promise<Room | null> {
    const field = reader === "admin" ? "unreadCountAdmin" : "unreadCountCustomer";
    return this.written(
      roomId,
      this.models.Room.findOneAndUpdate(
        { _id: oid(roomId) },
        { $set: { [field]: 0 } },
        { new: true },
      ).lean<RoomDoc>(),
    );
  }

  /** Rooms, newest activity first, with a room-id cursor. */
  async list(
    q: ListRoomsInput,
    adminId: string,
    matchingRooms?: string[],
  ): Promise<{ rooms: Room[]; hasMore: boolean } | null> {
    // Rooms without a message stay out of the inbox until their first one (a visitor who
    // opened the widget and wrote nothing); notes do not count (lastMessageId skips them).
    const filter: Record<string, unknown> = { status: q.status, lastMessageId: { $ne: null } };
    if (q.assigned === "me") filter.adminId = adminId;
    if (q.assigned === "unassigned") filter.adminId = null;
    if (q.label) filter.labels = q.label; // an array field matches when it holds the value
    if (q.q !== undefined) {
      // Rooms whose customer's name holds the text, or among `matchingRooms` (by message).
      const byName = { customerName: { $regex: escapeRegex(q.q), $options: "i" } };
      filter.$and = [{ $or: [byName, { _id: { $in: (matchingRooms ?? []).map(oid) } }] }];
    }
    if (q.before) {
      const cursor = await this.models.Room.findById(oid(q.before), {
        activityAt: 1,
      }).lean<RoomDoc>();
      if (!cursor) return null;
      filter.$or = [
        { activityAt: { $lt: cursor.activityAt } },
        { activityAt: cursor.activityAt, _id: { $lt: cursor._id } },
      ];
    }
    const docs = await this.models.Room.find(filter)
      .sort({ activityAt: -1, _id: -1 })
      .limit(q.limit + 1)
      .lean<RoomDoc[]>();
    return { rooms: docs.slice(0, q.limit).map(toRoom), hasMore: docs.length > q.limit };
  }

  /**
   * Open, unassigned rooms that hold a message, oldest first (the rooms routing assigns). A
   * room opened without a message waits for its first one.
   */
  async waiting(limit: number): Promise<Room[]> {
    const docs = await this.models.Room.find({
      status: "open",
      adminId: null,
      lastMessageId: { $ne: null },
    })
      .sort({ createdAt: 1, _id: 1 })
      .limit(limit)
      .lean<RoomDoc[]>();
    return docs.map(toRoom);
  }

  /** Open rooms per assigned agent (one query; the agents list and routing count load). */
  async openRoomsByAgent(): Promise<Map<string, number>> {
    const docs = await this.models.Room.find(
      { status: "open", adminId: { $ne: null } },
      { adminId: 1 },
    ).lean<Pick<RoomDoc, "adminId">[]>();
    const counts = new Map<string, number>();
    for (const { adminId } of docs)
      if (adminId) counts.set(adminId, (counts.get(adminId) ?? 0) + 1);
    return counts;
  }

  /** Rooms whose customer's name holds `q`, ignoring case, newest activity first. */
  async namedLike(q: string, limit: number): Promise<Room[]> {
    const docs = await this.models.Room.find({
      customerName: { $regex: escapeRegex(q), $options: "i" },
      lastMessageId: { $ne: null }, // as the inbox: a room without a message is no conversation
    })
      .sort({ activityAt: -1, _id: -1 })
      .limit(limit)
      .lean<RoomDoc[]>();
    return docs.map(toRoom);
  }

  /** Rooms by id, in one query (search results). */
  async findMany(ids: string[]): Promise<Map<string, Room>> {
    const docs = await this.models.Room.find({ _id: { $in: ids.map(oid) } }).lean<RoomDoc[]>();
    return new Map(docs.map((d) => [d._id.toHexString(), toRoom(d)]));
  }

  /** The ratings given since `since` (CSAT in the dashboard's stats): score and when. */
  async ratingsSince(since: Date): Promise<{ score: number; at: Date }[]> {
    const docs = await this.models.Room.find(
      { "rating.at": { $gte: since } },
      { "rating.score": 1, "rating.at": 1 },
    ).lean<{ rating: { score: number; at: Date } }[]>();
    return docs.map((d) => ({ score: d.rating.score, at: new Date(d.rating.at) }));
  }

  /** Drops what this node keeps of a room's state (the room was erased). */
  forgetState(roomId: string): void {
    this.states.forget(roomId);
  }

  /** Stores the customer's email on the room (contract v2 `set-contact`); null when none. */
  setCustomerEmail(roomId: string, email: string): Promise<Room | null> {
    return this.written(
      roomId,
      this.models.Room.findOneAndUpdate(
        { _id: oid(roomId) },
        { $set: { customerEmail: email } },
        { new: true },
      ).lean<RoomDoc>(),
    );
  }

  /** The address the customer left last on any of their rooms (`set-contact`), or null. */
  async latestCustomerEmail(customerId: string): Promise<string | null> {
    const doc = await this.models.Room.findOne(
      { customerId, customerEmail: { $ne: null } },
      { customerEmail: 1 },
    )
      .sort({ createdAt: -1 })
      .lean<{ customerEmail: string | null }>();
    return doc?.customerEmail ?? null;
  }

  /** Replaces the room's labels (contract v2 `set-labels`); null when there is no such room. */
  setLabels(roomId: string, labels: string[]): Promise<Room | null> {
    return this.written(
      roomId,
      this.models.Room.findOneAndUpdate(
        { _id: oid(roomId) },
        { $set: { labels } },
        { new: true },
      ).lean<RoomDoc>(),
    );
  }

  /** How many rooms the customer had before, for the agent's customer panel. */
  countForCustomer(customerId: string): Promise<number> {
    return this.models.Room.countDocuments({ customerId });
  }

  /**
   * The customer's rooms in brief, and their latest closed ones (newest first, at most
   * `recent`); null when they never opened one. One read of the customer's rooms.
   */
  async customerSummary(customerId: string, recent = 10) {
    const docs = await this.models.Room.find({ customerId })
      .sort({ createdAt: 1 })
      .lean<RoomDoc[]>();
    if (docs.length === 0) return null;
    const named = docs.filter((d) => d.customerName).at(-1);
    // A room nobody wrote in (a widget opened, then closed) is no conversation.
    const closed = docs.filter((d) => d.status === "closed" && d.lastMessageId);
    return {
      name: named?.customerName ?? null,
      firstContactAt: docs[0]!.createdAt,
      previousChats: closed.length,
      openRoomId: docs.find((d) => d.status === "open")?._id.toHexString() ?? null,
      recentChats: closed.reverse().slice(0, recent).map(toRoom),
    };
  }

  /**
   * Open rooms, or only those no agent has taken; either way only rooms with a message (a
   * visitor who opened the widget and wrote nothing is nobody's work yet).
   */
  countOpen(opts: { unassigned?: boolean } = {}): Promise<number> {
    return this.models.Room.countDocuments({
      status: "open",
      lastMessageId: { $ne: null },
      ...(opts.unassigned ? { adminId: null } : {}),
    });
  }
}
