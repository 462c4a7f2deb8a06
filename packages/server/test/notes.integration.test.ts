import { randomBytes } from "node:crypto";
import mongoose from "mongoose";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PushSender } from "../src/push/pushService.ts";
import type { TestServer } from "../src/testing.ts";
import {
  callOn,
  connectTo,
  createHarness,
  nextWhere,
  startCluster,
  waitFor,
  type ClientSocket,
  type Harness,
  type TestCluster,
} from "./support.ts";

// Private notes (contract v2): an agent's `send-message { kind: "note" }` is stored in the
// room's order, but never reaches a customer on any path: live events, join-chat and its
// chat-history, fetch-messages, HTTP history, receipts, the room's counts and preview, push.
// Every path is read here by a real customer socket or a real HTTP call.
const SECRET = "NOTE-the-customer-must-never-see-this";

/** Everything a socket receives, to search for the note afterwards. */
function recordAll(socket: Socket): unknown[] {
  const seen: unknown[] = [];
  socket.onAny((event: string, ...args: unknown[]) => seen.push({ event, args }));
  return seen;
}

const leaks = (seen: unknown) => JSON.stringify(seen).includes(SECRET);

/** A PushSender that records what it was asked to send (FCM is outside this machine). */
function recordingPush(): PushSender & { sent: { body: string }[] } {
  const sent: { body: string }[] = [];
  return {
    sent,
    async send(tokens, note) {
      sent.push({ body: JSON.stringify(note) });
      return { sent: tokens.length, failed: 0, invalidTokens: [] };
    },
  };
}

const harnesses: Harness[] = [];
afterAll(() => Promise.all(harnesses.map((h) => h.close())));

