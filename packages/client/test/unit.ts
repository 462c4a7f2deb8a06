// Helpers of the package's unit tests (vitest's fake timers); the fakes themselves are in
// src/testing (the `@switchboard/client/testing` entry), which imports no test framework.
import type { Role } from "@switchboard/protocol";
import { vi } from "vitest";
import { createFakeChatClient, type FakeServer } from "../src/testing/index.ts";

export { heldView as view, storedView as dbView } from "../src/testing/index.ts";

/** A client of `userId` whose socket is a fake on `server`; call `socket.goOnline()`. */
export function makeClient(server: FakeServer, userId = "u1", role: Role = "customer") {
  return createFakeChatClient(server, { userId, role });
}

/** Lets acks (microtasks) and zero-delay work run, without reaching the ack timeouts. */
export async function settle() {
  for (let i = 0; i < 50; i++) await vi.advanceTimersByTimeAsync(0);
}

/** Customer `u1` online and in their open room (the one `join` made active). */
export async function customerInRoom(server: FakeServer) {
  const { client, socket } = makeClient(server, "u1", "customer");
  client.connect();
  socket.goOnline();
  const room = await client.join();
  return { client, socket, roomId: room.id };
}
