import { randomBytes } from "node:crypto";
import mongoose from "mongoose";
import { afterAll, expect, inject, it } from "vitest";
import { createModels } from "../src/persistence/models.ts";

// Data written before messages had a place in their room (`seq`): start-up numbers them in
// history order and gives each room its count, so the unique (roomId, seq) index builds
// and the next send takes the next place.
const connection = await mongoose
  .createConnection(inject("mongoUri") + `sb_${randomBytes(6).toString("hex")}`)
  .asPromise();
afterAll(() => connection.close());

it("numbers legacy messages per room in history order and counts them on their room", async () => {
  const rooms = connection.collection("chat_rooms");
  const messages = connection.collection("chat_messages");
  const [a, b] = [new mongoose.Types.ObjectId(), new mongoose.Types.ObjectId()];
  const empty = new mongoose.Types.ObjectId();
  await rooms.insertMany([a, b, empty].map((_id) => ({ _id, customerId: String(_id) })));
  const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
  const legacy = (roomId: mongoose.Types.ObjectId, s: number, cid: string) => ({
    _id: new mongoose.Types.ObjectId(),
    roomId,
    senderId: "u",
    clientMessageId: cid,
    createdAt: at(s),
  });
  const docs = [legacy(a, 3, "a3"), legacy(b, 1, "b1"), legacy(a, 1, "a1"), legacy(a, 2, "a2")];
  await messages.insertMany(docs);

  await createModels(connection);

  const numbered = await messages.find({}, { sort: { clientMessageId: 1 } }).toArray();
  expect(numbered.map((m) => [m.clientMessageId, m.seq])).toEqual([
    ["a1", 1],
    ["a2", 2],
    ["a3", 3],
    ["b1", 1],
  ]);
  expect(await rooms.findOne({ _id: a })).toMatchObject({ seq: 3, lastMessageId: docs[0]!._id });
  expect(await rooms.findOne({ _id: b })).toMatchObject({ seq: 1 });
  expect(await rooms.findOne({ _id: empty })).toMatchObject({ seq: 0 });
  // The place index exists and holds: a second message at a taken place is refused.
  await expect(messages.insertOne({ ...legacy(a, 9, "a9"), seq: 3 })).rejects.toMatchObject({
    code: 11000,
  });
});

it("runs once: a later start finds its mark and reads no messages", async () => {
  await createModels(connection); // done above, or now on this database
  expect(
    await connection.collection("chat_migrations").findOne({ _id: "message-seq" as never }),
  ).toMatchObject({
    at: expect.any(Date),
  });
  // A message without a place now could only come from a node older than the mark; the
  // start no longer looks for one.
  const late = new mongoose.Types.ObjectId();
  const roomId = new mongoose.Types.ObjectId();
  await connection.collection("chat_messages").insertOne({
    _id: late,
    roomId,
    senderId: "late",
    clientMessageId: "late",
    createdAt: new Date(),
  });
  await createModels(connection);
  expect(await connection.collection("chat_messages").findOne({ _id: late })).not.toHaveProperty(
    "seq",
  );
});
