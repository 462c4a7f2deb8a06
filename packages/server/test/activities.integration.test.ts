import mongoose from "mongoose";
import { afterAll, describe, expect, it } from "vitest";
import { writeTo } from "./faultProxy.ts";
import { createHarness, nextWhere, type ClientSocket, type Harness } from "./support.ts";

// Activity messages (contract v2): each assignment, transfer and close writes one
// `kind: "activity"` message, in the same write as the change (the update that counts the
// message makes the change), seen by both sides, never unread.
const harnesses: Harness[] = [];
afterAll(() => Promise.all(harnesses.map((h) => h.close())));

type Msg = { kind: string; content: string; senderId: string; activity?: Record<string, unknown> };

const activitiesIn = async (h: Harness, roomId: string) =>
  h.db
    .collection("chat_messages")
    .find({ roomId: new mongoose.Types.ObjectId(roomId), kind: "activity" }, { sort: { seq: 1 } })
    .toArray();
const roomDoc = (h: Harness, roomId: string) =>
  h.db.collection("chat_rooms").findOne({ _id: new mongoose.Types.ObjectId(roomId) });

async function scene(h: Harness, tag: string) {
  const customer = await h.connect(`${tag}-customer`);
  const roomId = (await h.call(customer, "join-chat", {})).data.room.id as string;
  await h.call(customer, "send-message", { roomId, clientMessageId: `${tag}-1`, content: "Hi" });
  const grace = await h.connect(`${tag}-grace`, "admin", "Grace Hopper");
  const alan = await h.connect(`${tag}-alan`, "admin", "Alan Turing");
  for (const agent of [grace, alan]) await h.call(agent, "join-chat", { roomId });
  return { customer, grace, alan, roomId };
}

const activityOn = (socket: ClientSocket, type: string) =>
  nextWhere<Msg>(socket, "new-message", (m) => m.kind === "activity" && m.activity?.type === type);

describe.each([
  ["batched writes", true],
  ["one write per send", false],
])("activity messages (%s)", (_label, batchWrites) => {
  it("name the agents, the holder from the agent directory", async () => {
    const h = await createHarness({ batchWrites });
    harnesses.push(h);
    const { customer, grace, roomId } = await scene(h, "an");
    await h.call(grace, "admin-assign", { roomId, adminId: "an-alan" });
    const seen = activityOn(customer, "transferred");
    await h.call(grace, "admin-assign", { roomId });
    expect((await seen).content).toBe("Grace Hopper took the chat over from Alan Turing");
  });

  it("assignment, transfer and close each write one, seen by both sides, never unread", async () => {
    const h = await createHarness({ batchWrites });
    harnesses.push(h);
    const { customer, grace, alan, roomId } = await scene(h, "ac");

    const assignedSeen = activityOn(customer, "assigned");
    const assigned = await h.call(grace, "admin-assign", { roomId });
    expect(assigned.data.room).toMatchObject({ adminId: "ac-grace", unreadCountCustomer: 0 });
    expect(await assignedSeen).toMatchObject({
      senderId: "ac-grace",
      content: "Grace Hopper took the chat",
      activity: {
        type: "assigned",
        by: "ac-grace",
        adminId: "ac-grace",
        // Extension: the names as content words them, for clients that translate it.
        byName: "Grace Hopper",
        adminName: "Grace Hopper",
      },
    });
    // Assigning to the holder changes nothing and writes nothing.
    expect((await h.call(grace, "admin-assign", { roomId })).ok).toBe(true);
    expect(await activitiesIn(h, roomId)).toHaveLength(1);

    const transferRow = nextWhere<{ id: string; adminId: string }>(
      alan,
      "room-updated",
      (r) => r.id === roomId && r.adminId === "ac-alan",
    );
    const transferSeen = activityOn(customer, "transferred");
    await h.call(grace, "admin-assign", { roomId, adminId: "ac-alan" });
    await transferRow;
    expect(await transferSeen).toMatchObject({
      content: "Grace Hopper transferred the chat to Alan Turing", // names, not ids
      activity: {
        type: "transferred",
        by: "ac-grace",
        adminId: "ac-alan",
        fromAdminId: "ac-grace",
        byName: "Grace Hopper",
        adminName: "Alan Turing",
        fromAdminName: "Grace Hopper",
      },
    });

    const closed = nextWhere(customer, "chat-closed", () => true);
    const closedSeen = activityOn(customer, "closed");
    const closing = await h.call(alan, "close-chat", { roomId });
    expect(closing.data.room).toMatchObject({ status: "closed", adminId: "ac-alan" });
    await closed;
    expect(await closedSeen).toMatchObject({
      senderId: "ac-alan",
      content: "Alan Turing closed the chat",
      activity: { type: "closed", by: "ac-alan", byName: "Alan Turing" },
    });
    expect((await h.call(alan, "close-chat", { roomId })).data.room.status).toBe("closed");

    // In the database: three activities, in order; the room as they left it; no unread.
    const stored = await activitiesIn(h, roomId);
    expect(stored.map((m) => m.activity.type)).toEqual(["assigned", "transferred", "closed"]);
    const room = await roomDoc(h, roomId);
    expect(room).toMatchObject({
      status: "closed",
      openKey: `closed:${roomId}`,
      adminId: "ac-alan",
      unreadCountCustomer: 0,
      unreadCountAdmin: 1,
      seq: 4,
      lastMessage: { senderRole: "admin", text: "Alan Turing closed the chat" },
    });
    expect(room!.lastMessageId.toHexString()).toBe(stored[2]!._id.toHexString());
    // Both sides read them in history; the customer's next join opens a new room.
    const history = await h.call(customer, "fetch-messages", { roomId });
    expect(history.data.messages.map((m: Msg) => m.kind)).toEqual([
      "message",
      "activity",
      "activity",
      "activity",
    ]);
    const next = await h.call(customer, "join-chat", {});
    expect(next.data.room.id).not.toBe(roomId);
    // Reading everything moves no activity and leaves the count at 0.
    const read = await h.call(customer, "message-read", { roomId: next.data.room.id });
    expect(read.data.updated).toEqual([]);
  });

  it("a customer's close is the system's activity, by that customer", async () => {
    const h = await createHarness({ batchWrites });
    harnesses.push(h);
    const { customer, grace, roomId } = await scene(h, "cc");
    const seen = activityOn(grace, "closed");
    await h.call(customer, "close-chat", { roomId });
    expect(await seen).toMatchObject({
      senderId: "system",
      content: "The customer closed the chat",
      activity: { type: "closed", by: "cc-customer" },
    });
  });

  it("an agent's first answer takes the room: the activity, then the answer", async () => {
    const h = await createHarness({ batchWrites });
    harnesses.push(h);
    const { customer, grace, roomId } = await scene(h, "fa");
    const answered = nextWhere<Msg>(customer, "new-message", (m) => m.content === "Hello!");
    const ack = await h.call(grace, "send-message", {
      roomId,
      clientMessageId: "fa-answer",
      content: "Hello!",
    });
    expect(ack.ok).toBe(true);
    await answered;
    const history = await h.call(customer, "fetch-messages", { roomId });
    expect(history.data.messages.map((m: Msg) => m.content)).toEqual([
      "Hi",
      "Grace Hopper took the chat",
      "Hello!",
    ]);
    expect(await roomDoc(h, roomId)).toMatchObject({ adminId: "fa-grace", unreadCountCustomer: 1 });
  });
});

