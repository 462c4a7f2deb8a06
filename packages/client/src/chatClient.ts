import {
  ChatError,
  ErrorCode,
  LIMITS,
  type Attachment,
  type ClientEventName,
  type Message,
  type Room,
  type ServerToClientEvents,
} from "@switchboard/protocol";
import { decodeTokenIdentity } from "./identity.ts";
import { DeliveryReceipts } from "./receipts.ts";
import { mergeHistoryPage, syncRoom, type SyncDeps } from "./resync.ts";
import { Rpc, StaleSyncError } from "./rpc.ts";
import { createSendQueue, type SendQueue } from "./sendQueue.ts";
import {
  createSocketService,
  type SocketService,
  type SocketServiceHooks,
} from "./socketService.ts";
import { createChatStore, storedMessages } from "./store.ts";
import type { ClientEventPayload } from "./transport.ts";
import type {
  ChatClient,
  ChatClientOptions,
  ChatMessage,
  ChatState,
  ClientIdentity,
} from "./types.ts";

/** At most one `typing` event per room in this period. */
export const TYPING_THROTTLE_MS = 2000;
/** Rooms re-joined in parallel by the resync after a connect. */
const RESYNC_CONCURRENCY = 4;

/** Makes the socket service a client runs on (see {@link createChatClientWith}). */
export type SocketServiceFactory = (hooks: SocketServiceHooks) => SocketService;

/**
 * Creates the chat SDK: a socket that reconnects by itself, a store to render from, an
 * outgoing queue that delivers every message exactly once, and a resync after every
 * (re)connect so that the store holds what the database holds ("nothing lost, nothing
 * doubled"). Framework-free: use `client.store` with zustand's `useStore` in React or
 * React Native, or `store.subscribe` anywhere.
 *
 * @example
 * ```ts
 * const client = createChatClient({ url: "https://chat.example.com", getToken: () => auth.token() });
 * client.connect();
 * const room = await client.join(); // a customer's open room
 * client.send(room.id, "Hello!"); // shows at once as pending
 * client.store.subscribe((s) => render(s.messagesByRoom[room.id] ?? [], s.connectionStatus));
 * ```
 */
export function createChatClient(options: ChatClientOptions): Required<ChatClient> {
  return createChatClientWith(options, (hooks) => createSocketService(options, hooks));
}

/**
 * {@link createChatClient} over another socket service: a fake in tests, or a custom
 * transport. Everything else (store, queue, resync) is the same.
 *
 * @example
 * ```ts
 * const client = createChatClientWith(options, (hooks) => new FakeSocketService(hooks));
 * ```
 */
export function createChatClientWith(
  options: ChatClientOptions,
  makeService: SocketServiceFactory,
): Required<ChatClient> {
  return new SwitchboardChatClient(options, makeService);
}

class SwitchboardChatClient implements Required<ChatClient> {
  readonly store = createChatStore();
  private me: ClientIdentity | null = null;
  /** Rooms to re-join after every connect. */
  private readonly joined = new Set<string>();
  /** Bumped on every connect and disconnect: a resync of an older one stops. */
  private generation = 0;
  private readonly timeoutMs: number;
  private readonly service: SocketService;
  private readonly rpc: Rpc;
  private readonly queue: SendQueue;
  private readonly receipts: DeliveryReceipts;
  private readonly lastTyping = new Map<string, number>();
  private readonly olderLoads = new Map<string, Promise<boolean>>();

  constructor(options: ChatClientOptions, makeService: SocketServiceFactory) {
    this.timeoutMs = options.ackTimeoutMs ?? 10_000;
    this.service = makeService({
      onStatus: (status) => this.state().setConnectionStatus(status),
      onConnect: () => this.onConnect(),
      onDisconnect: () => this.onDisconnect(),
      onToken: (token) => {
        this.me = decodeTokenIdentity(token) ?? this.me;
      },
      onAuthError: (code, error) => options.onAuthError?.(code, error),
    });
    this.rpc = new Rpc(this.service, this.timeoutMs);
    this.queue = createSendQueue({
      emitter: this.service,
      onUpdate: (m) => this.state().addMessage(m),
      ackTimeoutMs: this.timeoutMs,
      identity: () => this.me,
    });
    this.receipts = new DeliveryReceipts({
      emitter: this.service,
      identity: () => this.me,
      filterSent: (roomId, ids) => this.filterSent(roomId, ids),
      timeoutMs: this.timeoutMs,
    });
    this.listen();
  }

  get identity(): ClientIdentity | null {
    return this.me;
  }

  connect(): void {
    this.service.connect();
  }

  disconnect(): void {
    this.generation++;
    this.service.disconnect();
    this.queue.pause();
    this.rpc.closed();
    this.receipts.clear();
  }

  async join(roomId?: string): Promise<Room> {
    const deps = { ...this.syncDeps(() => false), onJoined: (r: Room) => this.joined.add(r.id) };
    const room = await syncRoom(deps, roomId, { rejoin: !!roomId && this.joined.has(roomId) });
    this.state().setActiveRoom(room.id);
    return room;
  }

  send(roomId: string, content: string, attachments?: Attachment[]): ChatMessage {
    return this.queue.enqueue(roomId, content, attachments);
  }

