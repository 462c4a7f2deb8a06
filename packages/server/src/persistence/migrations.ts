import type { Types } from "mongoose";
import type { ChatModels } from "./models.ts";

/**
 * Gives messages stored before per-room sequence numbers existed their `seq` (1, 2, … in
 * history order within each room) and their rooms the count, so that the unique
 * (roomId, seq) index can be built. Runs before the indexes at start-up, once: when done it
 * leaves a mark in `chat_migrations`, and a start that finds the mark reads one document
 * (before, each start scanned `chat_rooms` and `chat_messages`, which no index serves:
 * 0.66 s of a 1.7-s start at 5,000 rooms on FerretDB, and a full collection scan on
 * MongoDB). Safe to run again after a crash midway: each room is renumbered from scratch,
 * and the mark is left only after the last one.
 */
export async function numberLegacyMessages(models: ChatModels): Promise<number> {
  const marks = models.Room.db.collection<{ _id: string; at: Date }>(MIGRATIONS_COLLECTION);
  if (await marks.findOne({ _id: NUMBERED })) return 0;
  await models.Room.updateMany({ seq: { $exists: false } }, { $set: { seq: 0 } });
  const legacy = await models.Message.find({ seq: { $exists: false } }, { roomId: 1 }).lean<
    { roomId: Types.ObjectId }[]
  >();
  const roomIds = [...new Set(legacy.map((m) => m.roomId.toHexString()))];
  for (const roomId of roomIds) {
    const messages = await models.Message.find({ roomId }, { _id: 1 })
      .sort({ createdAt: 1, _id: 1 })
      .lean<{ _id: Types.ObjectId }[]>();
    // The room's count first: a crash before the messages are numbered leaves them legacy,
    // and the next start numbers them again; the other order would leave a room behind its
    // numbered messages, which the sweep would then count a second time.
    const last = messages.at(-1)?._id ?? null;
    await models.Room.updateOne(
      { _id: roomId },
      { $set: { seq: messages.length, lastMessageId: last } },
    );
    await models.Message.bulkWrite(
      messages.map((m, i) => ({
        updateOne: { filter: { _id: m._id }, update: { $set: { seq: i + 1 } } },
      })),
    );
  }
  await marks.updateOne({ _id: NUMBERED }, { $set: { at: new Date() } }, { upsert: true });
  return legacy.length;
}

/** Where finished one-time migrations leave their mark (one document each). */
const MIGRATIONS_COLLECTION = "chat_migrations";
const NUMBERED = "message-seq";
