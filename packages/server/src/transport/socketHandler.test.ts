import { EventEmitter } from "node:events";
import { pino } from "pino";
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { ChatEvents, type ChatSocket } from "./socketHandler.ts";

/**
 * Just what `ChatEvents` touches of a socket: `on`, `onAny`, `listeners`, `id`, `data`,
 * `disconnected`; `packet` delivers as Socket.IO does (the any-listeners, then the event's).
 */
function fakeSocket() {
  const any: ((event: string, ...args: unknown[]) => void)[] = [];
  const socket = Object.assign(new EventEmitter(), {
    id: "s1",
    data: { user: { userId: "u1", role: "customer" as const } },
    disconnected: false,
    onAny(listener: (event: string, ...args: unknown[]) => void) {
      any.push(listener);
    },
    packet(event: string, ...args: unknown[]) {
      for (const listener of any) listener(event, ...args);
      socket.emit(event, ...args);
    },
  });
  return socket;
}
type FakeSocket = ReturnType<typeof fakeSocket>;

const hooks = { logger: pino({ level: "silent" }) };
const attached = (events: ChatEvents, socket = fakeSocket()) => {
  events.attach(socket as unknown as ChatSocket);
  return socket;
};
const ask = (socket: FakeSocket, event: string, ...payload: unknown[]) =>
  new Promise((resolve) => socket.packet(event, ...payload, resolve));
const empty = async () => ({ messages: [], hasMore: false });

describe("ChatEvents", () => {
  it("does not run the work of a request whose socket has disconnected", async () => {
    let runs = 0;
    const events = new ChatEvents(hooks).on("fetch-messages", z.object({}), async () => {
      runs++;
      return empty();
    });
    const socket = attached(events);
    expect(await ask(socket, "fetch-messages", {})).toMatchObject({ ok: true });
    socket.disconnected = true;
    expect(await ask(socket, "fetch-messages", {})).toMatchObject({
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
    attached(events, socket);
    await ask(socket, "fetch-messages", {});
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
    attached(events, socket);
    expect(await ask(socket, "fetch-messages", { roomId: " r1 " })).toMatchObject({
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
    const socket = attached(events);
    for (const bad of [[{ roomId: 5 }], [null], []]) {
      expect(await ask(socket, "fetch-messages", ...bad)).toMatchObject({
        ok: false,
        error: { code: "VALIDATION" },
      });
    }
    expect(runs).toBe(0);
  });

  it("shares each event's listener between sockets: a socket adds no function per event", () => {
    const events = new ChatEvents(hooks)
      .on("fetch-messages", z.object({}), empty)
      .on("typing", z.object({}), async () => ({}));
    const [a, b] = [attached(events), attached(events)];
    for (const event of ["fetch-messages", "typing"]) {
      expect(a.listeners(event)).toHaveLength(1);
      expect(a.listeners(event)[0]).toBe(b.listeners(event)[0]);
    }
  });

  it("answers an event it does not serve with VALIDATION, unless the host listens for it", async () => {
    const socket = attached(new ChatEvents(hooks).on("fetch-messages", z.object({}), empty));
    expect(await ask(socket, "no-such-event", {})).toEqual({
      ok: false,
      error: { code: "VALIDATION", message: 'unknown event "no-such-event"' },
    });
    socket.on("error", () => undefined); // as Socket.IO does on every socket
    expect(await ask(socket, "error", {})).toMatchObject({
      ok: false,
      error: { code: "VALIDATION" },
    });
    socket.on("host-event", () => undefined);
    let answered = false;
    socket.packet("host-event", {}, () => (answered = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(answered).toBe(false);
  });

  it("runs an event sent without an ack, and survives a rule that throws", async () => {
    const ran: string[] = [];
    const events = new ChatEvents(hooks)
      .on("typing", z.object({ roomId: z.string() }), async (input) => {
        ran.push(input.roomId);
        throw new Error("boom");
      })
      .on("fetch-messages", z.object({}), empty);
    const socket = attached(events);
    socket.packet("typing", { roomId: "r1" });
    await new Promise((r) => setTimeout(r, 10));
    expect(ran).toEqual(["r1"]);
    expect(await ask(socket, "fetch-messages", {})).toMatchObject({ ok: true });
  });

  it("answers even when recording the event throws", async () => {
    const throwing = {
      ...hooks,
      after: () => {
        throw new Error("metrics down");
      },
    };
    const socket = attached(new ChatEvents(throwing).on("fetch-messages", z.object({}), empty));
    expect(await ask(socket, "fetch-messages", {})).toMatchObject({ ok: true });
  });

  it("answers a packet with an ack and no data at all (the ack in the event's place)", async () => {
    const socket = attached(new ChatEvents(hooks).on("fetch-messages", z.object({}), empty));
    const answer = await new Promise((resolve) => socket.packet(resolve as unknown as string));
    expect(answer).toMatchObject({ ok: false, error: { code: "VALIDATION" } });
  });

  it("runs nothing when a listener is called without its socket", async () => {
    let runs = 0;
    const events = new ChatEvents(hooks).on("fetch-messages", z.object({}), async () => {
      runs++;
      return empty();
    });
    const socket = attached(events);
    const [listener] = socket.listeners("fetch-messages") as ((...a: unknown[]) => void)[];
    listener!.call(undefined, {}, () => undefined);
    listener!.call({}, {}, () => undefined);
    await new Promise((r) => setTimeout(r, 10));
    expect(runs).toBe(0);
  });
});
