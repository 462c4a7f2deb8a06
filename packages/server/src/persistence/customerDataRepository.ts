import { Types } from "mongoose";
import type { ChatModels, MessageDoc, RoomDoc, UploadDoc } from "./models.ts";
import { toMessage, toRoom } from "./mappers.ts";
import type { Message, Room } from "@switchboard/protocol";

const oid = (id: string) => new Types.ObjectId(id);

/** An upload as a customer's export and erasure see it. */
export interface StoredUpload {
  id: string;
  storageKey: string;
  name: string;
  size: number;
  mimeType: string;
  roomId: string | null;
  createdAt: string;
  /** The secret half of its URL (null for uploads from before URLs had one). */
  secret: string | null;
}

const toUpload = (d: UploadDoc): StoredUpload => ({
  id: d._id.toHexString(),
  storageKey: d.storageKey,
  name: d.name,
  size: d.size,
  mimeType: d.mimeType,
  roomId: d.roomId ? d.roomId.toHexString() : null,
  createdAt: d.createdAt.toISOString(),
  secret: d.secret ?? null,
});

/**
 * Contract v2 "A customer's data": everything stored of one customer, across collections,
 * for export and erasure (and the retention job's rooms).
 */
export class CustomerDataRepository {
  constructor(private readonly models: ChatModels) {}

  /** Every room of the customer, oldest first. */
  async rooms(customerId: string): Promise<Room[]> {
    const docs = await this.models.Room.find({ customerId })
      .sort({ createdAt: 1, _id: 1 })
      .lean<RoomDoc[]>();
    return docs.map(toRoom);
  }

  /** Every message of these rooms a customer may see (no notes), in order. */
  async messages(roomIds: string[]): Promise<Message[]> {
    if (roomIds.length === 0) return [];
    const docs = await this.models.Message.find({
      roomId: { $in: roomIds.map(oid) },
      kind: { $ne: "note" },
    })
      .sort({ createdAt: 1, _id: 1 })
      .lean<MessageDoc[]>();
    return docs.map(toMessage);
  }

  /**
   * The customer's uploads (sent or not) and every file shared in these rooms; with
   * `customerView`, only those the customer may read (not one that only agents' notes
   * carry, `audience: "agents"`): what an export hands over, where an erasure takes all.
   */
  async uploads(
    customerId: string,
    roomIds: string[],
    opts: { customerView?: boolean } = {},
  ): Promise<StoredUpload[]> {
    const inRooms = { roomId: { $in: roomIds.map(oid) } };
    const docs = await this.models.Upload.find({
      $or: [
        { ownerId: customerId },
        opts.customerView ? { ...inRooms, audience: { $ne: "agents" } } : inRooms,
      ],
    }).lean<UploadDoc[]>();
    return docs.map(toUpload);
  }

  /** The uploads of one room (retention). */
  async roomUploads(roomId: string): Promise<StoredUpload[]> {
    const docs = await this.models.Upload.find({ roomId: oid(roomId) }).lean<UploadDoc[]>();
    return docs.map(toUpload);
  }

  /** Deletes upload records (their files are the caller's, first). */
  async deleteUploads(ids: string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const r = await this.models.Upload.deleteMany({ _id: { $in: ids.map(oid) } });
    return r.deletedCount;
  }

  /** Deletes a room's messages, notes and activities, its email job and webhook deliveries. */
  async deleteRoomContent(roomId: string): Promise<number> {
    const r = await this.models.Message.deleteMany({ roomId: oid(roomId) });
    await this.models.EmailJob.deleteOne({ _id: oid(roomId) });
    await this.models.WebhookDelivery.deleteMany({ roomId });
    return r.deletedCount;
  }

  /** Deletes the room itself (last: a room still there means its erasure is not finished). */
  async deleteRoom(roomId: string): Promise<number> {
    return (await this.models.Room.deleteOne({ _id: oid(roomId) })).deletedCount;
  }

  /** Deletes the customer's push devices. */
  async deleteDevices(userId: string): Promise<number> {
    return (await this.models.Device.deleteMany({ userId })).deletedCount;
  }

  /** Closed rooms whose last activity is before `before` (retention), at most `limit`. */
  async closedBefore(before: Date, limit: number): Promise<string[]> {
    const docs = await this.models.Room.find(
      { status: "closed", activityAt: { $lt: before } },
      { _id: 1 },
    )
      .limit(limit)
      .lean<{ _id: Types.ObjectId }[]>();
    return docs.map((d) => d._id.toHexString());
  }
}
