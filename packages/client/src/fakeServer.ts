/**
 * Test doubles (not exported by the package): an in-memory chat server that keeps the
 * contract's semantics (idempotent sends, cursors, rooms, closing, broadcasts) and a
 * socket service bound to it (fakeSocket.ts). They implement the SDK's own narrow
 * interfaces; Socket.IO is not involved at all.
 */
import {
  compareMessages,
  type Ack,
  type ClientEventName,
  type Message,
  type Role,
  type Room,
  type ServerEventName,
} from "@switchboard/protocol";
import { adminAssign, closeRoom, listRooms } from "./fakeRooms.ts";
import { FakeSocketService } from "./fakeSocket.ts";

export { FakeSocketService };

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
        return this.join(s, p.roomId as string | undefined, p.after as string | undefined);
      case "send-message":
        return this.send(s, p as Parameters<FakeServer["send"]>[1]);
      case "fetch-messages":
        return {
          ok: true,
          data: this.fetch(
            p as { roomId: string; before?: string; after?: string; limit?: number },
          ),
        };
      case "list-rooms":
        return listRooms(this, p);
      case "admin-assign":
        return adminAssign(this, s, p);
      case "close-chat":
        return closeRoom(this, p.roomId as string);
      default:
        return { ok: true, data: { updated: [] } };
    }
  }

  /** Pushes an event to every socket in the room. */
  broadcast(roomId: string, event: ServerEventName, arg: unknown): void {
    for (const s of this.sockets) if (s.rooms.has(roomId)) this.deliver(s, roomId, event, arg);
  }

  /** As the real server: a closed room refuses sends, except a retry of a stored one. */
  private send(
    s: FakeSocketService,
    p: { roomId: string; clientMessageId: string; content: string; attachments?: [] },
  ): Ack<unknown> {
    const room = this.rooms.get(p.roomId);
    if (!room) return { ok: false, error: { code: "NOT_FOUND", message: "no room" } };
    const previous = this.messages.find(
      (m) => m.senderId === s.userId && m.clientMessageId === p.clientMessageId,
    );
    if (room.status === "closed" && previous?.roomId !== p.roomId) {
      return { ok: false, error: { code: "ROOM_CLOSED", message: "closed" } };
    }
    const opts = { clientMessageId: p.clientMessageId, attachments: p.attachments ?? [] };
    return { ok: true, data: { message: this.store(p.roomId, s.userId, s.role, p.content, opts) } };
  }

  private join(s: FakeSocketService, roomId: string | undefined, after?: string): Ack<unknown> {
    let room = roomId ? this.rooms.get(roomId) : undefined;
    if (!roomId) {
      room = [...this.rooms.values()].find((r) => r.customerId === s.userId && r.status === "open");
      room ??= this.createRoom(s.userId);
    }
    if (!room) return { ok: false, error: { code: "NOT_FOUND", message: "no room" } };
    s.rooms.add(room.id); // in the room BEFORE the page is read
    const all = this.roomMessages(room.id);
    if (after && !all.some((m) => m.id === after)) {
      return { ok: false, error: { code: "NOT_FOUND", message: "after is not in this room" } };
    }
    // As the server: with `after`, what follows it (contract v2); else the last 50.
    const page = after
      ? this.fetch({ roomId: room.id, after })
      : { messages: all.slice(-50), hasMore: all.length > 50 };
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
