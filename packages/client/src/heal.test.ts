// A `new-message` that never arrived (a node died between its write and its announcement)
// is caught up from the next `room-updated` that names it as the room's last message: the
// room is resynced as after a reconnect, once, and only when the message is still missing.
import type { Room } from "@switchboard/protocol";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { customerInRoom as inRoom, dbView, settle, view } from "../test/unit.ts";
import { HEAL_AFTER_MS } from "./chatClient.ts";
import { FakeServer } from "./testing/index.ts";

let server: FakeServer;
beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse("2025-01-01T00:00:00.000Z") });
  server = new FakeServer();
});
afterEach(() => vi.useRealTimers());

const customerInRoom = () => inRoom(server);

/** An agent's message stored while its `new-message` to `socket` is lost on the way. */
function storeUnannounced(socket: { rooms: Set<string> }, roomId: string, text: string) {
  socket.rooms.delete(roomId);
  const message = server.store(roomId, "agent-1", "admin", text);
  socket.rooms.add(roomId);
  return message;
}

/** The room as the server would announce it now, naming `lastMessageId`. */
const updated = (roomId: string, lastMessageId: string): Room => ({
  ...server.rooms.get(roomId)!,
  lastMessageId,
  updatedAt: new Date(Date.now() + 60_000).toISOString(),
});

describe("catching up a lost new-message", () => {
  it("resyncs the room when room-updated names a message it lacks, after a short wait", async () => {
    const { client, socket, roomId } = await customerInRoom();
    client.send(roomId, "Is anyone there?");
    await settle();
    // The agent's answer is stored, but its new-message is lost on the way.
    const lost = storeUnannounced(socket, roomId, "Yes! How can I help?");
    const spy = vi.spyOn(server, "handle");

    server.broadcast(roomId, "room-updated", updated(roomId, lost.id));
    await settle();
    expect(view(client, roomId)).not.toEqual(dbView(server, roomId)); // not yet: it waits
    await vi.advanceTimersByTimeAsync(HEAL_AFTER_MS);
    await settle();
    expect(view(client, roomId)).toEqual(dbView(server, roomId));
    expect(spy.mock.calls.filter(([, e]) => e === "join-chat")).toHaveLength(1);
  });

  it("does nothing when the message arrives by itself", async () => {
    const { client, roomId } = await customerInRoom();
    const spy = vi.spyOn(server, "handle");
    const told = server.store(roomId, "agent-1", "admin", "Hello!");
    server.broadcast(roomId, "room-updated", updated(roomId, told.id));
    await settle();
    await vi.advanceTimersByTimeAsync(HEAL_AFTER_MS * 2);
    await settle();
    expect(view(client, roomId)).toEqual(dbView(server, roomId));
    expect(spy.mock.calls.filter(([, e]) => e === "join-chat")).toHaveLength(0);
  });

  it("waits for the reconnect's own resync when offline", async () => {
    const { client, socket, roomId } = await customerInRoom();
    const lost = storeUnannounced(socket, roomId, "While you were away");
    const spy = vi.spyOn(server, "handle");
    server.broadcast(roomId, "room-updated", updated(roomId, lost.id));
    await settle();
    socket.drop();
    await vi.advanceTimersByTimeAsync(HEAL_AFTER_MS);
    await settle();
    expect(spy.mock.calls.filter(([, e]) => e === "join-chat")).toHaveLength(0);
    socket.goOnline(); // the reconnect resyncs every joined room
    await settle();
    await vi.advanceTimersByTimeAsync(10);
    await settle();
    expect(view(client, roomId)).toEqual(dbView(server, roomId));
  });
});
