// A ChatClient for the screen's unit tests: the SDK's real store (so selectors, merging and
// dedupe are the real ones) behind a hand-driven transport. The test decides when the
// server answers: `ack(cmid)` stores a queued message, `fail(cmid, code)` refuses it,
// `receive(message)` is a message from the agent, `emit(event, payload)` any server event.
import {
  createChatStore,
  createTypingTracker,
  type ChatClient,
  type ChatMessage,
  type UploadOptions,
} from "@switchboard/client";
import type { Attachment, Message, Room, ServerToClientEvents } from "@switchboard/protocol";

export const ROOM_ID = "6650f1c2a3b4c5d6e7f80911";
const ME = { userId: "cust-1", role: "customer" as const };

let seq = 0;
const nextId = () => `6650f1d0${(++seq).toString(16).padStart(16, "0")}`;
let clock = Date.parse("2026-05-24T09:30:00.000Z");
const now = () => new Date((clock += 1000)).toISOString();

export function makeRoom(over: Partial<Room> = {}): Room {
  return {
    id: ROOM_ID,
    customerId: ME.userId,
    adminId: null,
    status: "open",
    lastMessageAt: null,
    unreadCountCustomer: 0,
    unreadCountAdmin: 0,
    createdAt: "2026-05-24T09:00:00.000Z",
    updatedAt: now(),
    ...over,
  };
}

export function makeMessage(over: Partial<Message> = {}): Message {
  const id = nextId();
  return {
    id,
    roomId: ROOM_ID,
    senderId: "agent-1",
    senderRole: "admin",
    clientMessageId: `c-${id}`,
    content: "Hello from support",
    attachments: [],
    status: "sent",
    createdAt: now(),
    deliveredAt: null,
    readAt: null,
    ...over,
  };
}

type Handler = (payload: never) => void;

type Upload = {
  file: unknown;
  options: UploadOptions;
  resolve(a: Attachment): void;
  reject(e: Error): void;
};

export class FakeChatClient implements ChatClient {
  private handlers = new Map<string, Set<Handler>>();
  readonly store = createChatStore();
  readonly identity = ME;
  /** The SDK's own tracker, over this fake's events. */
  readonly typingTracker = createTypingTracker(this);
  calls = { connect: 0, disconnect: 0, join: 0, retry: [] as string[], loadOlder: 0 };
  markReadCalls: (string | undefined)[] = [];
  typingCalls = 0;
  /** Uploads in flight, oldest first: the test answers them. */
  uploads: Upload[] = [];
  /** When false, `join` waits for `answerJoin()`. */
  autoJoin = true;
  /** When set, the next `join` rejects with it. */
  joinError: Error | null = null;
  private pendingJoins: ((room: Room) => void)[] = [];

  connect(): void {
    this.calls.connect++;
    this.store.setConnectionStatus("online");
  }

  disconnect(): void {
    this.calls.disconnect++;
    this.store.setConnectionStatus("offline");
  }

  join(): Promise<Room> {
    this.calls.join++;
    const error = this.joinError;
    this.joinError = null;
    if (error) return Promise.reject(error);
    return new Promise((resolve) => {
      const done = (room: Room) => {
        this.store.upsertRoom(room);
        this.store.setActiveRoom(room.id);
        resolve(room);
      };
      if (this.autoJoin) done(makeRoom());
      else this.pendingJoins.push(done);
    });
  }

  answerJoin(room = makeRoom(), messages: Message[] = [], hasMore = false): void {
    this.store.setMessages(room.id, messages, { hasMoreBefore: hasMore });
    this.pendingJoins.splice(0).forEach((done) => done(room));
  }

  send(roomId: string, content: string, attachments: Attachment[] = []): ChatMessage {
    const clientMessageId = `cmid-${++seq}`;
    const local: ChatMessage = {
      ...makeMessage({ roomId, content, attachments, clientMessageId }),
      id: `local:${clientMessageId}`,
      senderId: ME.userId,
      senderRole: "customer",
      localStatus: "pending",
    };
    this.store.addMessage(local);
    return local;
  }

  /** The server stored a queued message: it becomes "sent" (✓). */
  ack(clientMessageId: string): Message {
    const { localStatus: _l, error: _e, ...local } = this.find(clientMessageId);
    const stored = makeMessage({
      ...local,
      id: nextId(),
      senderRole: "customer",
      senderId: ME.userId,
    });
    this.store.addMessage(stored);
    return stored;
  }

  /** The server refused a queued message for good. */
  fail(clientMessageId: string, code = "INTERNAL"): void {
    const local = this.find(clientMessageId);
    this.store.addMessage({ ...local, localStatus: "failed", error: { code, message: code } });
  }

  retry(clientMessageId: string): void {
    this.calls.retry.push(clientMessageId);
    const local = this.find(clientMessageId);
    const { error: _error, ...rest } = local;
    this.store.addMessage({ ...rest, localStatus: "pending" });
  }

  loadOlder(): Promise<boolean> {
    this.calls.loadOlder++;
    return Promise.resolve(false);
  }

  markRead(roomId: string, upTo?: string): Promise<void> {
    this.markReadCalls.push(upTo ?? roomId);
    return Promise.resolve();
  }

  upload(file: unknown, options: UploadOptions = {}): Promise<Attachment> {
    return new Promise((resolve, reject) => this.uploads.push({ file, options, resolve, reject }));
  }

  typing(): void {
    this.typingCalls++;
  }

  stopTyping(): void {}

  // Agents' and HTTP calls: the customer's screen never makes them.
  listRooms(): never {
    throw new Error("not in this fake");
  }
  assign(): never {
    throw new Error("not in this fake");
  }
  closeChat(): never {
    throw new Error("not in this fake");
  }
  fetchFile(): never {
    throw new Error("not in this fake");
  }
  sendFiles(): never {
    throw new Error("not in this fake");
  }
  customerInfo(): never {
    throw new Error("not in this fake");
  }
  stats(): never {
    throw new Error("not in this fake");
  }

  on<E extends keyof ServerToClientEvents>(event: E, handler: ServerToClientEvents[E]): () => void {
    let set = this.handlers.get(event);
    if (!set) this.handlers.set(event, (set = new Set()));
    set.add(handler as Handler);
    return () => set.delete(handler as Handler);
  }

  /** A server event, as the SDK would pass it on. */
  emit<E extends keyof ServerToClientEvents>(
    event: E,
    payload: Parameters<ServerToClientEvents[E]>[0],
  ): void {
    for (const h of this.handlers.get(event) ?? []) (h as (p: typeof payload) => void)(payload);
  }

  /** A message from the other side arrives. */
  receive(over: Partial<Message> = {}): Message {
    const m = makeMessage(over);
    this.store.addMessage(m);
    this.emit("new-message", m);
    return m;
  }

  private find(clientMessageId: string): ChatMessage {
    const all = Object.values(this.store.getState().messagesByRoom).flat();
    const m = all.find((x) => x.clientMessageId === clientMessageId);
    if (!m) throw new Error(`no message ${clientMessageId}`);
    return m;
  }
}
