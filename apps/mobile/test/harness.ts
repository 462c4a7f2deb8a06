// The screen's unit tests run the SDK's real client (store, send queue, resync, typing
// tracker, receipts) over `@switchboard/client/testing`: a FakeServer with the contract's
// semantics and the fake socket bound to it. What the tests check is what the server saw
// (`socket.sent(event)`, `server.roomMessages(roomId)`) and what the screen shows.
//
// Uploads are HTTP, which the fake server does not speak: `PhoneXhr` stands in for React
// Native's XMLHttpRequest (the SDK uploads with it on a phone, with progress), and React
// Native's own FormData is used, as on a device.
import type { ChatClient } from "@switchboard/client";
import {
  createFakeChatClient,
  createFakeFetch,
  FakeServer,
  type FakeSocketService,
} from "@switchboard/client/testing";
import type { ErrorCode, Message, Room } from "@switchboard/protocol";
import { act } from "@testing-library/react-native";

// The first render of a screen loads React Native's components: slow on a busy machine (a
// full `npm test` with other builds on two cores took 33 s for the first test once). A guard
// against a hang, not a timing check.
jest.setTimeout(90_000);

export const CUSTOMER = "cust-1";
export const AGENT = "agent-1";

/** The calls the screen makes on the client, counted (jest spies on the real client). */
export interface Calls {
  connect: number;
  disconnect: number;
  join: number;
}

/** A fake server with the customer's open room, and the customer's real SDK client on it. */
export interface Harness {
  server: FakeServer;
  /** The customer's open room on the server (the screen joins it). */
  room: Room;
  client: ChatClient;
  socket: FakeSocketService;
  /** How often the screen connected, disconnected and asked for its room. */
  calls(): Calls;
}

/**
 * Sets up a server with the customer's open room (`history` messages from the agent in it,
 * read long ago) and the customer's client, which goes online by itself when the screen connects.
 */
export function setup(options: { history?: number } = {}): Harness {
  const server = new FakeServer();
  const room = server.createRoom(CUSTOMER);
  for (let i = 0; i < (options.history ?? 0); i++) {
    server.store(room.id, AGENT, "admin", `message ${i}`, { status: "read" });
  }
  const { client, socket } = createFakeChatClient(server, {
    userId: CUSTOMER,
    role: "customer",
    autoOnline: true,
  });
  // The SDK's HTTP reads (widget-config) go to the same fake server, through the global
  // fetch as on a phone (a `fetch` option would also take uploads off XMLHttpRequest).
  globalThis.fetch = createFakeFetch(server) as unknown as typeof fetch;
  const spies = {
    connect: jest.spyOn(client, "connect"),
    disconnect: jest.spyOn(client, "disconnect"),
    join: jest.spyOn(client, "join"),
  };
  const calls = () => ({
    connect: spies.connect.mock.calls.length,
    disconnect: spies.disconnect.mock.calls.length,
    join: spies.join.mock.calls.length,
  });
  return { server, room, client, socket, calls };
}

/** An agent's SDK client in the room, online: what they do reaches the screen through the server. */
export async function agentIn(server: FakeServer, roomId: string) {
  const agent = createFakeChatClient(server, { userId: AGENT, role: "admin", autoOnline: true });
  agent.client.connect();
  await settle(() => agent.client.join(roomId));
  return agent;
}

/**
 * Runs `work` inside `act`, then lets the fake network (microtasks) and the SDK's zero-delay
 * work land, in a few rounds of the event loop (`setImmediate`, which the tests' fake timers
 * leave real), so the screen has rendered what followed.
 */
export async function settle<T>(work?: () => T | Promise<T>): Promise<T> {
  let result!: T;
  await act(async () => {
    if (work) result = await work();
    for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
  });
  return result;
}

/** Resolves, inside `act`, once `check` holds after a change of the client's store (no sleeps). */
export function until(client: ChatClient, check: () => boolean): Promise<void> {
  return act(
    () =>
      new Promise<void>((resolve) => {
        if (check()) return resolve();
        const off = client.store.subscribe(() => {
          if (!check()) return;
          off();
          resolve();
        });
      }),
  );
}

/** The messages the customer's client holds for the room, ascending. */
export const held = (client: ChatClient, roomId: string) =>
  client.store.getState().messagesByRoom[roomId] ?? [];

/** The room's stored messages on the server, as `{ content, senderId }`. */
export const stored = (server: FakeServer, roomId: string) =>
  server.roomMessages(roomId).map((m: Message) => ({ content: m.content, senderId: m.senderId }));

/** What the server answers a refused request with. */
export const refuse = (code: ErrorCode) => ({
  answer: { ok: false as const, error: { code, message: code } },
});

/** Jest's fake timers, with the event loop the fake network needs left real. */
export function useFakeClock() {
  jest.useFakeTimers({ doNotFake: ["queueMicrotask", "nextTick", "setImmediate"] });
}

/** One upload the SDK made: what it sent, and the server's side, driven by the test. */
export class PhoneXhr {
  /** Every upload request, oldest first. */
  static requests: PhoneXhr[] = [];
  method = "";
  url = "";
  readonly headers: Record<string, string> = {};
  body: { getAll(key: string): unknown[] } | null = null;
  readonly upload: { onprogress: ((e: ProgressLike) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  status = 0;
  responseText = "";
  aborted = false;

  open(method: string, url: string): void {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string): void {
    this.headers[name] = value;
  }
  getResponseHeader(): string | null {
    return null;
  }
  send(body: PhoneXhr["body"]): void {
    this.body = body;
    PhoneXhr.requests.push(this);
  }
  abort(): void {
    this.aborted = true;
    this.onabort?.();
  }

  /** The multipart `file` part, as React Native's FormData holds it (`{ uri, name, type }`). */
  get file(): unknown {
    return this.body?.getAll("file")[0];
  }
  /** Bytes of the request body sent so far. */
  progress(loaded: number, total: number): void {
    this.upload.onprogress?.({ lengthComputable: true, loaded, total });
  }
  /** The server's answer: `201` with the attachment, or an error body. */
  respond(status: number, body: unknown): void {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.onload?.();
  }
}

interface ProgressLike {
  lengthComputable: boolean;
  loaded: number;
  total: number;
}

/**
 * Gives the test React Native's network globals: {@link PhoneXhr} as XMLHttpRequest and
 * React Native's FormData (jest's environment has neither, so the SDK would use `fetch`).
 * Returns the restore function.
 */
export function phoneNetwork(): () => void {
  const g = globalThis as { XMLHttpRequest?: unknown; FormData?: unknown };
  const before = { XMLHttpRequest: g.XMLHttpRequest, FormData: g.FormData };
  PhoneXhr.requests = [];
  g.XMLHttpRequest = PhoneXhr;
  g.FormData = (
    jest.requireActual("react-native/Libraries/Network/FormData") as { default: unknown }
  ).default;
  return () => Object.assign(g, before);
}
