import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, openRoom, waitFor, type ClientSocket, type Harness } from "./support.ts";

let h: Harness;
beforeAll(async () => {
  // The race below sends faster than the default per-user limit on purpose.
  h = await createHarness({ rateLimits: false });
});
afterAll(() => h.close());

/** A customer with a room, an admin in it, and `n` customer messages. */
async function conversation(name: string, n: number) {
  const customer = await h.connect(name);
  const roomId = await openRoom(h, customer);
  const admin = await h.connect(`${name}-agent`, "admin");
  await h.call(admin, "join-chat", { roomId });
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const ack = await h.call(customer, "send-message", {
      roomId,
      clientMessageId: `${name}-${i}`,
      content: `c${i}`,
    });
    ids.push(ack.data.message.id);
  }
  return { customer, admin, roomId, ids };
}

const room = async (s: ClientSocket, roomId: string) =>
  (await h.call(s, "join-chat", { roomId })).data.room;

describe("delivered and read receipts", () => {
  it("marks the other side's messages delivered once, with one message-status event", async () => {
    const { customer, admin, roomId, ids } = await conversation("rc-delivered", 2);
    const status = waitFor<{ messageIds: string[]; status: string; roomId: string }>(
      customer,
      "message-status",
    );
    const ack = await h.call(admin, "message-delivered", { roomId, messageIds: ids });
    expect(ack).toEqual({ ok: true, data: { updated: ids } });
    expect(await status).toMatchObject({ roomId, messageIds: ids, status: "delivered" });
    expect(await h.call(admin, "message-delivered", { roomId, messageIds: ids })).toEqual({
      ok: true,
      data: { updated: [] },
    });
  });

  it("never marks one's own messages", async () => {
    const { customer, roomId, ids } = await conversation("rc-own", 1);
    expect(await h.call(customer, "message-delivered", { roomId, messageIds: ids })).toEqual({
      ok: true,
      data: { updated: [] },
    });
    expect(await h.call(customer, "message-read", { roomId })).toEqual({
      ok: true,
      data: { updated: [] },
    });
  });

  it("reads up to a message, only moves forward, and resets the reader's unread count", async () => {
    const { admin, roomId, ids } = await conversation("rc-read", 3);
    expect((await room(admin, roomId)).unreadCountAdmin).toBe(3);
    expect(await h.call(admin, "message-read", { roomId, upToMessageId: ids[1] })).toEqual({
      ok: true,
      data: { updated: ids.slice(0, 2) },
    });
    expect((await room(admin, roomId)).unreadCountAdmin).toBe(1);
    expect(
      (await h.call(admin, "message-delivered", { roomId, messageIds: ids })).data.updated,
    ).toEqual([ids[2]]);
    expect((await h.call(admin, "message-read", { roomId })).data.updated).toEqual([ids[2]]);
    const page = await h.call(admin, "fetch-messages", { roomId });
    expect(page.data.messages.map((m: { status: string }) => m.status)).toEqual([
      "read",
      "read",
      "read",
    ]);
    expect(
      page.data.messages.every(
        (m: { readAt: string; deliveredAt: string }) => m.readAt && m.deliveredAt,
      ),
    ).toBe(true);
    expect((await room(admin, roomId)).unreadCountAdmin).toBe(0);
  });

  it("refuses a customer marking another customer's room", async () => {
    const { roomId, ids } = await conversation("rc-owner", 1);
    const intruder = await h.connect("rc-intruder");
    expect(await h.call(intruder, "message-read", { roomId })).toMatchObject({
      ok: false,
      error: { code: "FORBIDDEN" },
    });
    expect(await h.call(intruder, "message-delivered", { roomId, messageIds: ids })).toMatchObject({
      ok: false,
      error: { code: "FORBIDDEN" },
    });
  });

  it("lets only the assignee move the agents' read state; another admin reads without it", async () => {
    const { customer, admin, roomId, ids } = await conversation("rc-assignee", 2);
    expect(await h.call(admin, "admin-assign", { roomId })).toMatchObject({ ok: true });
    const colleague = await h.connect("rc-assignee-colleague", "admin");
    await h.call(colleague, "join-chat", { roomId });
    const statusEvents: unknown[] = [];
    customer.on("message-status", (e) => statusEvents.push(e));

    expect(await h.call(colleague, "message-read", { roomId })).toEqual({
      ok: true,
      data: { updated: [] },
    });
    expect(await h.call(colleague, "message-read", { roomId, upToMessageId: ids[0] })).toEqual({
      ok: true,
      data: { updated: [] },
    });
    expect((await room(admin, roomId)).unreadCountAdmin).toBe(2);
    const page = await h.call(admin, "fetch-messages", { roomId });
    const messages = page.data.messages.filter((m: { kind: string }) => m.kind === "message");
    expect(messages.map((m: { status: string }) => m.status)).toEqual(["sent", "sent"]);

    // The assignee's own read still moves it, and its event is the first the room sees.
    const status = waitFor<{ messageIds: string[] }>(customer, "message-status");
    expect((await h.call(admin, "message-read", { roomId })).data.updated).toEqual(ids);
    expect((await status).messageIds).toEqual(ids);
    expect(statusEvents).toHaveLength(1);
    expect((await room(admin, roomId)).unreadCountAdmin).toBe(0);
  });

  it("answers NOT_FOUND for an upToMessageId of another room", async () => {
    const a = await conversation("rc-a", 1);
    const b = await conversation("rc-b", 1);
    expect(
      await h.call(a.admin, "message-read", { roomId: a.roomId, upToMessageId: b.ids[0] }),
    ).toMatchObject({
      ok: false,
      error: { code: "NOT_FOUND" },
    });
  });
});

describe("unread counts", () => {
  it("equal a recount from the messages after concurrent sends and reads on both sides", async () => {
    const { customer, admin, roomId } = await conversation("rc-race", 0);
    const send = (s: ClientSocket, who: string, i: number) =>
      h.call(s, "send-message", { roomId, clientMessageId: `${who}-${i}`, content: `${who} ${i}` });
    const ops: Promise<unknown>[] = [];
    for (let i = 0; i < 30; i++) {
      ops.push(send(customer, "c", i), send(admin, "a", i));
      if (i % 4 === 0)
        ops.push(
          h.call(admin, "message-read", { roomId }),
          h.call(customer, "message-read", { roomId }),
        );
    }
    const acks = (await Promise.all(ops)) as { ok: boolean; error?: unknown }[];
    expect(acks.filter((a) => !a.ok)).toEqual([]);
    const counted = await h.db.collection("chat_rooms").findOne({ customerId: "rc-race" });
    const unread = (senderRole: string) =>
      h.db.collection("chat_messages").countDocuments({
        senderRole,
        status: { $ne: "read" },
        roomId: counted!._id,
        kind: { $nin: ["note", "activity"] },
      });
    expect(counted!.unreadCountAdmin).toBe(await unread("customer"));
    expect(counted!.unreadCountCustomer).toBe(await unread("admin"));
  });
});
