// Baseline (b): the database driver inserting the same message documents one at a time
// (insertOne per message, open-loop at the offered rate), into a collection with the same
// indexes as chat_messages. The storage limit: what the server could at best approach.
// Mode "chain" does per message the three operations Switchboard's send does (room by _id,
// insert, room counters by _id with findOneAndUpdate), one after another: the storage
// path of a send without the server around it.
import mongoose from "mongoose";
import { serve } from "../lib/ipc.ts";

let col: mongoose.mongo.Collection | null = null;
let roomsCol: mongoose.mongo.Collection | null = null;
let rooms: mongoose.Types.ObjectId[] = [];
let mode: "insert" | "chain" = "insert";
let conn: mongoose.Connection | null = null;
let tag = "";
let seq = 0;

serve({
  async connect(a: { uri: string; tag: string; mode?: "insert" | "chain" }) {
    tag = a.tag;
    mode = a.mode ?? "insert";
    conn = await mongoose.createConnection(a.uri).asPromise();
    col = conn.db!.collection("bench_messages");
    roomsCol = conn.db!.collection("bench_rooms");
    rooms = Array.from({ length: 200 }, () => new mongoose.Types.ObjectId());
    if (mode === "chain") {
      await roomsCol.insertMany(
        rooms.map((_id) => ({ _id, status: "open", unreadCountAdmin: 0, lastMessageAt: null })),
      );
    }
    await col.createIndex({ roomId: 1, createdAt: 1, _id: 1 });
    await col.createIndex({ senderId: 1, clientMessageId: 1 }, { unique: true });
    return {};
  },
  async run({ rate, seconds, drainMs }: { rate: number; seconds: number; drainMs: number }) {
    const ack: number[] = [];
    let [sent, acked, failed, ackedInWindow] = [0, 0, 0, 0];
    const start = performance.now();
    const end = start + seconds * 1000;
    const inflight = new Set<Promise<void>>();
    const insert = () => {
      const i = seq++;
      sent++;
      const t0 = performance.now();
      const roomId = rooms[i % rooms.length]!;
      const doc = {
        roomId,
        senderId: `driver-${tag}-${i % rooms.length}`,
        senderRole: "customer",
        clientMessageId: `${tag}-${i}`,
        content: `bench message ${tag}-${i}: the quick brown fox jumps over the lazy dog`,
        attachments: [],
        status: "sent",
        createdAt: new Date(),
        deliveredAt: null,
        readAt: null,
      };
      const chain = async () => {
        await roomsCol!.findOne({ _id: roomId });
        await col!.insertOne(doc);
        await roomsCol!.findOneAndUpdate(
          { _id: roomId },
          { $set: { lastMessageAt: doc.createdAt }, $inc: { unreadCountAdmin: 1 } },
          { returnDocument: "after" },
        );
      };
      const p = (mode === "chain" ? chain() : col!.insertOne(doc))
        .then(
          () => {
            const now = performance.now();
            acked++;
            if (now <= end) ackedInWindow++;
            ack.push(Math.round((now - t0) * 100) / 100);
          },
          () => void failed++,
        )
        .finally(() => inflight.delete(p));
      inflight.add(p);
    };
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const now = Math.min(performance.now(), end);
        const due = Math.floor((rate * (now - start)) / 1000);
        while (sent < due) insert();
        if (now >= end) {
          clearInterval(timer);
          resolve();
        }
      }, 2);
    });
    const drainEnd = performance.now() + drainMs;
    while (inflight.size > 0 && performance.now() < drainEnd)
      await Promise.race([...inflight, new Promise((r) => setTimeout(r, 50))]);
    return {
      sent,
      acked,
      failed,
      timedOut: inflight.size,
      ackedInWindow,
      seconds,
      ack,
      delivered: [],
    };
  },
  async close() {
    await conn?.close();
    return {};
  },
});
