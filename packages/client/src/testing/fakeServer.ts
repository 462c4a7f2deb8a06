/**
 * An in-memory chat server that keeps the contract's semantics (idempotent sends, cursors,
 * rooms, closing, receipts, typing, broadcasts), for tests and UI harnesses without a
 * network. The socket service bound to it is in fakeSocket.ts; Socket.IO is not involved.
 */
import {
  compareMessages,
  type Ack,
  type Agent,
  type CannedResponse,
  type ClientEventName,
  type Message,
  type Role,
  type Room,
  type ServerEventName,
  type WidgetConfig,
} from "@switchboard/protocol";
import { FAKE_WIDGET_CONFIG, rateChat, setContact } from "./fakeCustomer.ts";
import { setAvailability, setLabels } from "./fakeDesk.ts";
import { adminAssign, closeRoom, listRooms } from "./fakeRooms.ts";
import { markDelivered, markRead, relayTyping } from "./fakeSignals.ts";
import type { FakeSocketService } from "./fakeSocket.ts";

/** Base64url of a string, with what browsers, Node and React Native all have. */
function base64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  const binary = Array.from(bytes, (b) => String.fromCharCode(b)).join("");
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * A JWT-shaped token (unsigned, so only for fakes) carrying `sub`, `role` and `name` when
 * given: what the SDK reads as the identity.
 *
 * @example
 * ```ts
 * decodeTokenIdentity(fakeToken("u1", "customer")); // { userId: "u1", role: "customer" }
 * ```
 */
export function fakeToken(sub: string, role: Role, name?: string): string {
  const b64 = (o: object) => base64Url(JSON.stringify(o));
  const payload = name === undefined ? { sub, role } : { sub, role, name };
  return `${b64({ alg: "HS256", typ: "JWT" })}.${b64(payload)}.sig`;
}

/** What an interceptor may do with a request: answer it, or let the server handle it. */
export type Intercept =
  | {
      /** The answer to give; the server does not handle the request. */
      answer: Ack<unknown>;
    }
  /** The server stores the change but the ACK is lost (the request times out). */
  | {
      /** The server stores the change but the ACK is lost (the request times out). */
      loseAck: true;
    }
  /** Nothing reaches the server; the request times out. */
  | {
      /** Nothing reaches the server; the request times out. */
      blackhole: true;
    }
  | undefined;

/** A transcript the fake server was asked to email (`FakeServer.transcriptEmails`). */
export interface FakeTranscriptEmail {
  /** The room whose transcript it is. */
  roomId: string;
  /** The address it went to. */
  to: string;
}

/**
 * An in-memory server: one "database" and the sockets connected to it. Pushes are
 * asynchronous (a microtask), as a network's are; the tests drive time and connectivity.
 *
 * @example
 * ```ts
 * const server = new FakeServer();
 * const room = server.createRoom("u1");
 * server.store(room.id, "agent-1", "admin", "Hello!"); // pushed to the room's sockets
 * ```
 */
export class FakeServer {
  /** The "database" of messages, ascending by (createdAt, id). */
  readonly messages: Message[] = [];
  /** The rooms by id. */
  readonly rooms = new Map<string, Room>();
  /** The sockets connected now. */
  readonly sockets = new Set<FakeSocketService>();
  /** Contract v2: the team `GET /api/chat/agents` lists (`openRooms` is counted). */
  readonly agents: Agent[] = [];
  /** Contract v2: each agent's `set-availability`, by user id. */
  readonly availability = new Map<string, "online" | "away">();
  /** Contract v2: the canned responses, by id (see `createFakeFetch`). */
  readonly canned = new Map<string, CannedResponse>();
  /** Contract v2: what `GET /api/chat/widget-config` answers (see `createFakeFetch`). */
  widgetConfig: WidgetConfig = { ...FAKE_WIDGET_CONFIG };
  /**
   * The transcripts emailed (`POST .../transcript/email`, see `createFakeFetch`), oldest
   * first: the room and the address it went to.
   */
  readonly transcriptEmails: FakeTranscriptEmail[] = [];
  private seq = 0;
  /** The server clock; each stored message takes the next millisecond. */
  clock = Date.parse("2025-01-01T00:00:00.000Z");

  /** A new 24-hex id, increasing. */
  nextId(): string {
    return (++this.seq).toString(16).padStart(24, "0");
  }

  /** Opens a room for a customer (not assigned, no message). */
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

  /** The stored messages of a room, ascending. */
  roomMessages(roomId: string): Message[] {
    return this.messages.filter((m) => m.roomId === roomId);
  }

  /** Answers one client event of socket `s` (what the socket's `request` reaches). */
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
      case "set-labels":
        return setLabels(this, s, p);
      case "set-availability":
        return setAvailability(this, s, p);
      case "set-contact":
        return setContact(this, s, p);
      case "rate-chat":
        return rateChat(this, s, p);
      case "typing":
      case "stop-typing":
        return relayTyping(this, s, event, p.roomId as string);
      case "message-delivered":
        return markDelivered(this, s, p.roomId as string, p.messageIds as string[]);
      case "message-read":
        return markRead(this, s, p.roomId as string, p.upToMessageId as string | undefined);
      default:
        return { ok: true, data: { updated: [] } };
    }
  }

  /** Pushes an event to every socket in the room (but `except`, when given). */
  broadcast(
    roomId: string,
    event: ServerEventName,
    arg: unknown,
    except?: FakeSocketService,
  ): void {
    for (const s of this.sockets)
      if (s !== except && s.rooms.has(roomId)) this.deliver(s, roomId, event, arg);
  }

  /** Closes a room as the server does (`chat-closed`, then `room-updated`). */
  closeRoom(roomId: string): Ack<unknown> {
    return closeRoom(this, roomId);
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
