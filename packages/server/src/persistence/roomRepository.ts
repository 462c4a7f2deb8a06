import { Types } from "mongoose";
import type { ListRoomsInput, Role, Room } from "@switchboard/protocol";
import { isDuplicateKey, type ChatModels, type RoomDoc } from "./models.ts";
import { toRoom } from "./mappers.ts";

const oid = (id: string) => new Types.ObjectId(id);

/** A room as the write path reads it: the contract's Room, and how many messages it counted. */
export interface RoomState {
  room: Room;
  seq: number;
}

/** What a room records of a message it counts. */
export interface CountedMessage {
  id: string;
  seq: number;
  senderRole: Role;
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
  const unread = m.senderRole === "customer" ? "unreadCountAdmin" : "unreadCountCustomer";
  return {
    $set: {
      seq: m.seq,
      lastMessageId: oid(m.id),
      lastMessageAt: m.createdAt,
      activityAt: m.createdAt,
      updatedAt: m.createdAt,
      lastMessage: m.preview ?? null,
    },
    $inc: { [unread]: m.read ? 0 : 1 },
  };
}

/** Rooms in MongoDB. The only code that knows how rooms are stored. */
export class RoomRepository {
  constructor(private readonly models: ChatModels) {}

  async findById(id: string): Promise<Room | null> {
    const doc = await this.models.Room.findById(oid(id)).lean<RoomDoc>();
    return doc ? toRoom(doc) : null;
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

  /** Assigns an unassigned room to `adminId`; null when someone else holds it. */
  async claim(roomId: string, adminId: string): Promise<Room | null> {
    const doc = await this.models.Room.findOneAndUpdate(
      { _id: oid(roomId), $or: [{ adminId: null }, { adminId }] },
      { $set: { adminId } },
      { new: true },
    ).lean<RoomDoc>();
    return doc ? toRoom(doc) : null;
  }

  /**
   * Counts a stored message on its room in one update: its place (`seq`), activity time,
   * preview, and one more unread message for the side that did not send it (none when it
   * was read already). Conditional on the room having counted exactly the messages before
   * it, so counting twice is impossible: null when the room had counted it already (or,
   * with a lost lock, a different state; the caller reads the room again).
   */
  async recordMessage(roomId: string, counted: CountedMessage): Promise<Room | null> {
    // The driver's own call, as on the rest of the send path: no query building, casting
    // or hydration per message (the update sets updatedAt itself, the message's time).
    const doc = await this.models.Room.collection.findOneAndUpdate(
      { _id: oid(roomId), seq: counted.seq - 1 },
      roomUpdateFor(counted),
      { returnDocument: "after" },
    );
    return doc ? toRoom(doc as unknown as RoomDoc) : null;
  }

  /** The room and how many messages it has counted (the send path's read, by `_id`). */
  async findState(id: string): Promise<RoomState | null> {
    const doc = (await this.models.Room.collection.findOne({ _id: oid(id) })) as RoomDoc | null;
    return doc ? { room: toRoom(doc), seq: doc.seq ?? 0 } : null;
  }

  /** {@link findState} for several rooms at once. */
  async findStates(ids: string[]): Promise<Map<string, RoomState>> {
    const docs = await this.models.Room.find({ _id: { $in: ids.map(oid) } }).lean<RoomDoc[]>();
    return new Map(docs.map((d) => [d._id.toHexString(), { room: toRoom(d), seq: d.seq ?? 0 }]));
  }

  /** Sets the room's agent (reassigning is allowed); null when the room is not open. */
  async assign(roomId: string, adminId: string): Promise<Room | null> {
    const doc = await this.models.Room.findOneAndUpdate(
      { _id: oid(roomId), status: "open" },
      { $set: { adminId } },
      { new: true },
    ).lean<RoomDoc>();
    return doc ? toRoom(doc) : null;
  }

  /**
   * Closes an open room. Its openKey becomes its own id, which frees the customer's key:
   * their next join opens a new room. Null when it was not open.
   */
  async close(roomId: string): Promise<Room | null> {
    const doc = await this.models.Room.findOneAndUpdate(
      { _id: oid(roomId), status: "open" },
      { $set: { status: "closed", openKey: `closed:${roomId}` } },
      { new: true },
    ).lean<RoomDoc>();
    return doc ? toRoom(doc) : null;
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
    const doc = await this.models.Room.findOneAndUpdate(
      { _id: oid(roomId) },
      { $inc: { [field]: -read.length } },
      { new: true },
    ).lean<RoomDoc>();
    const uncounted = doc ? read.filter((m) => m.seq > (doc.seq ?? 0)).length : 0;
    if (uncounted === 0) return doc ? toRoom(doc) : null;
    const fixed = await this.models.Room.findOneAndUpdate(
      { _id: oid(roomId) },
      { $inc: { [field]: uncounted } },
      { new: true },
    ).lean<RoomDoc>();
    return fixed ? toRoom(fixed) : null;
  }

  /**
   * Sets the reader's unread count to 0, after a read of everything under the room's lock
   * (no send can interleave). By `_id` alone: FerretDB scans for any other filter.
   */
  async resetUnread(roomId: string, reader: Role): Promise<Room | null> {
    const field = reader === "admin" ? "unreadCountAdmin" : "unreadCountCustomer";
    const doc = await this.models.Room.findOneAndUpdate(
      { _id: oid(roomId) },
      { $set: { [field]: 0 } },
      { new: true },
    ).lean<RoomDoc>();
    return doc ? toRoom(doc) : null;
  }

  /** Rooms, newest activity first, with a room-id cursor. */
  async list(
    q: ListRoomsInput,
    adminId: string,
  ): Promise<{ rooms: Room[]; hasMore: boolean } | null> {
    const filter: Record<string, unknown> = { status: q.status };
    if (q.assigned === "me") filter.adminId = adminId;
    if (q.assigned === "unassigned") filter.adminId = null;
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

  /** How many rooms the customer had before, for the agent's customer panel. */
  countForCustomer(customerId: string): Promise<number> {
    return this.models.Room.countDocuments({ customerId });
  }

  /** The customer's rooms in brief, oldest first; null when they never opened one. */
  async customerSummary(customerId: string) {
    const docs = await this.models.Room.find(
      { customerId },
      { createdAt: 1, status: 1, customerName: 1 },
    )
      .sort({ createdAt: 1 })
      .lean<RoomDoc[]>();
    if (docs.length === 0) return null;
    const named = docs.filter((d) => d.customerName).at(-1);
    return {
      name: named?.customerName ?? null,
      firstContactAt: docs[0]!.createdAt,
      previousChats: docs.filter((d) => d.status === "closed").length,
      openRoomId: docs.find((d) => d.status === "open")?._id.toHexString() ?? null,
    };
  }

  /** Open rooms, or only those no agent has taken. */
  countOpen(opts: { unassigned?: boolean } = {}): Promise<number> {
    return this.models.Room.countDocuments({
      status: "open",
      ...(opts.unassigned ? { adminId: null } : {}),
    });
  }
}
