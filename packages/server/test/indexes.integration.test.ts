import { Types } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, openRoom, type Harness } from "./support.ts";

let h: Harness;
let roomId: string;
beforeAll(async () => {
  h = await createHarness();
  const s = await h.connect("ix-owner");
  roomId = await openRoom(h, s);
  await h.call(s, "send-message", { roomId, clientMessageId: "ix1", content: "x" });
});
afterAll(() => h.close());

const keysOf = async (collection: string) =>
  (await h.db.collection(collection).indexes()).map((i) => ({
    key: i.key,
    unique: i.unique ?? false,
  }));

describe("indexes", () => {
  it("exist for history, idempotency, one open room and the room list", async () => {
    expect(await keysOf("chat_webhook_deliveries")).toEqual(
      expect.arrayContaining([{ key: { roomId: 1, url: 1, status: 1, seq: 1 }, unique: false }]),
    );
    expect(await keysOf("chat_messages")).toEqual(
      expect.arrayContaining([
        { key: { roomId: 1, createdAt: 1, _id: 1 }, unique: false },
        { key: { senderId: 1, clientMessageId: 1 }, unique: true },
      ]),
    );
    expect(await keysOf("chat_rooms")).toEqual(
      expect.arrayContaining([
        { key: { openKey: 1 }, unique: true },
        { key: { status: 1, activityAt: -1, _id: -1 }, unique: false },
        { key: { "rating.at": 1 }, unique: false },
      ]),
    );
  });

  it("serve the history query on MongoDB (FerretDB 1.x scans: in Go on SQLite, in PostgreSQL there)", async () => {
    const plan = await h.db
      .collection("chat_messages")
      .find({ roomId: new Types.ObjectId(roomId) })
      .sort({ createdAt: -1, _id: -1 })
      .limit(51)
      .explain();
    if (plan.serverInfo?.ferretdbVersion) {
      // FerretDB's SQLite handler pushes down only `{ _id }` filters: the send path is built
      // on `_id` lookups and inserts for that reason (docs/operations.md). Its PostgreSQL
      // handler (FERRETDB_POSTGRESQL_URL) filters in PostgreSQL (a JSONB scan, no index).
      const onPostgres = Boolean(process.env.FERRETDB_POSTGRESQL_URL); // as scripts/db.mjs chose
      expect(plan.filterPushdown).toBe(onPostgres);
    } else {
      const text = JSON.stringify(plan.queryPlanner.winningPlan);
      expect(text).toContain("IXSCAN");
      expect(text).toContain("roomId_1_createdAt_1__id_1");
      expect(text).not.toContain('"SORT"');
    }
  });
});
