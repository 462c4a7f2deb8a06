/** The socket double: a socket service bound to a {@link FakeServer}. */
import type {
  Ack,
  ClientEventData,
  ClientEventName,
  Role,
  ServerEventName,
  ServerToClientEvents,
} from "@switchboard/protocol";
import { fakeToken, type FakeServer, type Intercept } from "./fakeServer.ts";
import type { SocketService, SocketServiceHooks } from "../socketService.ts";
import type { ClientEventPayload } from "../transport.ts";

/**
 * A socket service whose "network" is a {@link FakeServer}. Acks arrive asynchronously (a
 * microtask). The test drives the connection: `connect()` only says `connecting` until
 * `goOnline()` (or set `autoOnline`), `drop()` cuts it as a network would.
 *
 * @example
 * ```ts
 * const client = createChatClientWith(options, (hooks) => new FakeSocketService(hooks, server, "u1", "customer"));
 * ```
 */
export class FakeSocketService implements SocketService {
  connected = false;
  /** The rooms this socket is in (as the server's Socket.IO rooms). */
  readonly rooms = new Set<string>();
  /** Every request made, in order: plain recorded calls to assert on. */
  readonly log: {
    /** The event's name. */
    event: ClientEventName;
    /** The payload as sent. */
    payload: Record<string, unknown>;
  }[] = [];
  /** Decides per request whether the server answers it (see {@link Intercept}). */
  intercept: (event: ClientEventName, payload: Record<string, unknown>) => Intercept = () =>
    undefined;
  /** When true, `connect()` goes online by itself (in a microtask): for UI harnesses. */
  autoOnline = false;
  private readonly handlers = new Map<string, Set<(arg: unknown) => void>>();
  private stopped = true;
  private readonly inflight = new Set<(err: Error) => void>();

  /**
   * @param hooks - The client's callbacks (status, connect, token), as the real service gets them.
   * @param server - The fake server this socket talks to.
   * @param userId - The signed-in user.
   * @param role - Their role.
   */
  constructor(
    /** The client's callbacks (status, connect, token). */
    readonly hooks: SocketServiceHooks,
    /** The fake server this socket talks to. */
    readonly server: FakeServer,
    /** The signed-in user. */
    readonly userId: string,
    /** Their role. */
    readonly role: Role,
  ) {}

  connect(): void {
    this.stopped = false;
    this.hooks.onStatus("connecting");
    if (this.autoOnline) queueMicrotask(() => !this.stopped && !this.connected && this.goOnline());
  }

  /** The network comes up: the handshake (token) and `connect`. */
  goOnline(): void {
    this.hooks.onToken?.(fakeToken(this.userId, this.role));
    this.connected = true;
    this.server.sockets.add(this);
    this.hooks.onStatus("online");
    this.hooks.onConnect();
  }

  /** The connection drops: acks in flight fail, the socket leaves its rooms. */
  drop(): void {
    this.connected = false;
    this.rooms.clear();
    this.server.sockets.delete(this);
    for (const reject of [...this.inflight]) reject(new Error("socket has been disconnected"));
    this.hooks.onDisconnect();
    this.hooks.onStatus("reconnecting");
  }

  disconnect(): void {
    this.stopped = true;
    if (this.connected) this.drop();
    this.hooks.onStatus("offline");
  }

  /** Sends a client event to the server; resolves with its ack (see {@link Intercept}). */
  request<E extends ClientEventName>(event: E, payload: ClientEventPayload<E>, timeoutMs: number) {
    const p = payload as Record<string, unknown>;
    this.log.push({ event, payload: p });
    return new Promise<Ack<ClientEventData[E]>>((resolve, reject) => {
      const fail = (err: Error) => {
        clearTimeout(timer);
        this.inflight.delete(fail);
        reject(err);
      };
      const timer = setTimeout(() => fail(new Error("operation has timed out")), timeoutMs);
      this.inflight.add(fail);
      if (!this.connected) return fail(new Error("not connected"));
      const decision = this.intercept(event, p);
      if (decision && "blackhole" in decision) return;
      const ack =
        decision && "answer" in decision ? decision.answer : this.server.handle(this, event, p);
      if (decision && "loseAck" in decision) return;
      queueMicrotask(() => {
        if (!this.inflight.has(fail)) return;
        clearTimeout(timer);
        this.inflight.delete(fail);
        resolve(ack as Ack<ClientEventData[E]>);
      });
    });
  }

  /** Subscribes to a server event pushed to this socket. */
  on<E extends ServerEventName>(event: E, handler: ServerToClientEvents[E]): () => void {
    const set = this.handlers.get(event) ?? new Set();
    this.handlers.set(event, set.add(handler as (arg: unknown) => void));
    return () => set.delete(handler as (arg: unknown) => void);
  }

  /** Delivers a server event to this socket's handlers. */
  push(event: ServerEventName, arg: unknown): void {
    for (const h of this.handlers.get(event) ?? []) h(arg);
  }

  /** The payloads of the requests of one event, in order. */
  sent(event: ClientEventName): Record<string, unknown>[] {
    return this.log.filter((l) => l.event === event).map((l) => l.payload);
  }
}
