import { Types } from "mongoose";
import type { Attachment, Message, MessagePage, Role } from "@switchboard/protocol";
import { isDuplicateKey, type ChatModels, type MessageDoc } from "./models.ts";
import { toMessage } from "./mappers.ts";

const oid = (id: string) => new Types.ObjectId(id);

export interface NewMessage {
  roomId: string;
  senderId: string;
  senderRole: Role;
  clientMessageId: string;
  content: string;
  attachments: Attachment[];
  createdAt: Date;
}

export interface PageQuery {
  before?: string | undefined;
  after?: string | undefined;
  limit: number;
}

/** Messages in MongoDB. The only code that knows how messages are stored. */
export class MessageRepository {
  constructor(private readonly models: ChatModels) {}

  async findById(id: string): Promise<Message | null> {
    const doc = await this.models.Message.findById(oid(id)).lean<MessageDoc>();
    return doc ? toMessage(doc) : null;
  }

  async findByClientId(senderId: string, clientMessageId: string): Promise<Message | null> {
    const doc = await this.models.Message.findOne({ senderId, clientMessageId }).lean<MessageDoc>();
    return doc ? toMessage(doc) : null;
  }

  /**
   * Stores a message once. A concurrent retry with the same (senderId, clientMessageId)
   * hits the unique index; then the stored one is returned with `created: false`.
   */
  async insertOnce(m: NewMessage): Promise<{ message: Message; created: boolean }> {
    try {
      const doc = await this.models.Message.create({ ...m, roomId: oid(m.roomId), status: "sent" });
      return { message: toMessage(doc.toObject() as MessageDoc), created: true };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const existing = await this.findByClientId(m.senderId, m.clientMessageId);
      if (!existing) throw err;
      return { message: existing, created: false };
    }
  }

  /**
   * One page of a room's history in ascending (createdAt, id) order. Without a cursor:
   * the newest `limit`. `before`: the `limit` just older than the cursor; `after`: the
   * `limit` just newer. `hasMore` says whether more exist beyond the page in the
   * direction of travel. Returns null when the cursor is not a message of this room.
   */
  async page(roomId: string, q: PageQuery): Promise<MessagePage | null> {
    const cursorId = q.before ?? q.after;
    const filter: Record<string, unknown> = { roomId: oid(roomId) };
    if (cursorId) {
      const cursor = await this.models.Message.findOne(
        { _id: oid(cursorId), roomId: oid(roomId) },
        { createdAt: 1 },
      ).lean<Pick<MessageDoc, "_id" | "createdAt">>();
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
}
