// The `history` scenario's data: rooms and messages written straight through the driver in
// batches, in the shape the server writes them (packages/server/src/persistence/models.ts
// and messageWriter.ts): every message at its place in its room (`seq`), every room with its
// count (`seq`), newest message (`lastMessageId`, `lastMessageAt`, `lastMessage`), activity
// time and unread counts. Setup, not measured (its rate is printed as the insert baseline).
import mongoose from "mongoose";
import { roomPreview } from "@switchboard/protocol";

const { ObjectId } = mongoose.Types;
type Db = mongoose.mongo.Db;
type Oid = mongoose.Types.ObjectId;

const BATCH = 1000;
const AGENTS = 10;
const PHRASES = [
  "Hi, I ordered a jacket last week and it has not arrived yet.",
  "Could you give me the order number, please?",
  "Sure, it is 48213.",
  "Thanks! I can see it left our warehouse on Monday.",
  "The tracking page says it is stuck in Lyon.",
  "I have asked the carrier; they will deliver it tomorrow.",
  "Can I change the size to M instead?",
  "Of course, I will send you a return label by email.",
  "Is the discount code still valid?",
  "Yes, until the end of the month.",
  "Great, thank you for your help!",
  "You are welcome. Anything else I can do for you?",
];

/** A room as the seed keeps it between phases (what its document says). */
export interface SeedRoom {
  _id: Oid;
  index: number;
  customerId: string;
  adminId: string;
  open: boolean;
  createdAt: Date;
  seq: number;
  last: { _id: Oid; createdAt: Date; preview: ReturnType<typeof roomPreview> } | null;
  unreadCountAdmin: number;
  unreadCountCustomer: number;
}

/** Deterministic pseudo-random numbers (mulberry32): runs compare like with like. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `small` rooms (one in five open, the rest closed) and one open "big" room. Room 0 is the
 * big room. Each {@link grow} adds messages up to a total, spread over the rooms.
 */
export class HistorySeed {
  readonly rooms: SeedRoom[];
  private readonly random = prng(42);
  private messages = 0;

  constructor(
    private readonly db: Db,
    small: number,
    private readonly bigRoom: number,
    createdAt: Date,
  ) {
    this.rooms = Array.from({ length: small + 1 }, (_, i) => ({
      _id: new ObjectId(),
      index: i,
      customerId: `hist-c${i}`,
      adminId: `hist-agent-${i % AGENTS}`,
      open: i === 0 || i % 5 === 0,
      createdAt,
      seq: 0,
      last: null,
      unreadCountAdmin: 0,
      unreadCountCustomer: 0,
    }));
  }

  get big(): SeedRoom {
    return this.rooms[0]!;
  }

  /** Open rooms other than the big one, in a fixed order. */
  get openSmall(): SeedRoom[] {
    return this.rooms.filter((r) => r.open && r.index !== 0);
  }

  /**
   * Adds messages until the collection holds `total`: the big room first fills to its size
   * (shuffled in among the others), the rest go evenly to the small rooms; times are spread
   * over [from, to], increasing within each room as the server writes them. All are read
   * (history): unread counts stay 0. Then writes every room's document in its new state.
   */
  async grow(total: number, from: Date, to: Date): Promise<void> {
    await this.sync();
    const owners: number[] = [];
    const bigShare = Math.min(this.bigRoom - this.big.seq, total - this.messages);
    for (let k = 0; k < bigShare; k++) owners.push(0);
    const small = this.rooms.length - 1;
    for (let k = 0; owners.length < total - this.messages; k++) owners.push(1 + (k % small));
    for (let i = owners.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [owners[i], owners[j]] = [owners[j]!, owners[i]!];
    }
    const step = (to.getTime() - from.getTime()) / owners.length;
    for (let b = 0; b < owners.length; b += BATCH) {
      const docs = owners.slice(b, b + BATCH).map((owner, k) => {
        const room = this.rooms[owner]!;
        const planned = from.getTime() + Math.floor((b + k) * step);
        // Never before the room's newest (the scenario's own sends may be newer than `from`).
        const at = new Date(Math.max(planned, (room.last?.createdAt.getTime() ?? 0) + 1));
        const role = this.random() < 0.5 ? "customer" : "admin";
        return this.message(room, role, at, "read");
      });
      await this.db.collection("chat_messages").insertMany(docs, { ordered: false });
    }
    this.messages += owners.length;
    await this.writeRooms();
  }

