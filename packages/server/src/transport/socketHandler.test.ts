import { EventEmitter } from "node:events";
import { pino } from "pino";
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { handle, type ChatSocket } from "./socketHandler.ts";

/** Just what `handle` touches of a socket: `on`, `id`, `data`, `disconnected`. */
function fakeSocket() {
  const socket = Object.assign(new EventEmitter(), {
    id: "s1",
    data: { user: { userId: "u1", role: "customer" as const } },
    disconnected: false,
  });
  return socket;
}

const hooks = { logger: pino({ level: "silent" }) };
const ask = (socket: EventEmitter, payload: unknown) =>
  new Promise((resolve) => socket.emit("fetch-messages", payload, resolve));

describe("handle", () => {
  it("does not run the work of a request whose socket has disconnected", async () => {
    const socket = fakeSocket();
    let runs = 0;
    handle(socket as unknown as ChatSocket, hooks, "fetch-messages", z.object({}), async () => {
      runs++;
      return { messages: [], hasMore: false };
    });
    expect(await ask(socket, {})).toMatchObject({ ok: true });
    socket.disconnected = true;
    expect(await ask(socket, {})).toMatchObject({ ok: false, error: { code: "INTERNAL" } });
    expect(runs).toBe(1);
  });

  it("tells the work whether its socket is gone, so a long read can stop midway", async () => {
    const socket = fakeSocket();
    const seen: boolean[] = [];
    handle(
      socket as unknown as ChatSocket,
      hooks,
      "fetch-messages",
      z.object({}),
      async (_input, _user, gone) => {
        seen.push(gone());
        socket.disconnected = true;
        seen.push(gone());
        return { messages: [], hasMore: false };
      },
    );
    await ask(socket, {});
    expect(seen).toEqual([false, true]);
  });
});
