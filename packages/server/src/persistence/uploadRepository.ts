import { Types } from "mongoose";
import type { ChatModels, UploadDoc } from "./models.ts";

const oid = (id: string) => new Types.ObjectId(id);

export interface UploadRecord {
  id: string;
  ownerId: string;
  storageKey: string;
  name: string;
  size: number;
  mimeType: string;
  roomId: string | null;
  /** Who of the room may read it once bound: agents only while only notes carry it. */
  audience: UploadAudience;
  /** The unguessable part of the file's URL; null for files from before URLs had one. */
  secret: string | null;
}

export type UploadAudience = "agents" | "all";

const toRecord = (d: UploadDoc): UploadRecord => ({
  id: d._id.toHexString(),
  ownerId: d.ownerId,
  storageKey: d.storageKey,
  name: d.name,
  size: d.size,
  mimeType: d.mimeType,
  roomId: d.roomId ? d.roomId.toHexString() : null,
  audience: d.audience === "agents" ? "agents" : "all",
  secret: d.secret ?? null,
});

/** Uploaded files' metadata. The bytes live in a {@link FileStore}. */
export class UploadRepository {
  constructor(private readonly models: ChatModels) {}

  async create(
    u: Omit<UploadRecord, "id" | "roomId" | "audience">,
    id: string,
  ): Promise<UploadRecord> {
    const doc = await this.models.Upload.create({
      ...u,
      _id: oid(id),
      roomId: null,
      audience: null,
      createdAt: new Date(),
    });
    return toRecord(doc.toObject() as UploadDoc);
  }

  async findById(id: string): Promise<UploadRecord | null> {
    const doc = await this.models.Upload.findById(oid(id)).lean<UploadDoc>();
    return doc ? toRecord(doc) : null;
  }

  /**
   * Binds an upload to a room for `audience`; true when it is (now or already) that room's.
   * A file a note carries first is the agents'; a message the customer sees makes it
   * everyone's in the room, and a later note never takes that back.
   */
  async bindToRoom(id: string, roomId: string, audience: UploadAudience): Promise<boolean> {
    await this.models.Upload.updateOne(
      audience === "all"
        ? { _id: oid(id), roomId: { $in: [null, oid(roomId)] } }
        : { _id: oid(id), roomId: null },
      { $set: { roomId: oid(roomId), audience } },
    );
    const doc = await this.models.Upload.findById(oid(id), { roomId: 1 }).lean<UploadDoc>();
    return doc?.roomId?.toHexString() === roomId;
  }
}

/**
 * Push devices kept per user. Registering one more replaces the least recently registered:
 * a reinstalled app or a new browser gets a fresh token and the old one is the likeliest to
 * be dead, while refusing would leave a user who changes phones often without push.
 */
export const MAX_DEVICES_PER_USER = 10;

/** Device tokens for push, one user per token, at most {@link MAX_DEVICES_PER_USER} a user. */
export class DeviceRepository {
  constructor(
    private readonly models: ChatModels,
    private readonly maxPerUser = MAX_DEVICES_PER_USER,
  ) {}

  async register(
    userId: string,
    token: string,
    platform: "ios" | "android" | "web",
  ): Promise<void> {
    await this.models.Device.updateOne(
      { token },
      { $set: { userId, platform, updatedAt: new Date() } },
      { upsert: true },
    );
    await this.trim(userId);
  }

  /**
   * Drops the user's oldest devices beyond the cap. Concurrent registrations each trim after
   * their own write, so the last trim sees them all; `updatedAt` in the filter spares a
   * device re-registered since it was read.
   */
  private async trim(userId: string): Promise<void> {
    const stale = await this.models.Device.find({ userId }, { updatedAt: 1 })
      .sort({ updatedAt: -1, _id: -1 })
      .skip(this.maxPerUser)
      .lean<{ _id: Types.ObjectId; updatedAt: Date }[]>();
    if (stale.length === 0) return;
    await this.models.Device.deleteMany({
      _id: { $in: stale.map((d) => d._id) },
      userId,
      updatedAt: { $lte: stale[0]!.updatedAt },
    });
  }

  async tokensOf(userId: string): Promise<string[]> {
    const docs = await this.models.Device.find({ userId }, { token: 1 }).lean<
      { token: string }[]
    >();
    return docs.map((d) => d.token);
  }

  async remove(tokens: string[]): Promise<void> {
    if (tokens.length > 0) await this.models.Device.deleteMany({ token: { $in: tokens } });
  }
}
