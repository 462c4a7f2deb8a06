import { Types } from "mongoose";
import type { CannedResponse } from "@switchboard/protocol";
import { isDuplicateKey, type CannedResponseDoc, type ChatModels } from "./models.ts";

const toCanned = (d: CannedResponseDoc): CannedResponse => ({
  id: d._id.toHexString(),
  shortcode: d.shortcode,
  title: d.title || d.shortcode, // an emptied title (PATCH "  ") reads as the shortcode
  content: d.content,
});

/** What a write of a canned response found. */
export type CannedWrite = CannedResponse | "taken" | "missing";

/** Canned responses in MongoDB (contract v2). The only code that knows how they are stored. */
export class CannedResponseRepository {
  constructor(private readonly models: ChatModels) {}

  /** All of them, by shortcode (a team keeps tens, not thousands). */
  async list(): Promise<CannedResponse[]> {
    const docs = await this.models.CannedResponse.find({})
      .sort({ shortcode: 1 })
      .lean<CannedResponseDoc[]>();
    return docs.map(toCanned);
  }

  /** Stores a new one; `"taken"` when its shortcode is (the unique index decides). */
  async create(
    fields: { shortcode: string; title: string; content: string },
    by: string,
  ): Promise<CannedWrite> {
    const now = new Date();
    const doc = {
      _id: new Types.ObjectId(),
      ...fields,
      createdBy: by,
      createdAt: now,
      updatedAt: now,
    } as CannedResponseDoc;
    try {
      await this.models.CannedResponse.collection.insertOne(doc);
      return toCanned(doc);
    } catch (err) {
      if (isDuplicateKey(err)) return "taken";
      throw err;
    }
  }

  /** Changes the given fields; `"missing"` without such an id, `"taken"` for a taken shortcode. */
  async update(
    id: string,
    fields: {
      shortcode?: string | undefined;
      title?: string | undefined;
      content?: string | undefined;
    },
  ): Promise<CannedWrite> {
    if (!Types.ObjectId.isValid(id)) return "missing";
    const set = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    try {
      const doc = await this.models.CannedResponse.findOneAndUpdate(
        { _id: new Types.ObjectId(id) },
        { $set: { ...set, updatedAt: new Date() } },
        { new: true },
      ).lean<CannedResponseDoc>();
      return doc ? toCanned(doc) : "missing";
    } catch (err) {
      // MongoDB says 11000; FerretDB 1.24 answers an update that breaks a unique index with
      // an InternalError (code 1, "UNIQUE constraint failed") and changes nothing. Either way
      // the shortcode is taken when another response holds it.
      if (isDuplicateKey(err) || (set.shortcode && (await this.heldByAnother(id, set.shortcode))))
        return "taken";
      throw err;
    }
  }

  private async heldByAnother(id: string, shortcode: unknown): Promise<boolean> {
    const other = await this.models.CannedResponse.exists({
      shortcode,
      _id: { $ne: new Types.ObjectId(id) },
    });
    return other !== null;
  }

  /** Deletes it; false when there was none. */
  async remove(id: string): Promise<boolean> {
    if (!Types.ObjectId.isValid(id)) return false;
    const { deletedCount } = await this.models.CannedResponse.deleteOne({
      _id: new Types.ObjectId(id),
    });
    return deletedCount === 1;
  }
}
