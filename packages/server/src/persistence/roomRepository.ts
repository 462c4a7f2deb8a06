import { Types } from "mongoose";
import type { Role, Room } from "@switchboard/protocol";
import { isDuplicateKey, type ChatModels, type RoomDoc } from "./models.ts";
import { toRoom } from "./mappers.ts";

const oid = (id: string) => new Types.ObjectId(id);

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
  async findOrCreateOpen(customerId: string): Promise<{ room: Room; created: boolean }> {
    for (let attempt = 0; ; attempt++) {
      const existing = await this.models.Room.findOne({ openKey: customerId }).lean<RoomDoc>();
      if (existing) return { room: toRoom(existing), created: false };
      const now = new Date();
      try {
        const doc = await this.models.Room.create({
          customerId,
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
   * Records a new message on its room in one atomic update: activity time, and one more
   * unread message for the side that did not send it.
   */
  async recordMessage(roomId: string, senderRole: Role, at: Date): Promise<Room | null> {
    const unreadField = senderRole === "customer" ? "unreadCountAdmin" : "unreadCountCustomer";
    const doc = await this.models.Room.findOneAndUpdate(
      { _id: oid(roomId) },
      { $set: { lastMessageAt: at, activityAt: at }, $inc: { [unreadField]: 1 } },
      { new: true },
    ).lean<RoomDoc>();
    return doc ? toRoom(doc) : null;
  }
}
