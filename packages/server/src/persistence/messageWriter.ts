import { roomPreview, type Message, type Room } from "@switchboard/protocol";
import {
  toMessageDoc,
  type MessageRepository,
  type NewMessage,
  type StoredMessage,
} from "./messageRepository.ts";
import type { ChatModels, MessageDoc } from "./models.ts";
import {
  nextRoom,
  type CountedMessage,
  type RoomRepository,
  type RoomState,
} from "./roomRepository.ts";
import { toMessage } from "./mappers.ts";
import type { MessageChange, Outbox } from "../services/ports.ts";

/** A message stored and counted on its room: the room as that left it. */
export interface Written {
  message: Message;
  room: Room;
}

/**
 * Stores one message at its place (`seq`) and counts it on its room; the caller holds the
 * room's lock. Two writes, each idempotent (three with webhooks: the outbox in between): the insert (unique by sender and
 * clientMessageId, and by room and place) and the room update (conditional on the room's
 * count). Resolves null when a unique index refused the insert (this send was stored
 * before, or an unfinished earlier send holds the place): the caller finds out which.
 * Rejects when either write failed; the message may then be stored but not yet counted,
 * which the caller's retry, the room's next send or the start-up sweep finishes.
 */
export interface MessageWriter {
  write(message: NewMessage, room: Room): Promise<Written | null>;
}

/** One insert and one room update per message (`WRITE_BATCHING=off`, and the baseline). */
export class DirectMessageWriter implements MessageWriter {
  constructor(
    private readonly messages: MessageRepository,
    private readonly rooms: RoomRepository,
    private readonly outbox?: Outbox,
  ) {}

  async write(message: NewMessage, room: Room): Promise<Written | null> {
    const stored = await this.messages.insert(message);
    if (!stored) return null;
    await this.outbox?.messages([changeOf(stored, room)]);
    const counted = await this.rooms.recordMessage(room.id, countedOf(stored));
    if (counted) return { message: stored.message, room: counted };
    return confirmCounted(stored, await this.rooms.findState(room.id));
  }
}

interface Pending {
  message: NewMessage;
  room: Room;
  resolve(result: Written | null): void;
  reject(err: unknown): void;
}

/**
 * Writes messages and their rooms' counters in batches: the sends that arrive within
 * `windowMs` (or `maxBatch` of them) share one `insertMany` and one `bulkWrite` of room
 * updates, two round trips instead of two per message. Each send still resolves only once
 * both writes are done, so an ACK still means "stored and counted".
 *
 * Callers hold the room's lock (one write per room in flight), which makes the new room
 * state computable here: the room as read under the lock, plus this message.
 */
export class BatchedMessageWriter implements MessageWriter {
  private queue: Pending[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly models: ChatModels,
    private readonly rooms: RoomRepository,
    private readonly outbox?: Outbox,
    private readonly windowMs = 2,
    private readonly maxBatch = 200,
  ) {}

  write(message: NewMessage, room: Room): Promise<Written | null> {
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
    const docs = batch.map((p) => toMessageDoc(p.message));
    const failed = await this.insert(docs);
    const inserted: { p: Pending; stored: StoredMessage }[] = [];
    batch.forEach((p, i) => {
      const err = failed.get(i);
      if (err === undefined)
        inserted.push({ p, stored: { message: toMessage(docs[i]!), seq: p.message.seq } });
      else if (err === "duplicate") p.resolve(null);
      else p.reject(new Error(err));
    });
    if (inserted.length === 0) return;
    // The outbox between the two writes: a counted message always has its events stored.
    await this.outbox?.messages(inserted.map(({ p, stored }) => changeOf(stored, p.room)));
    const counted = inserted.map(({ p, stored }) => ({ room: p.room, counted: countedOf(stored) }));
    // Under the rooms' locks every update matches; only a lost lock makes one miss.
    const rooms = await this.rooms.recordMessages(counted);
    const states = rooms ? null : await this.rooms.findStates(inserted.map(({ p }) => p.room.id));
    inserted.forEach(({ p, stored }, i) => {
      if (rooms) return p.resolve({ message: stored.message, room: rooms[i]! });
      try {
        p.resolve(confirmCounted(stored, states!.get(p.room.id) ?? null));
      } catch (err) {
        p.reject(err);
      }
    });
  }

  /**
   * Inserts all it can; tells which indexes failed, and whether as duplicates. Throws when
   * the outcome of any document is unknown: the driver reports a lost connection or a
   * refused command as a bulk-write error with an empty `writeErrors` list, which must not
   * read as "nothing failed" (a message would be counted, and ACKed, unstored).
   */
  private async insert(docs: MessageDoc[]): Promise<Map<number, string>> {
    const failed = new Map<number, string>();
    try {
      const { insertedCount } = await this.models.Message.collection.insertMany(docs, {
        ordered: false,
      });
      if (insertedCount !== docs.length)
        throw new Error(`insertMany stored ${insertedCount} of ${docs.length} messages`);
    } catch (err) {
      const { writeErrors, result } = err as {
        writeErrors?: { index: number; code?: number; errmsg?: string }[];
        result?: { insertedCount?: number };
      };
      const accounted =
        writeErrors !== undefined &&
        writeErrors.length > 0 &&
        (result?.insertedCount ?? -1) + writeErrors.length === docs.length;
      if (!accounted) throw err;
      for (const e of writeErrors)
        failed.set(e.index, e.code === 11000 ? "duplicate" : (e.errmsg ?? "insert failed"));
    }
    return failed;
  }
}

/** A stored message and its room before and after counting it (for the outbox). */
export function changeOf(stored: StoredMessage, before: Room): MessageChange {
  return {
    message: stored.message,
    seq: stored.seq,
    before,
    after: nextRoom(before, countedOf(stored)),
  };
}

/** What a room records of a stored message when it counts it. */
export function countedOf({ message, seq }: StoredMessage): CountedMessage {
  return {
    id: message.id,
    roomId: message.roomId,
    seq,
    senderRole: message.senderRole,
    kind: message.kind ?? "message",
    activity: message.activity,
    createdAt: new Date(message.createdAt),
    preview: roomPreview(message),
    read: message.status === "read",
  };
}

/**
 * After a room update that did not match: the message is counted when its room's count
 * reached its place (a place is only ever taken after every earlier one was counted).
 */
export function confirmCounted(stored: StoredMessage, state: RoomState | null): Written {
  if (state && state.seq >= stored.seq) return { message: stored.message, room: state.room };
  throw new Error(`message ${stored.message.id} is stored but its room did not count it`);
}