  retry(clientMessageId: string): void {
    this.queue.retry(clientMessageId);
  }

  loadOlder(roomId: string): Promise<boolean> {
    let load = this.olderLoads.get(roomId);
    if (!load) {
      load = this.fetchOlder(roomId).finally(() => this.olderLoads.delete(roomId));
      this.olderLoads.set(roomId, load);
    }
    return load;
  }

  async markRead(roomId: string, upToMessageId?: string): Promise<void> {
    if (!this.service.connected) return;
    const payload = upToMessageId ? { roomId, upToMessageId } : { roomId };
    await this.service.request("message-read", payload, this.timeoutMs).catch(() => undefined);
  }

  typing(roomId: string): void {
    const now = Date.now();
    const last = this.lastTyping.get(roomId);
    if ((last !== undefined && now - last < TYPING_THROTTLE_MS) || !this.service.connected) return;
    this.lastTyping.set(roomId, now);
    this.fire("typing", { roomId });
  }

  stopTyping(roomId: string): void {
    // Only after a `typing`: a blur without typing sends nothing.
    if (this.lastTyping.delete(roomId)) this.fire("stop-typing", { roomId });
  }

  on<E extends keyof ServerToClientEvents>(event: E, handler: ServerToClientEvents[E]): () => void {
    return this.service.on(event, handler);
  }

  private state(): ChatState {
    return this.store.getState();
  }

  private listen(): void {
    const s = () => this.state();
    this.service.on("new-message", (m) => {
      if (!m?.id || !m.roomId) return;
      s().addMessage(m);
      this.receipts.observe([m]);
    });
    this.service.on("chat-history", (e) => {
      if (!e?.roomId || !Array.isArray(e.messages)) return;
      mergeHistoryPage(this.store, e.roomId, e, storedMessages(s(), e.roomId));
      this.receipts.observe(e.messages);
    });
    this.service.on("room-updated", (room) => room?.id && s().upsertRoom(room));
    this.service.on("chat-closed", (e) => {
      const room = e?.roomId ? s().rooms[e.roomId] : undefined;
      if (room) s().upsertRoom({ ...room, status: "closed" });
    });
    this.service.on("message-status", (e) => {
      if (e?.roomId && Array.isArray(e.messageIds)) s().applyMessageStatus?.(e);
    });
  }

  private onConnect(): void {
    const generation = ++this.generation;
    this.rpc.connected();
    void this.resync(generation);
  }

  private onDisconnect(): void {
    this.generation++;
    this.queue.pause();
  }

  /**
   * After every connect: re-join and bring up to date every room joined so far (see
   * {@link syncRoom} and `chooseResyncCursor` for where the paging starts), THEN let the
   * queue send, so that re-sent messages land after what we now know of each room.
   */
  private async resync(generation: number): Promise<void> {
    const stale = () => generation !== this.generation;
    const rooms = [...this.joined];
    const worker = async () => {
      for (let id = rooms.shift(); id !== undefined && !stale(); id = rooms.shift()) {
        await this.resyncRoom(id, stale);
      }
    };
    await Promise.all(Array.from({ length: RESYNC_CONCURRENCY }, worker));
    if (!stale()) this.queue.resume();
  }

  private async resyncRoom(roomId: string, stale: () => boolean): Promise<void> {
    try {
      await syncRoom(this.syncDeps(stale), roomId, { rejoin: true });
    } catch (err) {
      if (err instanceof StaleSyncError || stale()) return;
      const gone =
        err instanceof ChatError &&
        (err.code === ErrorCode.FORBIDDEN || err.code === ErrorCode.NOT_FOUND);
      if (gone) this.joined.delete(roomId);
      console.warn(`switchboard: resync of room ${roomId} failed`, err);
    }
  }

  private syncDeps(stale: () => boolean): SyncDeps {
    return {
      store: this.store,
      call: <E extends ClientEventName>(event: E, payload: ClientEventPayload<E>) =>
        this.rpc.call(event, payload, stale),
      onMessages: (messages) => this.receipts.observe(messages),
      stale,
    };
  }

  private async fetchOlder(roomId: string): Promise<boolean> {
    const oldest = storedMessages(this.state(), roomId)[0];
    const limit = LIMITS.pageDefault;
    const payload = oldest ? { roomId, before: oldest.id, limit } : { roomId, limit };
    const page = await this.rpc.call("fetch-messages", payload);
    this.state().setMessages(roomId, page.messages, { hasMoreBefore: page.hasMore });
    this.receipts.observe(page.messages);
    return page.hasMore;
  }

  private filterSent(roomId: string, ids: string[]): string[] {
    const held = new Map<string, Message>();
    for (const m of this.state().messagesByRoom[roomId] ?? []) held.set(m.id, m);
    return ids.filter((id) => held.get(id)?.status === "sent");
  }

  /** Best effort, no retry: typing indicators are worthless late. */
  private fire(event: "typing" | "stop-typing", payload: { roomId: string }): void {
    if (!this.service.connected) return;
    this.service.request(event, payload, this.timeoutMs).catch(() => undefined);
  }
}
