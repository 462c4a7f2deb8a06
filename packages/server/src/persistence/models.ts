import { numberLegacyMessages } from "./migrations.ts";
import { Schema, type Connection, type InferSchemaType, type Model, type Types } from "mongoose";

// Only features that both MongoDB 6+ and FerretDB 1.24 support: plain and compound
// unique indexes, no partial/sparse indexes, no transactions, no change streams.

const attachmentSchema = new Schema(
  { url: String, name: String, size: Number, mimeType: String },
  { _id: false },
);

// A room's newest message in short (RoomPreview), for inbox rows.
const previewSchema = new Schema(
  { senderRole: String, text: String, attachments: Number },
  { _id: false },
);

// A customer's rating of a closed chat (contract v2 `rate-chat`).
const ratingSchema = new Schema({ score: Number, comment: String, at: Date }, { _id: false });

const roomSchema = new Schema(
  {
    customerId: { type: String, required: true },
    // The token's `name` when the room was opened, for the agent's customer panel.
    customerName: { type: String, default: null },
    adminId: { type: String, default: null },
    status: { type: String, enum: ["open", "closed"], required: true },
    // "One open room per customer" is enforced by the database, not by a lock: an open
    // room's openKey is its customerId, a closed room's is its own id. A unique index on
    // it admits exactly one open room per customer, on any number of nodes.
    openKey: { type: String, required: true },
    lastMessageAt: { type: Date, default: null },
    lastMessage: { type: previewSchema, default: null },
    // The newest message's id that is not a note (contract v2 `lastMessageId`): what a
    // customer's resync compares with.
    lastMessageId: { type: Schema.Types.ObjectId, default: null },
    // The newest message of any kind, notes too (internal): an agent's resync compares with
    // it, and the next message is stamped after its time (see stampAfter).
    lastEntryId: { type: Schema.Types.ObjectId, default: null },
    lastEntryAt: { type: Date, default: null },
    // Contract v2: labels (set-labels), the customer's email (set-contact), the rating.
    labels: { type: [String], default: [] },
    customerEmail: { type: String, default: null },
    rating: { type: ratingSchema, default: null },
    // How many messages this room has counted: the `seq` of its newest counted message.
    // A send's room update is conditional on it (`seq: message.seq - 1`), which makes the
    // update idempotent and lets a retry, the room's next send or the start-up sweep finish
    // a send whose message was stored but whose room update failed (see messageWriter.ts).
    seq: { type: Number, default: 0 },
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
// The satisfaction figures of /api/chat/stats (rooms rated since a date); sparse: most rooms
// are never rated.
roomSchema.index({ "rating.at": 1 }, { sparse: true });

// What an activity message records (MessageActivity): the room change its write made.
const activitySchema = new Schema(
  {
    type: { type: String },
    by: String,
    adminId: String,
    fromAdminId: String,
    score: Number,
    comment: String,
    byName: String,
    adminName: String,
    fromAdminName: String,
  },
  { _id: false },
);

const messageSchema = new Schema(
  {
    roomId: { type: Schema.Types.ObjectId, required: true },
    senderId: { type: String, required: true },
    senderRole: { type: String, enum: ["customer", "admin"], required: true },
    clientMessageId: { type: String, required: true },
    // Contract v2: "message", "note" (agents only) or "activity" (written by the server).
    kind: { type: String, enum: ["message", "note", "activity"], default: "message" },
    // On activities only (absent on other messages: nothing to store per message).
    activity: { type: activitySchema, default: undefined },
    content: { type: String, default: "" },
    attachments: { type: [attachmentSchema], default: [] },
    status: { type: String, enum: ["sent", "delivered", "read"], default: "sent" },
    createdAt: { type: Date, required: true },
    deliveredAt: { type: Date, default: null },
    readAt: { type: Date, default: null },
    // The message's place in its room: its room's `seq` + 1 when it was written.
    seq: { type: Number, required: true },
    // Text search: the content lower-cased, its first 600 UTF-16 units ("" on activities,
    // which search skips), matched with a case-sensitive regex that an index can serve.
    // Absent on messages stored before it existed; search matches those on `content` instead
    // (no migration needed).
    searchText: { type: String, default: undefined },
    // True when `searchText` holds only the start of the text (SEARCH_KEY_MAX).
    searchLong: { type: Boolean, default: undefined },
    // An agent's display name when they sent it (absent without one): customers see it.
    senderName: { type: String, default: undefined },
  },
  { versionKey: false },
);
// One message per place in a room: a send that finds its place taken learns that an
// earlier send into the room is unfinished, finishes it first, and takes the next place.
messageSchema.index({ roomId: 1, seq: 1 }, { unique: true });
// History and cursors: every list is ordered by (createdAt, _id) within a room.
messageSchema.index({ roomId: 1, createdAt: 1, _id: 1 });
// Idempotent sends: the same sender's clientMessageId is stored once.
messageSchema.index({ senderId: 1, clientMessageId: 1 }, { unique: true });
// Text search on MongoDB: the regex is checked against the index's keys (no document is
// read unless it matches), and the planner may walk `_id` instead for a frequent word.
messageSchema.index({ searchText: 1 });
// The few messages longer than their searchText, matched on their content.
messageSchema.index({ searchLong: 1 }, { sparse: true });

const uploadSchema = new Schema(
  {
    ownerId: { type: String, required: true },
    storageKey: { type: String, required: true },
    name: { type: String, required: true },
    size: { type: Number, required: true },
    mimeType: { type: String, required: true },
    // Set when a message first carries the file; from then on the room's members may read it.
    roomId: { type: Schema.Types.ObjectId, default: null },
    // Who of the room may read it: "agents" while only notes carry it, "all" once a message
    // the customer sees does. Unset on files bound before notes existed: read as "all".
    audience: { type: String, enum: ["agents", "all"], default: null },
    // The unguessable half of the file's URL (32 hex digits); null on files uploaded before
    // URLs carried one, whose URL is the bare id.
    secret: { type: String, default: null },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);

const deviceSchema = new Schema(
  {
    token: { type: String, required: true },
    userId: { type: String, required: true },
    platform: { type: String, enum: ["ios", "android", "web"], required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
// A device token belongs to one user at a time: re-registering moves it.
deviceSchema.index({ token: 1 }, { unique: true });
deviceSchema.index({ userId: 1 });

// Contract v2: replies agents reuse by shortcode; a unique index makes a taken one CONFLICT.
const cannedResponseSchema = new Schema(
  {
    shortcode: { type: String, required: true },
    title: { type: String, required: true },
    content: { type: String, required: true },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
cannedResponseSchema.index({ shortcode: 1 }, { unique: true });

// Contract v2: every agent who ever connected (the directory assignment picks from), with
// their availability for routing. One document per agent: a team has tens, not thousands.
const agentSchema = new Schema(
  {
    agentId: { type: String, required: true },
    name: { type: String, default: null },
    availability: { type: String, enum: ["online", "away"], default: "online" },
    lastRoutedAt: { type: Date, default: null },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
agentSchema.index({ agentId: 1 }, { unique: true });

// Contract v2 email continuity: one document per room whose customer left an email, keyed
// by the room's id. `pending`: agent messages may wait to be emailed, due at `dueAt`;
// `emailedUpTo`: the newest message already considered (emailed, or seen delivered), so that
// none is emailed twice; `scheduled` counts schedules, so a send can tell one came meanwhile.
// `transcript*` (an extension beyond the contract): a transcript someone asked to have
// emailed, due at `transcriptDueAt` (null once sent), to `transcriptTo`; `transcriptRequestedAt`
// makes a second request soon after the first send nothing more.
const emailJobSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    pending: { type: Boolean, default: false },
    dueAt: { type: Date, default: null },
    emailedUpTo: { type: Date, default: null },
    scheduled: { type: Number, default: 0 },
    attempts: { type: Number, default: 0 },
    lastError: { type: String, default: null },
    transcriptDueAt: { type: Date, default: null },
    transcriptTo: { type: String, default: null },
    transcriptRequestedAt: { type: Date, default: null },
    transcriptAttempts: { type: Number, default: 0 },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

// Contract v2 webhooks: the outbox. One document per (event, receiver URL), written before
// the ACK of the change (in the batched write of the message that records it). `_id` is
// `<event id>.<url key>`, so writing an event twice (a retried send) stores it once. `seq`
// is the event's place in its room (the message's `seq`; 0 for room.created): a room's
// events are delivered to a URL in that order. `body` is the exact JSON that is signed and
// sent, the same on every attempt. Delivered rows are deleted after an hour.
const webhookDeliverySchema = new Schema(
  {
    _id: { type: String, required: true },
    eventId: { type: String, required: true },
    type: { type: String, required: true },
    roomId: { type: String, required: true },
    seq: { type: Number, required: true },
    url: { type: String, required: true },
    body: { type: String, required: true },
    status: { type: String, enum: ["pending", "delivered", "failed"], required: true },
    attempts: { type: Number, default: 0 },
    nextAt: { type: Date, required: true },
    queuedAt: { type: Date, required: true },
    /** The first attempt: the retry window (24 h) counts from it. */
    firstAttemptAt: { type: Date, default: null },
    deliveredAt: { type: Date, default: null },
    lastError: { type: String, default: null },
  },
  { versionKey: false },
);

// The worker's sweep (pending rows by id, a page at a time), the deliveries list (newest
// first), and the check of rooms' pending rows (in seq order; also erasure by room).
webhookDeliverySchema.index({ status: 1, _id: -1 });
webhookDeliverySchema.index({ roomId: 1, url: 1, status: 1, seq: 1 });

// Which node delivers webhooks (when Redis is not configured): one document, a lease.
const webhookLeaseSchema = new Schema(
  {
    _id: { type: String, required: true },
    holder: { type: String, required: true },
    until: { type: Date, required: true },
  },
  { versionKey: false },
);

export type RoomDoc = InferSchemaType<typeof roomSchema> & {
  _id: Types.ObjectId;
};
export type MessageDoc = InferSchemaType<typeof messageSchema> & {
  _id: Types.ObjectId;
};

export type UploadDoc = InferSchemaType<typeof uploadSchema> & { _id: Types.ObjectId };
export type DeviceDoc = InferSchemaType<typeof deviceSchema> & { _id: Types.ObjectId };
export type AgentDoc = InferSchemaType<typeof agentSchema> & { _id: Types.ObjectId };
export type EmailJobDoc = InferSchemaType<typeof emailJobSchema> & { _id: Types.ObjectId };
export type WebhookDeliveryDoc = InferSchemaType<typeof webhookDeliverySchema> & { _id: string };
export type WebhookLeaseDoc = InferSchemaType<typeof webhookLeaseSchema> & { _id: string };
export type CannedResponseDoc = InferSchemaType<typeof cannedResponseSchema> & {
  _id: Types.ObjectId;
};

export interface ChatModels {
  Room: Model<RoomDoc>;
  Message: Model<MessageDoc>;
  Upload: Model<UploadDoc>;
  Device: Model<DeviceDoc>;
  CannedResponse: Model<CannedResponseDoc>;
  Agent: Model<AgentDoc>;
  EmailJob: Model<EmailJobDoc>;
  WebhookDelivery: Model<WebhookDeliveryDoc>;
  WebhookLease: Model<WebhookLeaseDoc>;
}

function model<T>(
  connection: Connection,
  name: string,
  schema: Schema,
  collection: string,
): Model<T> {
  return (connection.models[name] ??
    connection.model(name, schema, collection)) as unknown as Model<T>;
}

/** Registers the models on a connection (the host's, when embedded) and builds their indexes. */
export async function createModels(connection: Connection): Promise<ChatModels> {
  const models: ChatModels = {
    Room: model<RoomDoc>(connection, "ChatRoom", roomSchema, "chat_rooms"),
    Message: model<MessageDoc>(connection, "ChatMessage", messageSchema, "chat_messages"),
    Upload: model<UploadDoc>(connection, "ChatUpload", uploadSchema, "chat_uploads"),
    Device: model<DeviceDoc>(connection, "ChatDevice", deviceSchema, "chat_devices"),
    CannedResponse: model<CannedResponseDoc>(
      connection,
      "ChatCannedResponse",
      cannedResponseSchema,
      "chat_canned_responses",
    ),
    Agent: model<AgentDoc>(connection, "ChatAgent", agentSchema, "chat_agents"),
    EmailJob: model<EmailJobDoc>(connection, "ChatEmailJob", emailJobSchema, "chat_email_jobs"),
    WebhookDelivery: model<WebhookDeliveryDoc>(
      connection,
      "ChatWebhookDelivery",
      webhookDeliverySchema,
      "chat_webhook_deliveries",
    ),
    WebhookLease: model<WebhookLeaseDoc>(
      connection,
      "ChatWebhookLease",
      webhookLeaseSchema,
      "chat_webhook_leases",
    ),
  };
  await numberLegacyMessages(models);
  // Unique indexes carry correctness (one open room, idempotent sends, one message per
  // place in a room): they must exist before the first event is handled, so build them
  // here rather than lazily.
  await Promise.all(Object.values(models).map((m: Model<unknown>) => m.createIndexes()));
  return models;
}

/** MongoDB's duplicate-key error, on MongoDB and FerretDB alike. */
export function isDuplicateKey(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === 11000;
}