  /**
   * `n` unread customer messages in `room`, newer than anything in it, counted on the room
   * as a send counts them (what an agent's `message-read` then reads). The room's count is
   * read from the database first: the scenario's own sends may have moved it.
   */
  async addUnread(room: SeedRoom, n: number): Promise<void> {
    const rooms = this.db.collection("chat_rooms");
    const doc = await rooms.findOne({ _id: room._id });
    if (!doc) throw new Error(`room ${room._id.toHexString()} is gone`);
    room.seq = doc.seq as number;
    const after = Math.max(Date.now(), (doc.lastMessageAt as Date | null)?.getTime() ?? 0);
    const docs = Array.from({ length: n }, (_, k) =>
      this.message(room, "customer", new Date(after + 1 + k), "sent"),
    );
    await this.db.collection("chat_messages").insertMany(docs, { ordered: true });
    this.messages += n;
    const last = room.last!;
    const at = last.createdAt;
    room.unreadCountAdmin = (doc.unreadCountAdmin as number) + n;
    await rooms.updateOne(
      { _id: room._id, seq: doc.seq },
      {
        $set: {
          seq: room.seq,
          lastMessageId: last._id,
          lastMessageAt: at,
          activityAt: at,
          updatedAt: at,
          lastMessage: last.preview,
        },
        $inc: { unreadCountAdmin: n },
      },
    );
  }

  /** The id of the message `back` places before the room's newest (by its place, `seq`). */
  async idBack(room: SeedRoom, back: number): Promise<string> {
    const doc = await this.db
      .collection("chat_messages")
      .findOne({ roomId: room._id, seq: room.seq - back }, { projection: { _id: 1 } });
    if (!doc) throw new Error(`no message ${back} back in room ${room._id.toHexString()}`);
    return (doc._id as Oid).toHexString();
  }

  /** A message document exactly as messageWriter's toDoc (plus receipts when `read`). */
  private message(room: SeedRoom, role: "customer" | "admin", at: Date, status: "sent" | "read") {
    room.seq += 1;
    const words = 1 + Math.floor(this.random() * 3);
    const content = Array.from(
      { length: words },
      () => PHRASES[Math.floor(this.random() * PHRASES.length)]!,
    ).join(" ");
    const _id = new ObjectId();
    const preview = roomPreview({ senderRole: role, content, attachments: [] });
    room.last = { _id, createdAt: at, preview };
    const read = status === "read";
    return {
      _id,
      roomId: room._id,
      senderId: role === "customer" ? room.customerId : room.adminId,
      senderRole: role,
      clientMessageId: `h-${room.index}-${room.seq}`,
      content,
      attachments: [],
      status,
      createdAt: at,
      deliveredAt: read ? new Date(at.getTime() + 500) : null,
      readAt: read ? new Date(at.getTime() + 1000) : null,
      seq: room.seq,
      searchText: content.toLowerCase(),
    };
  }

  /**
   * What the server changed since the last phase (the scenario's sends and reads): each
   * room's count, newest message and unread counts, and how many messages there are.
   */
  private async sync(): Promise<void> {
    const byId = new Map(this.rooms.map((r) => [r._id.toHexString(), r]));
    for (const d of await this.db.collection("chat_rooms").find({}).toArray()) {
      const r = byId.get((d._id as Oid).toHexString());
      if (!r) continue;
      r.seq = d.seq as number;
      r.unreadCountAdmin = d.unreadCountAdmin as number;
      r.unreadCountCustomer = d.unreadCountCustomer as number;
      r.last = d.lastMessageId
        ? {
            _id: d.lastMessageId as Oid,
            createdAt: d.lastMessageAt as Date,
            preview: d.lastMessage as ReturnType<typeof roomPreview>,
          }
        : null;
    }
    this.messages = await this.db.collection("chat_messages").countDocuments();
  }

  /**
   * Every room's document in its current state. Rewritten whole (delete, then batched
   * inserts) rather than by one update per room: FerretDB's single-document updates cost a
   * scan each, and this is setup. The server is not running while the seed writes.
   */
  private async writeRooms(): Promise<void> {
    const rooms = this.db.collection("chat_rooms");
    await rooms.deleteMany({});
    for (let b = 0; b < this.rooms.length; b += BATCH)
      await rooms.insertMany(this.rooms.slice(b, b + BATCH).map(roomDoc), { ordered: false });
  }
}

/** A room document as the server's create plus its message counting leave it. */
function roomDoc(r: SeedRoom) {
  const activity = r.last?.createdAt ?? r.createdAt;
  return {
    _id: r._id,
    customerId: r.customerId,
    customerName: `Customer ${r.index}`,
    adminId: r.adminId,
    status: r.open ? "open" : "closed",
    openKey: r.open ? r.customerId : `closed:${r._id.toHexString()}`,
    lastMessageAt: r.last?.createdAt ?? null,
    lastMessage: r.last?.preview ?? null,
    lastMessageId: r.last?._id ?? null,
    seq: r.seq,
    activityAt: activity,
    unreadCountCustomer: r.unreadCountCustomer,
    unreadCountAdmin: r.unreadCountAdmin,
    createdAt: r.createdAt,
    updatedAt: activity,
  };
}
