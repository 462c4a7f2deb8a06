import { Types } from "mongoose";
import { roomPreview, type Message, type Room } from "@switchboard/protocol";
import { toMessage } from "./mappers.ts";
import type { NewMessage } from "./messageRepository.ts";
import type { MessageRepository } from "./messageRepository.ts";
import type { ChatModels, MessageDoc } from "./models.ts";
import type { RoomRepository } from "./roomRepository.ts";

export interface WriteResult {
  message: Message;
  /** The room after this message, or null when the message was stored before (a retry). */
  room: Room | null;
}

/** Stores one message and counts it on its room; the caller holds the room's lock. */
export interface MessageWriter {
  write(message: NewMessage, room: Room): Promise<WriteResult>;
}

/** One insert and one room update per message (`WRITE_BATCHING=off`, and the baseline). */
export class DirectMessageWriter implements MessageWriter {
  constructor(
    private readonly messages: MessageRepository,
    private readonly rooms: RoomRepository,
  ) {}

  async write(message: NewMessage, room: Room): Promise<WriteResult> {
    const stored = await this.messages.insertOnce(message);
    if (!stored.created) return { message: stored.message, room: null };
    const at = new Date(stored.message.createdAt);
    return {
      message: stored.message,
      room: await this.rooms.recordMessage(room.id, roomPreview(stored.message), at),
    };
  }
}

interface Pending {
  message: NewMessage;
  room: Room;
  resolve(result: WriteResult): void;
  reject(err: unknown): void;
}

/**
 * Writes messages and their rooms' counters in batches: the sends that arrive within
 * `windowMs` (or `maxBatch` of them) share one `insertMany` and one `bulkWrite` of room
 * updates, two round trips instead of two per message. Each send still resolves only once
 * both writes are done, so an ACK still means "stored".
 *
 * Callers hold the room's lock (one write per room in flight), which makes the new room
 * state computable here: the room as read under the lock, plus this message.
 */
export class BatchedMessageWriter implements MessageWriter {
  private queue: Pending[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly models: ChatModels,
    private readonly messages: MessageRepository,
    private readonly windowMs = 2,
    private readonly maxBatch = 200,
  ) {}

  write(message: NewMessage, room: Room): Promise<WriteResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ message, room, resolve, reject });
      if (this.queue.length >= this.maxBatch) this.flushNow();
      else this.timer ??= setTimeout(() => this.flushNow(), this.windowMs);
    });
  }

  private flushNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.queue;
    this.queue = [];
    this.flush(batch).catch((err: unknown) => batch.forEach((p) => p.reject(err)));
  }

  private async flush(batch: Pending[]): Promise<void> {
    const docs = batch.map((p) => toDoc(p.message));
    const failed = await this.insert(docs);
    const settled: (WriteResult | Error)[] = [];
    for (const [i, p] of batch.entries()) {
      const err = failed.get(i);
      if (err === undefined) settled.push({ message: toMessage(docs[i]!), room: nextRoom(p) });
      else if (err !== "duplicate") settled.push(new Error(err));
      else {
        const existing = await this.messages.findByClientId(
          p.message.senderId,
          p.message.clientMessageId,
        );
        settled.push(
          existing ? { message: existing, room: null } : new Error("duplicate without original"),
        );
      }
    }
    await this.updateRooms(
      settled.filter((r): r is WriteResult => !(r instanceof Error) && r.room !== null),
    );
    batch.forEach((p, i) => {
      const r = settled[i]!;
      if (r instanceof Error) p.reject(r);
      else p.resolve(r);
    });
  }

  /** Inserts all it can; tells which indexes failed, and whether as duplicates. */
  private async insert(docs: MessageDoc[]): Promise<Map<number, string>> {
    const failed = new Map<number, string>();
    try {
      await this.models.Message.collection.insertMany(docs, { ordered: false });
    } catch (err) {
      const writeErrors = (
        err as { writeErrors?: { index: number; code?: number; errmsg?: string }[] }
      ).writeErrors;
      if (!writeErrors) throw err;
      for (const e of writeErrors)
        failed.set(e.index, e.code === 11000 ? "duplicate" : (e.errmsg ?? "insert failed"));
    }
    return failed;
  }

  private async updateRooms(results: WriteResult[]): Promise<void> {
    if (results.length === 0) return;
    await this.models.Room.collection.bulkWrite(
      results.map(({ message, room }) => {
        const at = new Date(message.createdAt);
        const unread =
          message.senderRole === "customer" ? "unreadCountAdmin" : "unreadCountCustomer";
        return {
          updateOne: {
            filter: { _id: new Types.ObjectId(room!.id) },
            update: {
              $set: {
                lastMessageAt: at,
                activityAt: at,
                updatedAt: at,
                // The preview nextRoom() made for this message's answer: one per message.
                lastMessage: room!.lastMessage ?? null,
              },
              $inc: { [unread]: 1 },
            },
          },
        };
      }),
      { ordered: false },
    );
  }
}

function toDoc(m: NewMessage): MessageDoc {
  return {
    _id: new Types.ObjectId(),
    roomId: new Types.ObjectId(m.roomId),
    senderId: m.senderId,
    senderRole: m.senderRole,
    clientMessageId: m.clientMessageId,
    content: m.content,
    attachments: m.attachments,
    status: "sent",
    createdAt: m.createdAt,
    deliveredAt: null,
    readAt: null,
  } as MessageDoc;
}

/** The room after one more message, as the write makes it (the caller holds its lock). */
function nextRoom({ room, message }: Pending): Room {
  const at = message.createdAt.toISOString();
  const next = { ...room, lastMessageAt: at, updatedAt: at, lastMessage: roomPreview(message) };
  return message.senderRole === "customer"
    ? { ...next, unreadCountAdmin: room.unreadCountAdmin + 1 }
    : { ...next, unreadCountCustomer: room.unreadCountCustomer + 1 };
}
