import { Types } from "mongoose";
import type { ChatModels, EmailJobDoc } from "./models.ts";

const oid = (id: string) => new Types.ObjectId(id);

/** A room's email state (see models.ts `emailJobSchema`). */
export interface EmailJob {
  roomId: string;
  pending: boolean;
  dueAt: Date | null;
  emailedUpTo: Date | null;
  scheduled: number;
  attempts: number;
  /** An emailed transcript (extension): due at this time, null when none waits. */
  transcriptDueAt: Date | null;
  /** Where the transcript goes (the room's customer's stored address). */
  transcriptTo: string | null;
  /** When the transcript was last asked for. */
  transcriptRequestedAt: Date | null;
  transcriptAttempts: number;
}

const toJob = (d: EmailJobDoc): EmailJob => ({
  roomId: d._id.toHexString(),
  pending: d.pending ?? false,
  dueAt: d.dueAt ?? null,
  emailedUpTo: d.emailedUpTo ?? null,
  scheduled: d.scheduled ?? 0,
  attempts: d.attempts ?? 0,
  transcriptDueAt: d.transcriptDueAt ?? null,
  transcriptTo: d.transcriptTo ?? null,
  transcriptRequestedAt: d.transcriptRequestedAt ?? null,
  transcriptAttempts: d.transcriptAttempts ?? 0,
});

/** The email queue: one small document per room with a customer email. */
export class EmailJobRepository {
  constructor(private readonly models: ChatModels) {}

  async find(roomId: string): Promise<EmailJob | null> {
    const doc = await this.models.EmailJob.findById(oid(roomId)).lean<EmailJobDoc>();
    return doc ? toJob(doc) : null;
  }

  /** The rooms whose email (a burst's, or a transcript) is due by `now`. */
  async due(now: Date, limit: number): Promise<string[]> {
    const docs = await this.models.EmailJob.find(
      { $or: [{ pending: true, dueAt: { $lte: now } }, { transcriptDueAt: { $lte: now } }] },
      { _id: 1 },
    )
      .sort({ dueAt: 1 }) // a transcript-only job (dueAt null) first: someone is waiting for it
      .limit(limit)
      .lean<{ _id: Types.ObjectId }[]>();
    return docs.map((d) => d._id.toHexString());
  }

  /** The earliest due time of any pending job or transcript (the worker's next wake-up). */
  async nextDue(): Promise<Date | null> {
    const [burst, transcript] = await Promise.all([
      this.models.EmailJob.findOne({ pending: true }, { dueAt: 1 })
        .sort({ dueAt: 1 })
        .lean<{ dueAt: Date | null }>(),
      this.models.EmailJob.findOne({ transcriptDueAt: { $ne: null } }, { transcriptDueAt: 1 })
        .sort({ transcriptDueAt: 1 })
        .lean<{ transcriptDueAt: Date | null }>(),
    ]);
    const times = [burst?.dueAt, transcript?.transcriptDueAt].filter((d): d is Date => !!d);
    return times.length ? new Date(Math.min(...times.map((d) => d.getTime()))) : null;
  }

  /** Writes the job's fields (callers hold the room's email lock). */
  async save(
    roomId: string,
    fields: Partial<Omit<EmailJob, "roomId">> & { lastError?: string | null },
  ): Promise<void> {
    await this.models.EmailJob.updateOne(
      { _id: oid(roomId) },
      { $set: { ...fields, updatedAt: new Date() } },
      { upsert: true },
    );
  }
}
