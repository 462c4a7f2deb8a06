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
}

const toRecord = (d: UploadDoc): UploadRecord => ({
  id: d._id.toHexString(),
  ownerId: d.ownerId,
  storageKey: d.storageKey,
  name: d.name,
  size: d.size,
  mimeType: d.mimeType,
  roomId: d.roomId ? d.roomId.toHexString() : null,
});

/** Uploaded files' metadata. The bytes live in a {@link FileStore}. */
export class UploadRepository {
  constructor(private readonly models: ChatModels) {}

  async create(u: Omit<UploadRecord, "id" | "roomId">, id: string): Promise<UploadRecord> {
    const doc = await this.models.Upload.create({
      ...u,
      _id: oid(id),
      roomId: null,
      createdAt: new Date(),
    });
    return toRecord(doc.toObject() as UploadDoc);
  }

  async findById(id: string): Promise<UploadRecord | null> {
    const doc = await this.models.Upload.findById(oid(id)).lean<UploadDoc>();
    return doc ? toRecord(doc) : null;
  }

  /** Binds an unbound upload to a room; true when it is (now or already) that room's. */
  async bindToRoom(id: string, roomId: string): Promise<boolean> {
    await this.models.Upload.updateOne(
      { _id: oid(id), roomId: null },
      { $set: { roomId: oid(roomId) } },
    );
    const doc = await this.models.Upload.findById(oid(id), { roomId: 1 }).lean<UploadDoc>();
    return doc?.roomId?.toHexString() === roomId;
  }
}

/** Device tokens for push, one user per token. */
export class DeviceRepository {
  constructor(private readonly models: ChatModels) {}

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
