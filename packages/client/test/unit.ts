// Helpers of the package's unit tests (vitest's fake timers); the fakes themselves are in
// src/testing (the `@switchboard/client/testing` entry), which imports no test framework.
import type { Role } from "@switchboard/protocol";
import { vi } from "vitest";
import { ChatError } from "@switchboard/protocol";
import type { FetchLike } from "../src/http.ts";
import { createFakeChatClient, createFakeFetch, type FakeServer } from "../src/testing/index.ts";

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

/** An HTTP call a client made through its `fetch`, as {@link recordingClient} records it. */
export interface RecordedCall {
  method: string;
  path: string;
  body?: unknown;
  auth?: string;
}

/**
 * A connected client of `userId` on `server` whose `fetch` (the fake routes) records each
 * call into `calls`: method, path with query, JSON body, Authorization header.
 */
export function recordingClient(
  server: FakeServer,
  calls: RecordedCall[],
  userId: string,
  role: Role,
) {
  const fake = createFakeFetch(server);
  const recording: FetchLike = (url, init) => {
    const { pathname, search } = new URL(url);
    calls.push({
      method: init.method ?? "GET",
      path: pathname + search,
      auth: init.headers.Authorization,
      ...(typeof init.body === "string" ? { body: JSON.parse(init.body) as unknown } : {}),
    });
    return fake(url, init);
  };
  const made = createFakeChatClient(server, { userId, role, autoOnline: true, fetch: recording });
  made.client.connect();
  return made;
}

/** How a promise ended: "resolved", or the ChatError's code. */
export const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => "resolved",
    (e: unknown) => (e instanceof ChatError ? e.code : String(e)),
  );
