// A customer's next message after their room closed opens a new room, and nothing is lost
// or doubled on the way: whether the client heard `chat-closed`, learned it from a
// `ROOM_CLOSED` answer, or was offline while it happened.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { customerInRoom as inRoom, dbView, makeClient, settle, view } from "../test/unit.ts";
import { closeRoom } from "./testing/index.ts";
import { FakeServer } from "./testing/index.ts";

let server: FakeServer;

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse("2025-01-01T00:00:00.000Z") });
  server = new FakeServer();
});
afterEach(() => vi.useRealTimers());

const contents = (roomId: string) => server.roomMessages(roomId).map((m) => m.content);

const customerInRoom = () => inRoom(server);

/** The room the customer's client shows now (the one `join` made active). */
const activeRoom = (client: ReturnType<typeof makeClient>["client"]) =>
  client.store.getState().activeRoomId!;

describe("a customer's closed room", () => {
  it("after chat-closed, the next message opens a new room and is stored there once", async () => {
    const { client, socket, roomId } = await customerInRoom();
    client.send(roomId, "first");
    await settle();
    closeRoom(server, roomId);
    await settle();
    expect(client.store.getState().rooms[roomId]!.status).toBe("closed");

    const copy = client.send(roomId, "hello again");
    expect(copy.localStatus).toBe("pending");
    await settle();

    const next = activeRoom(client);
    expect(next).not.toBe(roomId);
    expect(server.rooms.get(next)!.status).toBe("open");
    expect(contents(roomId)).toEqual(["first"]);
    expect(contents(next)).toEqual(["hello again"]);
    expect(view(client, roomId)).toEqual(dbView(server, roomId));
    expect(view(client, next)).toEqual(dbView(server, next));
    // Nothing was sent into the closed room, and later sends to it go to the new one.
    client.send(roomId, "and again");
    await settle();
    expect(contents(next)).toEqual(["hello again", "and again"]);
    expect(server.rooms.size).toBe(2);
    const targets = socket.sent("send-message").map((p) => p.roomId);
    expect(targets).toEqual([roomId, next, next]);
  });

  it("a send answered ROOM_CLOSED moves, with what was queued behind it, in order", async () => {
    const { client, socket, roomId } = await customerInRoom();
    // Closed without the client hearing of it (the event is still on its way).
    server.rooms.set(roomId, { ...server.rooms.get(roomId)!, status: "closed" });
    const one = client.send(roomId, "one");
    const two = client.send(roomId, "two");
    await settle();

    const next = activeRoom(client);
    expect(next).not.toBe(roomId);
    expect(client.store.getState().rooms[roomId]!.status).toBe("closed");
    expect(contents(roomId)).toEqual([]);
    expect(contents(next)).toEqual(["one", "two"]);
    expect(server.roomMessages(next).map((m) => m.clientMessageId)).toEqual([
      one.clientMessageId,
      two.clientMessageId,
    ]);
    expect(view(client, roomId)).toEqual([]);
    expect(view(client, next)).toEqual(dbView(server, next));
    expect(socket.sent("send-message").map((p) => [p.roomId, p.content])).toEqual([
      [roomId, "one"],
      [next, "one"],
      [next, "two"],
    ]);
  });

  it("messages written offline while the room closed go to a new room after the reconnect", async () => {
    const { client, socket, roomId } = await customerInRoom();
    socket.drop();
    closeRoom(server, roomId); // the client is away: it hears nothing
    client.send(roomId, "x");
    client.send(roomId, "y");
    socket.log.length = 0;
    socket.goOnline();
    await settle();

    const next = activeRoom(client);
    expect(next).not.toBe(roomId);
    expect(contents(next)).toEqual(["x", "y"]);
    expect(socket.sent("join-chat")).toEqual([{ roomId }, {}]);
    expect(socket.sent("send-message").every((p) => p.roomId === next)).toBe(true);
    expect(view(client, next)).toEqual(dbView(server, next));
  });

  it("a send stored before the close whose ACK was lost stays in the old room, once", async () => {
    const { client, socket, roomId } = await customerInRoom();
    socket.intercept = (event) => (event === "send-message" ? { loseAck: true } : undefined);
    const a = client.send(roomId, "a"); // stored, but the client never hears so
    await settle();
    socket.drop();
    socket.intercept = () => undefined;
    closeRoom(server, roomId);
    client.send(roomId, "b");
    socket.goOnline();
    await settle();

    const next = activeRoom(client);
    expect(contents(roomId)).toEqual(["a"]);
    expect(contents(next)).toEqual(["b"]);
    expect(server.messages.filter((m) => m.clientMessageId === a.clientMessageId)).toHaveLength(1);
    expect(view(client, roomId)).toEqual(dbView(server, roomId));
    expect(view(client, next)).toEqual(dbView(server, next));
  });

  it("opens no room when the only held message turns out to be stored already", async () => {
    const { client, socket, roomId } = await customerInRoom();
    socket.intercept = (event) => (event === "send-message" ? { loseAck: true } : undefined);
    client.send(roomId, "a");
    await settle();
    socket.drop();
    socket.intercept = () => undefined;
    closeRoom(server, roomId);
    socket.goOnline();
    await settle();

    expect(server.rooms.size).toBe(1);
    expect(view(client, roomId)).toEqual(dbView(server, roomId));
    expect(client.store.getState().activeRoomId).toBe(roomId);
  });
});

describe("an admin's send into a closed room", () => {
  it("fails as ROOM_CLOSED and opens nothing", async () => {
    const room = server.createRoom("c1");
    const { client, socket } = makeClient(server, "a1", "admin");
    client.connect();
    socket.goOnline();
    await client.join(room.id);
    closeRoom(server, room.id);
    await settle();
    const late = client.send(room.id, "late");
    await settle();
    const held = client.store.getState().messagesByRoom[room.id]!;
    expect(held.find((m) => m.clientMessageId === late.clientMessageId)).toMatchObject({
      localStatus: "failed",
      error: { code: "ROOM_CLOSED" },
    });
    expect(server.rooms.size).toBe(1);
  });
});