describe("an activity whose room update failed", () => {
  it("is finished in the background when nothing else is written to the room", async () => {
    const h = await createHarness({ proxy: true });
    harnesses.push(h);
    const { grace, roomId } = await scene(h, "bg");
    h.proxy!.failNext(
      (cmd) => writeTo("update", "chat_rooms")(cmd) || writeTo("findAndModify", "chat_rooms")(cmd),
    );
    const told = nextWhere<{ id: string; adminId: string }>(
      grace,
      "room-updated",
      (r) => r.id === roomId && r.adminId === "bg-grace",
    );
    expect((await h.call(grace, "admin-assign", { roomId })).ok).toBe(false);
    await told; // the repair (1 s later) counted it and told the admins
    expect(await roomDoc(h, roomId)).toMatchObject({ adminId: "bg-grace", seq: 2 });
  });

  it("is finished by the room's next write: the change is made once, with its message", async () => {
    const h = await createHarness({ proxy: true });
    harnesses.push(h);
    const { customer, grace, roomId } = await scene(h, "hd");
    h.proxy!.failNext(
      (cmd) => writeTo("update", "chat_rooms")(cmd) || writeTo("findAndModify", "chat_rooms")(cmd),
    );
    const failed = await h.call(grace, "admin-assign", { roomId });
    expect(failed).toMatchObject({ ok: false, error: { code: "INTERNAL" } });
    // Stored, not yet counted: the room is not assigned yet.
    expect(await activitiesIn(h, roomId)).toHaveLength(1);
    expect(await roomDoc(h, roomId)).toMatchObject({ adminId: null, seq: 1 });

    // The customer's next message finishes it first: assigned, counted, then the message.
    await h.call(customer, "send-message", {
      roomId,
      clientMessageId: "hd-2",
      content: "Still there?",
    });
    expect(await roomDoc(h, roomId)).toMatchObject({
      adminId: "hd-grace",
      seq: 3,
      unreadCountAdmin: 2,
    });
    // The retry finds the room assigned to its agent: nothing more is written.
    expect((await h.call(grace, "admin-assign", { roomId })).data.room.adminId).toBe("hd-grace");
    expect(await activitiesIn(h, roomId)).toHaveLength(1);
  });
});