async function http(h: Harness, path: string, sub: string, role: "customer" | "admin") {
  const res = await fetch(`${h.server.url}${path}`, {
    headers: { authorization: `Bearer ${await h.server.token(sub, role)}` },
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describe.each([
  ["batched writes", true],
  ["one write per send", false],
])("private notes (%s)", (_label, batchWrites) => {
  let h: Harness;
  let push: ReturnType<typeof recordingPush>;
  beforeAll(async () => {
    push = recordingPush();
    h = await createHarness({ batchWrites, push });
    harnesses.push(h);
  });

  it("never reach a customer: live, join, history, fetch, HTTP, receipts, counts, preview", async () => {
    const customer = await h.connect("nt-customer");
    const customerSeen = recordAll(customer);
    const roomId = (await h.call(customer, "join-chat", {})).data.room.id as string;
    const agent = await h.connect("nt-agent", "admin");
    const teammate = await h.connect("nt-teammate", "admin");
    await h.call(agent, "join-chat", { roomId });
    await h.call(teammate, "join-chat", { roomId });
    const send = (s: ClientSocket, id: string, content: string, kind?: string) =>
      h.call(s, "send-message", { roomId, clientMessageId: id, content, kind });

    const hello = await send(agent, "nt-1", "Hello, how can I help?");
    expect(hello.ok).toBe(true);
    const teammateGotNote = nextWhere<{ kind: string; content: string }>(
      teammate,
      "new-message",
      (m) => m.kind === "note",
    );
    const note = await send(agent, "nt-2", SECRET, "note");
    expect(note).toMatchObject({ ok: true, data: { message: { kind: "note", content: SECRET } } });
    // The team sees it live, in order with the messages.
    expect(await teammateGotNote).toMatchObject({ content: SECRET });
    // While the note is the newest entry, the room still shows the message before it.
    const listed = (await h.call(agent, "list-rooms", {})).data.rooms[0];
    expect(listed).toMatchObject({
      lastMessageId: hello.data.message.id,
      lastMessage: { text: "Hello, how can I help?" },
      unreadCountCustomer: 1,
    });
    // An agent's resync from the newest message sees the note; a customer's sees nothing.
    const agentResync = await h.call(teammate, "join-chat", {
      roomId,
      after: hello.data.message.id,
    });
    expect(agentResync.data.messages.map((m: { content: string }) => m.content)).toEqual([SECRET]);
    const customerResync = await h.call(customer, "join-chat", {
      roomId,
      after: hello.data.message.id,
    });
    expect(customerResync.data).toMatchObject({ messages: [], hasMore: false });

    const after = await send(agent, "nt-3", "I have checked your order.");
    expect(after.ok).toBe(true);

    // join-chat and its chat-history, on a fresh socket of the same customer.
    const second = await h.connect("nt-customer");
    const secondSeen = recordAll(second);
    const history = waitFor(second, "chat-history");
    const joined = await h.call(second, "join-chat", {});
    await history;
    // The agent's first answer took the room: its activity message comes first.
    expect(joined.data.messages.map((m: { content: string }) => m.content)).toEqual([
      "nt-agent took the chat",
      "Hello, how can I help?",
      "I have checked your order.",
    ]);
    expect(joined.data.room).toMatchObject({ unreadCountCustomer: 2 });

    // fetch-messages: no cursor, before, after; the note's id is no cursor for a customer.
    const fetched = [
      await h.call(second, "fetch-messages", { roomId }),
      await h.call(second, "fetch-messages", { roomId, before: after.data.message.id }),
      await h.call(second, "fetch-messages", { roomId, after: hello.data.message.id }),
    ];
    expect(fetched.map((f) => f.data.messages.length)).toEqual([3, 2, 1]);
    for (const cursor of ["before", "after"]) {
      const refused = await h.call(second, "fetch-messages", {
        roomId,
        [cursor]: note.data.message.id,
      });
      expect(refused).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    }
    const viaNote = await h.call(second, "join-chat", { roomId, after: note.data.message.id });
    expect(viaNote).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });

    // HTTP history: without the note for the customer, with it for an agent.
    const path = `/api/chat/rooms/${roomId}/messages`;
    const asCustomer = await http(h, path, "nt-customer", "customer");
    expect(asCustomer.status).toBe(200);
    expect(asCustomer.body.messages).toHaveLength(3);
    const asAgent = await http(h, path, "nt-agent", "admin");
    expect(asAgent.body.messages.map((m: { kind: string }) => m.kind)).toEqual([
      "activity",
      "message",
      "note",
      "message",
    ]);

    // Receipts: reading everything moves the two messages only; the note stays untouched.
    const status = waitFor<{ messageIds: string[] }>(agent, "message-status");
    const read = await h.call(customer, "message-read", { roomId });
    expect([...read.data.updated].sort()).toEqual(
      [hello.data.message.id, after.data.message.id].sort(),
    );
    expect((await status).messageIds).not.toContain(note.data.message.id);
    const delivered = await h.call(customer, "message-delivered", {
      roomId,
      messageIds: [note.data.message.id],
    });
    expect(delivered.data.updated).toEqual([]);
    const stored = await h.db
      .collection("chat_messages")
      .findOne({ _id: new mongoose.Types.ObjectId(note.data.message.id as string) });
    expect(stored).toMatchObject({ kind: "note", status: "sent", readAt: null });

    const room = await h.db
      .collection("chat_rooms")
      .findOne({ _id: new mongoose.Types.ObjectId(roomId) });
    expect(room).toMatchObject({
      unreadCountCustomer: 0,
      lastMessage: { text: after.data.message.content },
    });

    // Let anything still in flight arrive, then search everything both sockets received.
    const bye = nextWhere(customer, "new-message", (m: { content: string }) => m.content === "Bye");
    await h.call(agent, "send-message", { roomId, clientMessageId: "nt-4", content: "Bye" });
    await bye;
    expect(leaks(customerSeen)).toBe(false);
    expect(leaks(secondSeen)).toBe(false);
    // The recorder works: the customer did see the messages around the note.
    expect(JSON.stringify(customerSeen)).toContain("I have checked your order.");
  });

  it("are for agents only: a customer's note is FORBIDDEN and stores nothing", async () => {
    const customer = await h.connect("nt-forbidden");
    const roomId = (await h.call(customer, "join-chat", {})).data.room.id as string;
    const ack = await h.call(customer, "send-message", {
      roomId,
      clientMessageId: "nt-f1",
      content: "let me in",
      kind: "note",
    });
    expect(ack).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    const activity = await h.call(customer, "send-message", {
      roomId,
      clientMessageId: "nt-f2",
      content: "fake activity",
      kind: "activity",
    });
    expect(activity).toMatchObject({ ok: false, error: { code: "VALIDATION" } });
    expect(
      await h.db.collection("chat_messages").countDocuments({ senderId: "nt-forbidden" }),
    ).toBe(0);
  });

  it("are never handed back to a customer whose id is an agent's, by a retry's id", async () => {
    // A host that gives a customer and an agent the same user id: the store keys sends by
    // user id, so the customer's send with the note's clientMessageId finds the note.
    const customer = await h.connect("nt-same-id");
    const roomId = (await h.call(customer, "join-chat", {})).data.room.id as string;
    await h.call(customer, "send-message", { roomId, clientMessageId: "ns-0", content: "hi" });
    const agent = await h.connect("nt-same-id", "admin");
    const note = await h.call(agent, "send-message", {
      roomId,
      clientMessageId: "ns-1",
      content: SECRET,
      kind: "note",
    });
    expect(note.ok).toBe(true);
    const seen = recordAll(customer);
    const retry = await h.call(customer, "send-message", {
      roomId,
      clientMessageId: "ns-1",
      content: "mine",
    });
    expect(retry).toMatchObject({ ok: false, error: { code: "VALIDATION" } });
    expect(leaks(retry) || leaks(seen)).toBe(false);
    expect(await h.db.collection("chat_messages").countDocuments({ clientMessageId: "ns-1" })).toBe(
      1,
    );
  });

  it("neither claim the room nor need it to be the writer's, and push nothing", async () => {
    const customer = await h.connect("nt-push");
    const roomId = (await h.call(customer, "join-chat", {})).data.room.id as string;
    const token = await h.server.token("nt-push", "customer");
    const registered = await fetch(`${h.server.url}/api/chat/devices`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({
        token: `device-${randomBytes(4).toString("hex")}`,
        platform: "android",
      }),
    });
    expect(registered.status).toBe(201);
    customer.close(); // offline: a message would be pushed

    const agent = await h.connect("nt-push-agent", "admin");
    const teammate = await h.connect("nt-push-teammate", "admin");
    await h.call(agent, "send-message", { roomId, clientMessageId: "np-1", content: "Mine now" });
    const note = await h.call(teammate, "send-message", {
      roomId,
      clientMessageId: "np-2",
      content: SECRET,
      kind: "note",
    });
    expect(note.ok).toBe(true); // a teammate's room takes notes
    const room = (await h.call(teammate, "join-chat", { roomId })).data.room;
    expect(room.adminId).toBe("nt-push-agent");

    // The message before the note was pushed; wait for it, then one more after the note.
    await h.call(agent, "send-message", { roomId, clientMessageId: "np-3", content: "Last one" });
    const deadline = Date.now() + 10_000;
    while (push.sent.filter((p) => p.body.includes(roomId)).length < 2 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    const ours = push.sent.filter((p) => p.body.includes(roomId));
    expect(ours).toHaveLength(2);
    expect(ours.some((p) => p.body.includes(SECRET))).toBe(false);
  });
});

describe("private notes across two nodes (Redis)", () => {
  let cluster: TestCluster;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    cluster = await startCluster(2);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await cluster.close();
  });

  it("reach the agents on the other node and no customer on either", async () => {
    const [a, b] = cluster.nodes as [TestServer, TestServer];
    const customerA = await connectTo(a, "nn-customer", "customer", sockets);
    const roomId = (await callOn(customerA, "join-chat", {})).data.room.id as string;
    const customerB = await connectTo(b, "nn-customer", "customer", sockets);
    await callOn(customerB, "join-chat", { roomId });
    const seen = [recordAll(customerA), recordAll(customerB)];
    const agentB = await connectTo(b, "nn-agent", "admin", sockets);
    const agentA = await connectTo(a, "nn-teammate", "admin", sockets);
    await callOn(agentB, "join-chat", { roomId });
    await callOn(agentA, "join-chat", { roomId });

    const noteOnA = nextWhere(agentA, "new-message", (m: { kind: string }) => m.kind === "note");
    await callOn(agentB, "send-message", {
      roomId,
      clientMessageId: "nn-1",
      content: SECRET,
      kind: "note",
    });
    expect(await noteOnA).toMatchObject({ content: SECRET });
    // A message after the note reaches both customer sockets: by then the note would have.
    const hi = (m: { content: string }) => m.content === "Hi!";
    const onA = nextWhere(customerA, "new-message", hi);
    const onB = nextWhere(customerB, "new-message", hi);
    await callOn(agentB, "send-message", { roomId, clientMessageId: "nn-2", content: "Hi!" });
    expect(await onA).toMatchObject({ content: "Hi!" });
    expect(await onB).toMatchObject({ content: "Hi!" });
    expect(seen.map(leaks)).toEqual([false, false]);
    expect(await cluster.db.collection("chat_messages").countDocuments({ kind: "note" })).toBe(1);
  });
});
