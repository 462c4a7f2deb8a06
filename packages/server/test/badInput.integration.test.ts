import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  countMessages,
  countRooms,
  createHarness,
  openRoom,
  waitFor,
  type ClientSocket,
  type Harness,
} from "./support.ts";

let h: Harness;
let s: ClientSocket;
let agent: ClientSocket;
let roomId: string;
beforeAll(async () => {
  h = await createHarness();
  s = await h.connect("bad-input");
  agent = await h.connect("bad-input-agent", "admin");
  roomId = await openRoom(h, s);
});
afterAll(() => h.close());

// Every client event; list-rooms has its own cases below (it takes no roomId). Agents'
// events are sent by an agent: a customer is FORBIDDEN before the payload is read.
const events = [
  "join-chat",
  "send-message",
  "fetch-messages",
  "typing",
  "stop-typing",
  "message-delivered",
  "message-read",
  "admin-assign",
  "close-chat",
];
// join-chat alone accepts a missing (null) payload: a customer's "my room".
const garbage: unknown[] = [42, "text", [1, 2], true, { roomId: 12 }, { roomId: { $ne: null } }];

describe("bad input", () => {
  it.each(events.flatMap((e) => garbage.map((g) => [e, g] as const)))(
    "%s with %j answers VALIDATION and changes nothing",
    async (event, payload) => {
      const before = [await countMessages(h), await countRooms(h)];
      const socket = event === "admin-assign" ? agent : s;
      const ack = await h.call(socket, event, payload);
      expect(ack).toMatchObject({ ok: false, error: { code: "VALIDATION" } });
      expect([await countMessages(h), await countRooms(h)]).toEqual(before);
      expect(socket.connected).toBe(true);
    },
  );

  it.each(["send-message", "fetch-messages"])(
    "%s with a null payload answers VALIDATION",
    async (event) => {
      expect(await h.call(s, event, null)).toMatchObject({
        ok: false,
        error: { code: "VALIDATION" },
      });
    },
  );

  it("handles an event sent without an ack callback and keeps the socket", async () => {
    const delivered = waitFor<{ content: string }>(s, "new-message");
    s.emit("send-message", { roomId, clientMessageId: "no-ack", content: "fire and forget" });
    s.emit("send-message", "garbage");
    expect((await delivered).content).toBe("fire and forget");
    expect(s.connected).toBe(true);
  });

  it("refuses an injection-shaped content as VALIDATION", async () => {
    const ack = await h.call(s, "send-message", {
      roomId,
      clientMessageId: "inj",
      content: { $gt: "" },
    });
    expect(ack).toMatchObject({ ok: false, error: { code: "VALIDATION" } });
  });

  it("refuses a clientMessageId longer than 64 characters", async () => {
    const ack = await h.call(s, "send-message", {
      roomId,
      clientMessageId: "x".repeat(65),
      content: "hi",
    });
    expect(ack).toMatchObject({ ok: false, error: { code: "VALIDATION" } });
  });

  it("closes only the connection of a packet above maxHttpBufferSize, and the server lives on", async () => {
    const victim = await h.connect("bad-huge");
    const closed = waitFor<string>(victim, "disconnect");
    victim.emit("send-message", { roomId, clientMessageId: "big", content: "x".repeat(1_100_000) });
    expect(await closed).toBe("transport close");
    const again = await h.connect("bad-huge");
    expect((await h.call(again, "join-chat", {})).ok).toBe(true);
    expect(s.connected).toBe(true);
  });

  it.each([
    ["list-rooms", { status: "archived" }],
    ["list-rooms", { assigned: "someone" }],
    ["list-rooms", { limit: 0 }],
    ["list-rooms", { before: "nope" }],
    ["message-delivered", { roomId: "ROOM", messageIds: [] }],
    ["message-delivered", { roomId: "ROOM", messageIds: "all" }],
    ["message-delivered", { roomId: "ROOM", messageIds: ["x"] }],
    ["message-read", { roomId: "ROOM", upToMessageId: 5 }],
    ["admin-assign", { roomId: "ROOM", adminId: 7 }],
    ["admin-assign", { roomId: "ROOM", adminId: "a".repeat(129) }],
  ])("admin %s with %j answers VALIDATION", async (event, payload) => {
    const admin = await h.connect("bad-input-admin", "admin");
    const body = JSON.parse(JSON.stringify(payload).replace("ROOM", roomId)) as unknown;
    expect(await h.call(admin, event, body)).toMatchObject({
      ok: false,
      error: { code: "VALIDATION" },
    });
    expect(admin.connected).toBe(true);
  });

  // Socket.IO hands every packet to the socket's one listener (`ChatEvents.serve`); an event
  // it does not serve, one named like an emitter's own ("error") or like an
  // Object method, must get its answer and harm nothing.
  it.each(["no-such-event", "error", "constructor", "__proto__", "toString"])(
    "answers the unknown event %s with VALIDATION and the server lives on",
    async (event) => {
      const socket = await h.connect("bad-unknown");
      expect(await h.call(socket, event, { roomId })).toEqual({
        ok: false,
        error: { code: "VALIDATION", message: `unknown event "${event}"` },
      });
      socket.emit(event, { roomId }); // no ack: nothing to answer, nothing to break
      expect((await h.call(socket, "join-chat", {})).ok).toBe(true);
      expect(socket.connected).toBe(true);
    },
  );

  // Last in this file: the host's middleware stays on the namespace for later connections.
  it("runs a host's socket.use() middleware before its events: what the host refuses is not stored", async () => {
    h.server.chat.namespace.on("connection", (socket) => {
      socket.use(([event], next) =>
        event === "send-message" ? next(new Error("the host says no")) : next(),
      );
    });
    const guarded = await h.connect("bad-host-middleware");
    const room = await openRoom(h, guarded);
    const before = await countMessages(h);
    guarded.emit("send-message", { roomId: room, clientMessageId: "host-no", content: "refused" });
    await new Promise((r) => setTimeout(r, 500)); // a send is stored in tens of milliseconds
    expect(await countMessages(h)).toBe(before);
    expect((await h.call(guarded, "fetch-messages", { roomId: room })).ok).toBe(true);
  });
});
