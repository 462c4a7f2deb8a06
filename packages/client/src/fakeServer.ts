/**
 * Test doubles (not exported by the package): an in-memory chat server that keeps the
 * contract's semantics (idempotent sends, cursors, rooms, broadcasts) and a socket
 * service bound to it. They implement the SDK's own narrow interfaces; Socket.IO is not
 * involved at all.
 */
import {
  compareMessages,
  type Ack,
  type ClientEventData,
  type ClientEventName,
  type Message,
  type Role,
  type Room,
  type ServerEventName,
  type ServerToClientEvents,
} from "@switchboard/protocol";
import type { SocketService, SocketServiceHooks } from "./socketService.ts";
import type { ClientEventPayload } from "./transport.ts";

/** A JWT-shaped token (unsigned) carrying `sub` and `role`. */
export function fakeToken(sub: string, role: Role): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${b64({ alg: "HS256", typ: "JWT" })}.${b64({ sub, role })}.sig`;
}

/** What an interceptor may do with a request: answer it, or let the server handle it. */
export type Intercept =
  | { answer: Ack<unknown> }
  /** The server stores the change but the ACK is lost (the request times out). */
  | { loseAck: true }
  /** Nothing reaches the server; the request times out. */
  | { blackhole: true }
  | undefined;

/** An in-memory server: one "database" and the sockets connected to it. */
export class FakeServer {
  readonly messages: Message[] = [];
  readonly rooms = new Map<string, Room>();
  readonly sockets = new Set<FakeSocketService>();
  private seq = 0;
  /** The server clock; each stored message takes the next millisecond. */
  clock = Date.parse("2025-01-01T00:00:00.000Z");

  nextId(): string {
    return (++this.seq).toString(16).padStart(24, "0");
  }

  createRoom(customerId: string): Room {
    const at = new Date(this.clock).toISOString();
    const room: Room = {
      id: this.nextId(),
      customerId,
      adminId: null,
      status: "open",
      lastMessageAt: null,
      unreadCountCustomer: 0,
      unreadCountAdmin: 0,
      createdAt: at,
      updatedAt: at,
    };
    this.rooms.set(room.id, room);
    return room;
  }

  /** Stores a message (as a send would) and pushes it to the room's sockets. */
  store(
    roomId: string,
    senderId: string,
    senderRole: Role,
    content: string,
    opts: Partial<Message> = {},
  ): Message {
    const existing = this.messages.find(
      (m) => m.senderId === senderId && m.clientMessageId === opts.clientMessageId,
    );
    if (existing && opts.clientMessageId) return existing;
    this.clock += 1;
    const message: Message = {
      id: this.nextId(),
      roomId,
      senderId,
      senderRole,
      clientMessageId: `srv-${this.seq}`,
      content,
      attachments: [],
      status: "sent",
      createdAt: new Date(this.clock).toISOString(),
      deliveredAt: null,
      readAt: null,
      ...opts,
    };
    this.messages.push(message);
    this.messages.sort(compareMessages);
    for (const s of this.sockets)
      if (s.rooms.has(roomId)) this.deliver(s, roomId, "new-message", message);
    return message;
  }

  /** Pushes an event asynchronously, as a network would; lost if the socket left the room. */
  deliver(s: FakeSocketService, roomId: string, event: ServerEventName, arg: unknown): void {
    queueMicrotask(() => {
      if (s.rooms.has(roomId)) s.push(event, arg);
    });
  }

  roomMessages(roomId: string): Message[] {
    return this.messages.filter((m) => m.roomId === roomId);
  }

  handle(s: FakeSocketService, event: ClientEventName, p: Record<string, unknown>): Ack<unknown> {
    switch (event) {
      case "join-chat":
        return this.join(s, p.roomId as string | undefined);
      case "send-message": {
        const { roomId, clientMessageId, content } = p as {
          roomId: string;
          clientMessageId: string;
          content: string;
        };
        if (!this.rooms.has(roomId))
          return { ok: false, error: { code: "NOT_FOUND", message: "no room" } };
        return {
          ok: true,
          data: { message: this.store(roomId, s.userId, s.role, content, { clientMessageId }) },
        };
      }
      case "fetch-messages":
        return {
          ok: true,
          data: this.fetch(
            p as { roomId: string; before?: string; after?: string; limit?: number },
          ),
        };
      default:
        return { ok: true, data: { updated: [] } };
    }
  }

  private join(s: FakeSocketService, roomId: string | undefined): Ack<unknown> {
    let room = roomId ? this.rooms.get(roomId) : undefined;
    if (!roomId) {
      room = [...this.rooms.values()].find((r) => r.customerId === s.userId && r.status === "open");
      room ??= this.createRoom(s.userId);
    }
    if (!room) return { ok: false, error: { code: "NOT_FOUND", message: "no room" } };
    s.rooms.add(room.id); // in the room BEFORE the page is read
    const all = this.roomMessages(room.id);
    const messages = all.slice(-50);
    const page = { messages, hasMore: all.length > messages.length };
    this.deliver(s, room.id, "chat-history", { roomId: room.id, ...page });
    return { ok: true, data: { room, ...page } };
  }

  private fetch(p: { roomId: string; before?: string; after?: string; limit?: number }) {
    const all = this.roomMessages(p.roomId);
    const limit = p.limit ?? 50;
    if (p.after) {
      const i = all.findIndex((m) => m.id === p.after);
      const rest = all.slice(i + 1);
      return { messages: rest.slice(0, limit), hasMore: rest.length > limit };
    }
    const end = p.before ? all.findIndex((m) => m.id === p.before) : all.length;
    const messages = all.slice(Math.max(0, end - limit), end);
    return { messages, hasMore: end - limit > 0 };
  }
}

/** A socket service whose "network" is a {@link FakeServer}. Acks arrive asynchronously. */
export class FakeSocketService implements SocketService {
  connected = false;
  readonly rooms = new Set<string>();
  readonly log: { event: ClientEventName; payload: Record<string, unknown> }[] = [];
  intercept: (event: ClientEventName, payload: Record<string, unknown>) => Intercept = () =>
    undefined;
  private readonly handlers = new Map<string, Set<(arg: unknown) => void>>();
  private readonly inflight = new Set<(err: Error) => void>();

  constructor(
    readonly hooks: SocketServiceHooks,
    readonly server: FakeServer,
    readonly userId: string,
    readonly role: Role,
  ) {}

  connect(): void {
    this.hooks.onStatus("connecting");
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
    if (this.connected) this.drop();
    this.hooks.onStatus("offline");
  }

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

  on<E extends ServerEventName>(event: E, handler: ServerToClientEvents[E]): () => void {
    const set = this.handlers.get(event) ?? new Set();
    this.handlers.set(event, set.add(handler as (arg: unknown) => void));
    return () => set.delete(handler as (arg: unknown) => void);
  }

  /** Delivers a server event to this socket's handlers. */
  push(event: ServerEventName, arg: unknown): void {
    for (const h of this.handlers.get(event) ?? []) h(arg);
  }

  sent(event: ClientEventName) {
    return this.log.filter((l) => l.event === event).map((l) => l.payload);
  }
}
