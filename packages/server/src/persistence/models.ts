import { Schema, type Connection, type InferSchemaType, type Model, type Types } from "mongoose";

// Only features that both MongoDB 6+ and FerretDB 1.24 support: plain and compound
// unique indexes, no partial/sparse indexes, no transactions, no change streams.

const attachmentSchema = new Schema(
  { url: String, name: String, size: Number, mimeType: String },
  { _id: false },
);

const roomSchema = new Schema(
  {
    customerId: { type: String, required: true },
    adminId: { type: String, default: null },
    status: { type: String, enum: ["open", "closed"], required: true },
    // "One open room per customer" is enforced by the database, not by a lock: an open
    // room's openKey is its customerId, a closed room's is its own id. A unique index on
    // it admits exactly one open room per customer, on any number of nodes.
    openKey: { type: String, required: true },
    lastMessageAt: { type: Date, default: null },
    // lastMessageAt, or createdAt for a room without messages: list-rooms sorts on it.
    activityAt: { type: Date, required: true },
    unreadCountCustomer: { type: Number, default: 0 },
    unreadCountAdmin: { type: Number, default: 0 },
  },
  { timestamps: true, versionKey: false },
);
roomSchema.index({ openKey: 1 }, { unique: true });
roomSchema.index({ status: 1, activityAt: -1, _id: -1 });
roomSchema.index({ customerId: 1, createdAt: 1 });

const messageSchema = new Schema(
  {
    roomId: { type: Schema.Types.ObjectId, required: true },
    senderId: { type: String, required: true },
    senderRole: { type: String, enum: ["customer", "admin"], required: true },
    clientMessageId: { type: String, required: true },
    content: { type: String, default: "" },
    attachments: { type: [attachmentSchema], default: [] },
    status: { type: String, enum: ["sent", "delivered", "read"], default: "sent" },
    createdAt: { type: Date, required: true },
    deliveredAt: { type: Date, default: null },
    readAt: { type: Date, default: null },
  },
  { versionKey: false },
);
// History and cursors: every list is ordered by (createdAt, _id) within a room.
messageSchema.index({ roomId: 1, createdAt: 1, _id: 1 });
// Idempotent sends: the same sender's clientMessageId is stored once.
messageSchema.index({ senderId: 1, clientMessageId: 1 }, { unique: true });

export type RoomDoc = InferSchemaType<typeof roomSchema> & {
  _id: Types.ObjectId;
};
export type MessageDoc = InferSchemaType<typeof messageSchema> & {
  _id: Types.ObjectId;
};

export interface ChatModels {
  Room: Model<RoomDoc>;
  Message: Model<MessageDoc>;
}

/** Registers the models on a connection (the host's, when embedded) and builds their indexes. */
export async function createModels(connection: Connection): Promise<ChatModels> {
  const Room = (connection.models.ChatRoom ??
    connection.model("ChatRoom", roomSchema, "chat_rooms")) as unknown as Model<RoomDoc>;
  const Message = (connection.models.ChatMessage ??
    connection.model(
      "ChatMessage",
      messageSchema,
      "chat_messages",
    )) as unknown as Model<MessageDoc>;
  // Unique indexes carry correctness (one open room, idempotent sends): they must exist
  // before the first event is handled, so build them here rather than lazily.
  await Promise.all([Room.createIndexes(), Message.createIndexes()]);
  return { Room, Message };
}

/** MongoDB's duplicate-key error, on MongoDB and FerretDB alike. */
export function isDuplicateKey(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === 11000;
}
