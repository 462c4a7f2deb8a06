/** Helpers of the unit tests: an SDK client on a {@link FakeServer} (not exported). */
import type { Role } from "@switchboard/protocol";
import { vi } from "vitest";
import { createChatClientWith } from "./chatClient.ts";
import type { FakeServer } from "./fakeServer.ts";
import { FakeSocketService } from "./fakeSocket.ts";
import type { ChatClient } from "./types.ts";

/** A client of `userId` whose socket is a fake on `server`; call `socket.goOnline()`. */
export function makeClient(server: FakeServer, userId = "u1", role: Role = "customer") {
  let socket!: FakeSocketService;
  const client = createChatClientWith({ url: "http://x", getToken: () => "unused" }, (hooks) => {
    socket = new FakeSocketService(hooks, server, userId, role);
    return socket;
  });
  return { client, socket };
}

/** Lets acks (microtasks) and zero-delay work run, without reaching the ack timeouts. */
export async function settle() {
  for (let i = 0; i < 50; i++) await vi.advanceTimersByTimeAsync(0);
}

/** What a client holds for a room: id, clientMessageId, local status. */
export function view(client: Required<ChatClient>, roomId: string) {
  return (client.store.getState().messagesByRoom[roomId] ?? []).map((m) => ({
    id: m.id,
    cmid: m.clientMessageId,
    local: m.localStatus,
  }));
}

/** The same, for what the fake server stores. */
export function dbView(server: FakeServer, roomId: string) {
  return server
    .roomMessages(roomId)
    .map((m) => ({ id: m.id, cmid: m.clientMessageId, local: "stored" }));
}
