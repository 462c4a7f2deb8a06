import { EventEmitter } from "node:events";
import { pino } from "pino";
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { ChatEvents, type ChatSocket } from "./socketHandler.ts";

/** Just what `ChatEvents` touches of a socket: `listeners`, `id`, `data`, `disconnected`. */
function fakeSocket() {
  const socket = Object.assign(new EventEmitter(), {
    id: "s1",
    data: { user: { userId: "u1", role: "customer" as const } },
    disconnected: false,
  });
  return socket;
}

const hooks = { logger: pino({ level: "silent" }) };
const ask = (events: ChatEvents, socket: EventEmitter, event: string, ...payload: unknown[]) =>
  new Promise((resolve) =>
    events.serve(socket as unknown as ChatSocket, event, [...payload, resolve]),
  );
const empty = async () => ({ messages: [], hasMore: false });

describe("ChatEvents", () => {
  it("does not run the work of a request whose socket has disconnected", async () => {
    const socket = fakeSocket();
    let runs = 0;
    const events = new ChatEvents(hooks).on("fetch-messages", z.object({}), async () => {
      runs++;
      return empty();
    });
    expect(await ask(events, socket, "fetch-messages", {})).toMatchObject({ ok: true });
    socket.disconnected = true;
    expect(await ask(events, socket, "fetch-messages", {})).toMatchObject({
      ok: false,
      error: { code: "INTERNAL" },
    });
    expect(runs).toBe(1);
  });

  it("tells the work whether its socket is gone, so a long read can stop midway", async () => {
    const socket = fakeSocket();
    const seen: boolean[] = [];
    const events = new ChatEvents(hooks).on(
      "fetch-messages",
      z.object({}),
      async (_input, _user, _socket, gone) => {
        seen.push(gone());
        socket.disconnected = true;
        seen.push(gone());
        return empty();
      },
    );
    await ask(events, socket, "fetch-messages", {});
    expect(seen).toEqual([false, true]);
  });

  it("gives the work the socket it came from and its user, and the parsed payload", async () => {
    const socket = fakeSocket();
    const events = new ChatEvents(hooks).on(
      "fetch-messages",
      z.object({ roomId: z.string().trim() }),
      async (input, user, from) => {
        expect(input).toEqual({ roomId: "r1" });
        expect(user.userId).toBe("u1");
        expect(from).toBe(socket);
        return empty();
      },
    );
    expect(await ask(events, socket, "fetch-messages", { roomId: " r1 " })).toMatchObject({
      ok: true,
      data: { messages: [] },
    });
  });

  it("answers a payload its schema refuses with VALIDATION and runs nothing", async () => {
    let runs = 0;
    const events = new ChatEvents(hooks).on(
      "fetch-messages",
      z.object({ roomId: z.string() }),
      async () => {
        runs++;
        return empty();
      },
    );
    const socket = fakeSocket();
    for (const bad of [[{ roomId: 5 }], [null], []]) {
      expect(await ask(events, socket, "fetch-messages", ...bad)).toMatchObject({
        ok: false,
        error: { code: "VALIDATION" },
      });
    }
    expect(runs).toBe(0);
  });

  it("answers an event it does not serve with VALIDATION, unless the host listens for it", async () => {
    const events = new ChatEvents(hooks).on("fetch-messages", z.object({}), empty);
    const socket = fakeSocket();
    expect(await ask(events, socket, "no-such-event", {})).toEqual({
      ok: false,
      error: { code: "VALIDATION", message: 'unknown event "no-such-event"' },
    });
    socket.on("error", () => undefined); // as Socket.IO does on every socket
    expect(await ask(events, socket, "error", {})).toMatchObject({
      ok: false,
      error: { code: "VALIDATION" },
    });
    socket.on("host-event", () => undefined);
    let answered = false;
    events.serve(socket as unknown as ChatSocket, "host-event", [{}, () => (answered = true)]);
    await new Promise((r) => setTimeout(r, 10));
    expect(answered).toBe(false);
  });

  it("runs an event sent without an ack, and survives a rule that throws", async () => {
    const socket = fakeSocket();
    const ran: string[] = [];
    const events = new ChatEvents(hooks)
      .on("typing", z.object({ roomId: z.string() }), async (input) => {
        ran.push(input.roomId);
        throw new Error("boom");
      })
      .on("fetch-messages", z.object({}), empty);
    events.serve(socket as unknown as ChatSocket, "typing", [{ roomId: "r1" }]);
    await new Promise((r) => setTimeout(r, 10));
    expect(ran).toEqual(["r1"]);
    expect(await ask(events, socket, "fetch-messages", {})).toMatchObject({ ok: true });
  });
});
