import type { Types } from "mongoose";
import type { ChatModels } from "./models.ts";

/**
 * Gives messages stored before per-room sequence numbers existed their `seq` (1, 2, … in
 * history order within each room) and their rooms the count, so that the unique
 * (roomId, seq) index can be built. Runs before the indexes at start-up; a database
 * without such messages costs one count. Safe to run again after a crash midway: each
 * room is renumbered from scratch.
 */
export async function numberLegacyMessages(models: ChatModels): Promise<number> {
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
  return legacy.length;
}
