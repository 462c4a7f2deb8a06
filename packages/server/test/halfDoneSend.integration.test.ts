import { randomBytes } from "node:crypto";
import mongoose, { type Connection } from "mongoose";
import { io, type Socket } from "socket.io-client";
import { afterEach, describe, expect, inject, it } from "vitest";
import { startTestServer, type TestServer } from "../src/testing.ts";
import { startFaultProxy, writeTo, type FaultProxy } from "./faultProxy.ts";
import { callOn, nextWhere, waitFor } from "./support.ts";

// Regression (issue "nothing half-done", 3): a send whose message insert succeeded and whose
// room update then failed was answered INTERNAL, and its retry returned the stored message
// with nothing else done: no unread count, no preview, unbound attachments (403 for the
// agent), no room-updated. The room update now fails at the wire (a proxy in front of the
// real database refuses it), and every way the send gets finished must end in the state of
// a send that never failed.

const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d4948445200000001000000010806000000" +
    "1f15c4890000000d49444154789c6300010000050001" +
    "0d0a2db40000000049454e44ae426082",
  "hex",
);
const countingRoom = (cmd: Record<string, unknown>) =>
  writeTo("update", "chat_rooms")(cmd) || writeTo("findAndModify", "chat_rooms")(cmd);

interface Setup {
  server: TestServer;
  proxy: FaultProxy;
  db: Connection;
  dbName: string;
  sockets: Socket[];
}
let open: Setup | null = null;
afterEach(async () => {
  if (!open) return;
  open.sockets.forEach((s) => s.close());
  await open.server.close();
  await open.proxy.close();
  await open.db.close();
  open = null;
});

async function setup(batchWrites: boolean, dbName = `sb_${randomBytes(6).toString("hex")}`) {
  const proxy = await startFaultProxy(inject("mongoUri"));
  const server = await startTestServer({ mongoUri: proxy.uri, dbName, batchWrites });
  const db = await mongoose.createConnection(inject("mongoUri") + dbName).asPromise();
  open = { server, proxy, db, dbName, sockets: [] };
  return open;
}

async function connect(s: Setup, sub: string, role: "customer" | "admin") {
  const socket = io(`${s.server.url}/chat`, {
    auth: { token: await s.server.token(sub, role) },
    transports: ["websocket"],
    reconnection: false,
  });
  s.sockets.push(socket);
  await waitFor(socket, "connect");
  return socket;
}

