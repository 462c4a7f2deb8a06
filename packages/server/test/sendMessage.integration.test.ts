import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  countMessages,
  createHarness,
  nextWhere,
  openRoom,
  waitFor,
  type Harness,
} from "./support.ts";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe("send-message", () => {
  it("acks only what is stored, and delivers it to the room, the sender's own sockets too", async () => {
    const customer = await h.connect("send-basic");
    const roomId = await openRoom(h, customer);
    const admin = await h.connect("send-basic-agent", "admin");
    await h.call(admin, "join-chat", { roomId });
    const atAdmin = waitFor<{ id: string }>(admin, "new-message");
    const atSender = waitFor<{ id: string }>(customer, "new-message");
    const ack = await h.call(customer, "send-message", {
      roomId,
      clientMessageId: "m1",
      content: "Hello there",
    });
    expect(ack.ok).toBe(true);
    expect(ack.data.message).toMatchObject({
      roomId,
      senderId: "send-basic",
      senderRole: "customer",
      clientMessageId: "m1",
      content: "Hello there",
      attachments: [],
      status: "sent",
      deliveredAt: null,
      readAt: null,
    });
    expect(await countMessages(h, { clientMessageId: "m1", senderId: "send-basic" })).toBe(1);
    expect((await atAdmin).id).toBe(ack.data.message.id);
    expect((await atSender).id).toBe(ack.data.message.id);
  });

  it("stores a retried send once, even when the retries race", async () => {
    const s = await h.connect("send-retry");
    const roomId = await openRoom(h, s);
    const payload = { roomId, clientMessageId: "same-id", content: "only once" };
    const acks = await Promise.all(
      Array.from({ length: 10 }, () => h.call(s, "send-message", payload)),
    );
    expect(new Set(acks.map((a) => a.data.message.id)).size).toBe(1);
    expect(await countMessages(h, { senderId: "send-retry" })).toBe(1);
    const later = await h.call(s, "send-message", payload);
    expect(later.data.message.id).toBe(acks[0].data.message.id);
    expect(await countMessages(h, { senderId: "send-retry" })).toBe(1);
  });

  it("a retry of a counted send tells the room again: new-message, and room-updated to every agent", async () => {
    // The first answer may have been lost with its announcement (a crash after the write):
    // the retry is when the room hears of it, inboxes included.
    const s = await h.connect("send-reannounce");
    const roomId = await openRoom(h, s);
    const payload = { roomId, clientMessageId: "again", content: "Is anyone there?" };
    const first = await h.call(s, "send-message", payload);
    const inbox = await h.connect("send-reannounce-agent", "admin"); // not in the room
    const viewer = await h.connect("send-reannounce-viewer", "admin");
    await h.call(viewer, "join-chat", { roomId });
    const updated = nextWhere<{ id: string; lastMessageId: string }>(
      inbox,
      "room-updated",
      (r) => r.id === roomId,
    );
    const told = nextWhere<{ id: string }>(
      viewer,
      "new-message",
      (m) => m.id === first.data.message.id,
    );
    const retry = await h.call(s, "send-message", payload);
    expect(retry.data.message.id).toBe(first.data.message.id);
    expect((await updated).lastMessageId).toBe(first.data.message.id);
    await told;
    expect(await countMessages(h, { senderId: "send-reannounce" })).toBe(1);
    const room = await h.db.collection("chat_rooms").findOne({ customerId: "send-reannounce" });
    expect(room?.unreadCountAdmin).toBe(1); // told again, not counted again
  });

  it("carries an agent's name (the token's name claim) to the customer, live and in history", async () => {
    const customer = await h.connect("send-named", "customer", "Dana");
    const roomId = await openRoom(h, customer);
    const agent = await h.connect("send-named-agent", "admin", "Grace Hopper");
    const live = nextWhere<{ content: string; senderName?: string }>(
      customer,
      "new-message",
      (m) => m.content === "Grace here.",
    );
    await h.call(customer, "send-message", { roomId, clientMessageId: "nm-1", content: "Hi" });
    await h.call(agent, "send-message", {
      roomId,
      clientMessageId: "nm-2",
      content: "Grace here.",
    });
    expect((await live).senderName).toBe("Grace Hopper");
    const again = await h.call(customer, "join-chat", { roomId });
    const named = again.data.messages.map((m: { content: string; senderName?: string }) => [
      m.content,
      m.senderName ?? null,
    ]);
    // The customer's own message carries none; the activity names the agent in its words.
    expect(named.filter(([c]: [string]) => c !== "Grace Hopper took the chat")).toEqual([
      ["Hi", null],
      ["Grace here.", "Grace Hopper"],
    ]);
  });

  it("normalises content: NFC, control characters removed, trimmed", async () => {
    const s = await h.connect("send-normal");
    const roomId = await openRoom(h, s);
    const ack = await h.call(s, "send-message", {
      roomId,
      clientMessageId: "n1",
      content: "  e\u0301\u0000\u0007 a\r\nb\t ",
    });
    expect(ack.data.message.content).toBe("\u00e9 a\nb");
  });

  it("accepts 4000 code points of 4-byte emoji and refuses 4001", async () => {
    const s = await h.connect("send-long");
    const roomId = await openRoom(h, s);
    const ok = await h.call(s, "send-message", {
      roomId,
      clientMessageId: "l1",
      content: "😀".repeat(4000),
    });
    expect(ok.ok).toBe(true);
    const tooLong = await h.call(s, "send-message", {
      roomId,
      clientMessageId: "l2",
      content: "😀".repeat(4001),
    });
    expect(tooLong).toMatchObject({ ok: false, error: { code: "VALIDATION" } });
    expect(await countMessages(h, { senderId: "send-long" })).toBe(1);
  });

  it("refuses a message that is empty after normalisation", async () => {
    const s = await h.connect("send-empty");
    const roomId = await openRoom(h, s);
    const ack = await h.call(s, "send-message", {
      roomId,
      clientMessageId: "e1",
      content: " \u0000\n ",
    });
    expect(ack).toMatchObject({ ok: false, error: { code: "VALIDATION" } });
    expect(await countMessages(h, { senderId: "send-empty" })).toBe(0);
  });

  it("refuses attachments this server did not upload for the sender", async () => {
    const s = await h.connect("send-attach");
    const roomId = await openRoom(h, s);
    const attachments = [
      { url: "https://evil.example/x.png", name: "x.png", size: 1, mimeType: "image/png" },
    ];
    const ack = await h.call(s, "send-message", {
      roomId,
      clientMessageId: "a1",
      content: "",
      attachments,
    });
    expect(ack).toMatchObject({ ok: false, error: { code: "VALIDATION" } });
  });

  it("refuses a customer sending into another customer's room", async () => {
    const roomId = await openRoom(h, await h.connect("send-owner"));
    const intruder = await h.connect("send-intruder");
    const ack = await h.call(intruder, "send-message", {
      roomId,
      clientMessageId: "i1",
      content: "hi",
    });
    expect(ack).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(await countMessages(h, { senderId: "send-intruder" })).toBe(0);
  });

  it("assigns an unassigned room to the admin who answers, and keeps other admins out", async () => {
    const roomId = await openRoom(h, await h.connect("send-assign"));
    const first = await h.connect("agent-first", "admin");
    const second = await h.connect("agent-second", "admin");
    const roomUpdate = waitFor<{ adminId: string }>(second, "room-updated");
    expect(
      (await h.call(first, "send-message", { roomId, clientMessageId: "s1", content: "Hi!" })).ok,
    ).toBe(true);
    expect((await roomUpdate).adminId).toBe("agent-first");
    const ack = await h.call(second, "send-message", {
      roomId,
      clientMessageId: "s2",
      content: "Me too",
    });
    expect(ack).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
  });

  it("counts the message as unread for the other side", async () => {
    const s = await h.connect("send-unread");
    const roomId = await openRoom(h, s);
    await h.call(s, "send-message", { roomId, clientMessageId: "u1", content: "one" });
    await h.call(s, "send-message", { roomId, clientMessageId: "u2", content: "two" });
    const join = await h.call(s, "join-chat", {});
    expect(join.data.room).toMatchObject({ unreadCountAdmin: 2, unreadCountCustomer: 0 });
    expect(join.data.room.lastMessageAt).toBe(join.data.messages[1].createdAt);
  });
});