async function uploadPng(s: Setup, sub: string) {
  const form = new FormData();
  form.append("file", new Blob([PNG], { type: "image/png" }), "screen.png");
  const res = await fetch(`${s.server.url}/api/chat/upload`, {
    method: "POST",
    headers: { authorization: `Bearer ${await s.server.token(sub)}` },
    body: form,
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { url: string; name: string; size: number; mimeType: string };
}

/** A customer with an open room and an agent watching it; the customer's file uploaded. */
async function scene(s: Setup, tag: string) {
  const customer = await connect(s, `${tag}-customer`, "customer");
  const roomId = (await callOn(customer, "join-chat", {})).data.room.id as string;
  const agent = await connect(s, `${tag}-agent`, "admin");
  await callOn(agent, "join-chat", { roomId });
  const file = await uploadPng(s, `${tag}-customer`);
  const roomUpdates: { id: string; unreadCountAdmin: number; lastMessageId?: string }[] = [];
  agent.on("room-updated", (room: (typeof roomUpdates)[number]) => {
    if (room.id === roomId) roomUpdates.push(room);
  });
  return { customer, agent, roomId, file, roomUpdates };
}

/** What a send that never failed leaves behind, checked in the database and over HTTP. */
async function expectFinished(s: Setup, roomId: string, clientMessageId: string, fileUrl: string) {
  const stored = await s.db.collection("chat_messages").find({ clientMessageId }).toArray();
  expect(stored).toHaveLength(1);
  const room = await s.db
    .collection("chat_rooms")
    .findOne({ _id: new mongoose.Types.ObjectId(roomId) });
  expect(room).toMatchObject({ unreadCountAdmin: 1, seq: 1 });
  expect(room!.lastMessageId.toHexString()).toBe(stored[0]!._id.toHexString());
  expect(room!.lastMessage).toMatchObject({ senderRole: "customer", attachments: 1 });
  const asAgent = await fetch(`${s.server.url}${fileUrl}`, {
    headers: { authorization: `Bearer ${await s.server.token("someone-else", "admin")}` },
  });
  expect(asAgent.status).toBe(200);
  return stored[0]!._id.toHexString();
}

describe.each([
  ["batched writes", true],
  ["one write per send", false],
])("a send whose room update failed (%s)", (_label, batchWrites) => {
  it("is finished by the sender's retry: one message, counted once, file readable, one room-updated", async () => {
    const s = await setup(batchWrites);
    const { customer, agent, roomId, file, roomUpdates } = await scene(s, "retry");
    s.proxy.failNext(countingRoom);
    const send = { roomId, clientMessageId: "half-1", content: "my receipt", attachments: [file] };
    const failed = await callOn(customer, "send-message", send);
    expect(failed).toMatchObject({ ok: false, error: { code: "INTERNAL" } });
    expect(s.proxy.refused).toBe(1);
    const room = await s.db.collection("chat_rooms").findOne({});
    expect(room).toMatchObject({ unreadCountAdmin: 0, seq: 0 }); // stored, not counted

    const announced = nextWhere<{ id: string }>(agent, "new-message", () => true);
    const retried = await callOn(customer, "send-message", send);
    expect(retried.ok).toBe(true);
    const id = await expectFinished(s, roomId, "half-1", file.url);
    expect(retried.data.message.id).toBe(id);
    expect((await announced).id).toBe(id);
    await callOn(agent, "typing", { roomId }); // a round trip: earlier events have arrived
    expect(roomUpdates.filter((r) => r.lastMessageId === id)).toHaveLength(1);
    expect(roomUpdates.at(-1)).toMatchObject({ unreadCountAdmin: 1 });
  });

  it("is finished by the room's next send, before that send takes the next place", async () => {
    const s = await setup(batchWrites);
    const { customer, agent, roomId, file } = await scene(s, "next");
    s.proxy.failNext(countingRoom);
    const send = { roomId, clientMessageId: "half-2", content: "first", attachments: [file] };
    expect((await callOn(customer, "send-message", send)).ok).toBe(false);

    const reply = { roomId, clientMessageId: "agent-2", content: "Hello!" };
    const replied = await callOn(agent, "send-message", reply);
    expect(replied.ok).toBe(true);
    // The agent's first answer takes the room: its activity (contract v2) and the answer
    // come after the unfinished send, which the first of them finished.
    const room = await s.db.collection("chat_rooms").findOne({});
    expect(room).toMatchObject({ seq: 3, unreadCountAdmin: 1, unreadCountCustomer: 1 });
    const places = await s.db
      .collection("chat_messages")
      .find({}, { sort: { seq: 1 } })
      .toArray();
    expect(
      places.map((m) => [m.kind === "activity" ? "activity" : m.clientMessageId, m.seq]),
    ).toEqual([
      ["half-2", 1],
      ["activity", 2],
      ["agent-2", 3],
    ]);
    const asAgent = await fetch(`${s.server.url}${file.url}`, {
      headers: { authorization: `Bearer ${await s.server.token("retry-agent", "admin")}` },
    });
    expect(asAgent.status).toBe(200);
    // The customer's retry now only gets its message back: counted once.
    expect((await callOn(customer, "send-message", send)).ok).toBe(true);
    expect(await s.db.collection("chat_rooms").findOne({})).toMatchObject({ unreadCountAdmin: 1 });
  });

  it("leaves the unread count exact when the agent reads it before it is counted", async () => {
    const s = await setup(batchWrites);
    const { customer, agent, roomId } = await scene(s, "read");
    const first = { roomId, clientMessageId: "read-1", content: "one" };
    await callOn(customer, "send-message", first);
    s.proxy.failNext(countingRoom);
    const second = { roomId, clientMessageId: "read-2", content: "two" };
    expect((await callOn(customer, "send-message", second)).ok).toBe(false);
    const stored = await s.db.collection("chat_messages").findOne({ clientMessageId: "read-2" });

    // A partial read up to the uncounted message moves both; only one was ever counted.
    const read = await callOn(agent, "message-read", {
      roomId,
      upToMessageId: stored!._id.toHexString(),
    });
    expect(read.data.updated).toHaveLength(2);
    expect(await s.db.collection("chat_rooms").findOne({})).toMatchObject({ unreadCountAdmin: 0 });
    expect((await callOn(customer, "send-message", second)).ok).toBe(true);
    expect(await s.db.collection("chat_rooms").findOne({})).toMatchObject({
      seq: 2,
      unreadCountAdmin: 0, // read before it was counted: counted without adding an unread
    });
  });

  it("is finished in the background when nobody retries", async () => {
    const s = await setup(batchWrites);
    const { customer, agent, roomId, file } = await scene(s, "alone");
    s.proxy.failNext(countingRoom);
    const updated = nextWhere<{ unreadCountAdmin: number }>(
      agent,
      "room-updated",
      (r) => r.unreadCountAdmin === 1,
    );
    const send = { roomId, clientMessageId: "half-3", content: "bye", attachments: [file] };
    expect((await callOn(customer, "send-message", send)).ok).toBe(false);
    customer.close(); // the customer leaves: no retry will come
    await updated; // the node's repair, about a second later
    await expectFinished(s, roomId, "half-3", file.url);
  });
});

describe("the start-up sweep", () => {
  it("finishes a send that a stopped node left stored but uncounted", async () => {
    const s = await setup(true);
    const { customer, roomId, file } = await scene(s, "sweep");
    // What a node killed between the two writes leaves: the message at the next place.
    const send = { roomId, clientMessageId: "half-4", content: "hi", attachments: [file] };
    s.proxy.failNext(countingRoom);
    expect((await callOn(customer, "send-message", send)).ok).toBe(false);
    s.sockets.forEach((socket) => socket.close());
    s.sockets.length = 0;
    await s.server.close(); // before its repair runs
    expect(await s.db.collection("chat_rooms").findOne({})).toMatchObject({ seq: 0 });

    const restarted = await startTestServer({ mongoUri: inject("mongoUri"), dbName: s.dbName });
    s.server = restarted;
    await expect
      .poll(() => s.db.collection("chat_rooms").findOne({}), { timeout: 10_000 })
      .toMatchObject({ seq: 1, unreadCountAdmin: 1 });
    await expectFinished(s, roomId, "half-4", file.url);
  });
});
