import {
  ChatError,
  ErrorCode,
  type Agent,
  type Attachment,
  type CannedResponse,
  type CreateCannedResponseInput,
  type ClientEventName,
  type ChatStats,
  type CustomerInfo,
  type ListRoomsPayload,
  type Room,
  type ServerToClientEvents,
  type TranscriptEmailed,
  type TranscriptFormat,
  type UpdateCannedResponseInput,
  type WidgetConfig,
} from "@switchboard/protocol";
import { fetchTranscript, fetchWidgetConfig, requestTranscriptEmail } from "./customer.ts";
import {
  fetchAgents,
  fetchCanned,
  fetchSearch,
  patchCanned,
  postCanned,
  removeCanned,
  type SearchPage,
  type SearchQuery,
} from "./desk.ts";
import {
  fetchFile,
  fetchStats,
  getJson,
  uploadFile,
  type HttpConfig,
  type NativeFile,
  type UploadOptions,
} from "./http.ts";
import { decodeTokenIdentity } from "./identity.ts";
import { stillSent } from "./reducers.ts";
import { DeliveryReceipts } from "./receipts.ts";
import { fetchOlderPage, syncRoom, type SyncDeps } from "./resync.ts";
import { applyServerEvents } from "./serverEvents.ts";
import { Rpc, StaleSyncError } from "./rpc.ts";
import { createSendQueue, type SendQueue } from "./sendQueue.ts";
import {
  createSocketService,
  type SocketService,
  type SocketServiceHooks,
} from "./socketService.ts";
import { uploadThenSend, type SendFilesOptions, type SendFilesResult } from "./sendFiles.ts";
import { createChatStore } from "./store.ts";
import { RoomSuccession } from "./succession.ts";
import { backoffDelay, type ClientEventPayload } from "./transport.ts";
import { TypingSignals } from "./typing.ts";
import { createTypingTracker, type TypingTracker } from "./typingTracker.ts";
import type {
  Availability,
  ChatClient,
  ChatClientOptions,
  ChatMessage,
  ChatState,
  ChatStore,
  ClientIdentity,
  RoomPage,
  SendOptions,
} from "./types.ts";

export { TYPING_THROTTLE_MS } from "./typing.ts";
/** A room's resync that has failed this often says so in the console (and keeps trying). */
const RESYNC_WARN_AFTER = 8;

/** Tries of each room's resync before the send queue goes on (the room keeps trying). */
const RESYNC_FIRST_PASS = 3;

/**
 * How long a `room-updated` naming a message we lack waits before the room is resynced: the
 * message's own `new-message` usually arrives first (or just after, from another node).
 */
export const HEAL_AFTER_MS = 1000;

/** Rooms re-joined in parallel by the resync after a connect. */
const RESYNC_CONCURRENCY = 4;

/** Makes the socket service a client runs on (see {@link createChatClientWith}). */
export type SocketServiceFactory = (hooks: SocketServiceHooks) => SocketService;

/**
 * Creates the chat SDK: a socket that reconnects by itself, a store to render from, an
 * outgoing queue that delivers every message exactly once, and a resync after every
 * (re)connect so that the store holds what the database holds ("nothing lost, nothing
 * doubled"). Framework-free: read `client.store` with `getState()` and `subscribe()` (in
 * React, through `useSyncExternalStore`). The state lives in the built-in store unless
 * `options.store` puts it elsewhere (e.g. the host's Redux store), and HTTP calls go through
 * `options.fetch` when given.
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
export function createChatClient(options: ChatClientOptions): ChatClient {
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
): ChatClient {
  return new SwitchboardChatClient(options, makeService);
}

class SwitchboardChatClient implements ChatClient {
  readonly store: ChatStore;
  readonly typingTracker: TypingTracker;
  private me: ClientIdentity | null = null;
  /** Rooms to re-join after every connect. */
  private readonly joined = new Set<string>();
  /** Rooms whose catch-up after a lost `new-message` is waiting or running (see heal). */
  private readonly healing = new Set<string>();
  /** Bumped on every connect and disconnect: a resync of an older one stops. */
  private generation = 0;
  private readonly timeoutMs: number;
  private readonly service: SocketService;
  private readonly rpc: Rpc;
  private readonly queue: SendQueue;
  private readonly receipts: DeliveryReceipts;
  private readonly signals: TypingSignals;
  private readonly succession: RoomSuccession;
  private readonly http: HttpConfig;
  private readonly olderLoads = new Map<string, Promise<boolean>>();

  constructor(options: ChatClientOptions, makeService: SocketServiceFactory) {
    this.timeoutMs = options.ackTimeoutMs ?? 10_000;
    this.store = options.store ?? createChatStore();
    this.store.setConnectionStatus("idle");
    this.http = {
      url: options.url,
      getToken: options.getToken,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    };
    this.service = makeService({
      onStatus: (status) => this.store.setConnectionStatus(status),
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
      onUpdate: (m) => this.store.addMessage(m),
      ackTimeoutMs: this.timeoutMs,
      identity: () => this.me,
      isHeld: (roomId) => this.succession.isHeld(roomId),
      onRoomClosed: (roomId) => this.succession.onSendClosed(roomId),
      onHeld: () => this.succession.settle(),
      onRemove: (roomId, id) => this.store.removeMessage(roomId, id),
    });
    this.succession = new RoomSuccession({
      store: this.store,
      queue: this.queue,
      identity: () => this.me,
      joinOpen: () => this.join(),
    });
    this.signals = new TypingSignals(this.service, this.timeoutMs);
    this.receipts = new DeliveryReceipts({
      emitter: this.service,
      identity: () => this.me,
      filterSent: (roomId, ids) => stillSent(this.state(), roomId, ids),
      timeoutMs: this.timeoutMs,
    });
    applyServerEvents({
      service: this.service,
      store: this.store,
      receipts: this.receipts,
      onRoomChange: () => this.succession.settle(),
    });
    this.service.on("room-updated", (room) => this.heal(room));
    const identity = () => this.me;
    this.typingTracker = createTypingTracker(
      {
        on: (event, handler) => this.service.on(event, handler),
        get identity() {
          return identity();
        },
        store: this.store,
      },
      options.typingTimeoutMs === undefined ? {} : { timeoutMs: options.typingTimeoutMs },
    );
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
    this.store.setActiveRoom(room.id);
    return room;
  }

  send(
    roomId: string,
    content: string,
    attachments?: Attachment[],
    options?: SendOptions,
  ): ChatMessage {
    const copy = this.queue.enqueue(this.succession.route(roomId), content, attachments, options);
    this.succession.settle();
    return copy;
  }

  retry(clientMessageId: string): void {
    this.queue.retry(clientMessageId);
    this.succession.settle();
  }

  async listRooms(query: ListRoomsPayload = {}): Promise<RoomPage> {
    const page = await this.rpc.call("list-rooms", query);
    this.store.upsertRooms(page.rooms);
    return page;
  }

  async assign(roomId: string, adminId?: string): Promise<Room> {
    const { room } = await this.rpc.call(
      "admin-assign",
      adminId ? { roomId, adminId } : { roomId },
    );
    this.store.upsertRoom(room);
    return room;
  }

  async closeChat(roomId: string): Promise<Room> {
    const { room } = await this.rpc.call("close-chat", { roomId });
    this.store.upsertRoom(room);
    this.succession.settle();
    return room;
  }

  upload(file: Blob | NativeFile, options?: UploadOptions): Promise<Attachment> {
    return uploadFile(this.http, file, options);
  }

  sendFiles(
    roomId: string,
    text: string,
    files: readonly (Blob | NativeFile)[],
    options?: SendFilesOptions,
  ): Promise<SendFilesResult> {
    return uploadThenSend(this, roomId, text, files, options);
  }

  fetchFile(url: string): Promise<Blob> {
    return fetchFile(this.http, url);
  }

  customerInfo(customerId: string): Promise<CustomerInfo> {
    return getJson(this.http, `/api/chat/customers/${encodeURIComponent(customerId)}`);
  }

  stats(): Promise<ChatStats> {
    return fetchStats(this.http);
  }

  async setLabels(roomId: string, labels: readonly string[]): Promise<Room> {
    const { room } = await this.rpc.call("set-labels", { roomId, labels: [...labels] });
    this.store.upsertRoom(room);
    return room;
  }

  async setAvailability(status: Availability): Promise<Availability> {
    return (await this.rpc.call("set-availability", { status })).status;
  }

  listAgents(): Promise<Agent[]> {
    return fetchAgents(this.http);
  }

  search(query: SearchQuery): Promise<SearchPage> {
    return fetchSearch(this.http, query);
  }

  listCanned(): Promise<CannedResponse[]> {
    return fetchCanned(this.http);
  }

  createCanned(input: CreateCannedResponseInput): Promise<CannedResponse> {
    return postCanned(this.http, input);
  }

  updateCanned(id: string, change: UpdateCannedResponseInput): Promise<CannedResponse> {
    return patchCanned(this.http, id, change);
  }

  deleteCanned(id: string): Promise<void> {
    return removeCanned(this.http, id);
  }

  widgetConfig(): Promise<WidgetConfig> {
    return fetchWidgetConfig(this.http);
  }

  async setContact(email: string): Promise<Room> {
    const { room } = await this.rpc.call("set-contact", { email });
    this.store.upsertRoom(room);
    return room;
  }

  async rateChat(roomId: string, score: number, comment?: string): Promise<Room> {
    const payload = comment ? { roomId, score, comment } : { roomId, score };
    const { room } = await this.rpc.call("rate-chat", payload);
    this.store.upsertRoom(room);
    return room;
  }

  transcript(roomId: string, format: TranscriptFormat = "text"): Promise<Blob> {
    return fetchTranscript(this.http, roomId, format);
  }

  emailTranscript(roomId: string): Promise<TranscriptEmailed> {
    return requestTranscriptEmail(this.http, roomId);
  }

  loadOlder(roomId: string): Promise<boolean> {
    let load = this.olderLoads.get(roomId);
    if (!load) {
      const deps = this.syncDeps(() => false);
      load = fetchOlderPage(deps, roomId).finally(() => this.olderLoads.delete(roomId));
      this.olderLoads.set(roomId, load);
    }
    return load;
  }

  async markRead(roomId: string, upToMessageId?: string): Promise<void> {
    if (!this.service.connected) return;
    const payload = upToMessageId ? { roomId, upToMessageId } : { roomId };
    // A command (sent once): a receipt that fails is covered by the next read.
    await this.rpc.call("message-read", payload).catch(() => undefined);
  }

  typing(roomId: string): void {
    this.signals.typing(roomId);
  }

  stopTyping(roomId: string): void {
    this.signals.stop(roomId);
  }

  on<E extends keyof ServerToClientEvents>(event: E, handler: ServerToClientEvents[E]): () => void {
    return this.service.on(event, handler);
  }

  private state(): ChatState {
    return this.store.getState();
  }

  private onConnect(): void {
    const generation = ++this.generation;
    this.rpc.connected();
    void this.resync(generation);
  }

  private onDisconnect(): void {
    this.generation++;
    this.queue.pause();
    // Commands in flight reject now (never re-sent); queries go again after the reconnect.
    this.rpc.dropped();
  }

  /**
   * After every connect: re-join and bring up to date every room joined so far (see
   * {@link syncRoom} and `chooseResyncCursor` for where the paging starts), THEN let the
   * queue send, so that re-sent messages land after what we now know of each room. A room
   * still failing after {@link RESYNC_FIRST_PASS} tries does not hold the queue back: it
   * keeps trying in the background for as long as the connection lasts.
   */
  private async resync(generation: number): Promise<void> {
    const stale = () => generation !== this.generation;
    const rooms = [...this.joined];
    const behind: string[] = [];
    const worker = async () => {
      for (let id = rooms.shift(); id !== undefined && !stale(); id = rooms.shift()) {
        if (!(await this.resyncRoom(id, stale, RESYNC_FIRST_PASS))) behind.push(id);
      }
    };
    await Promise.all(Array.from({ length: RESYNC_CONCURRENCY }, worker));
    if (stale()) return;
    this.queue.resume();
    // A room that closed while we were away holds what was written to it meanwhile.
    this.succession.settle();
    for (const id of behind) void this.resyncRoom(id, stale, Infinity);
  }

  /**
   * One room's resync, tried up to `tries` times with backoff (up to 30 s apart) while this
   * connection lasts: a resync that fails (an ack timeout in a reconnect storm, say) must not
   * leave the room behind until some later reconnect. Resolves false when it ran out of tries;
   * true when synced, or when retrying cannot help (the room is gone or refused to us, or the
   * request is one the server will always refuse).
   */
  private async resyncRoom(roomId: string, stale: () => boolean, tries: number): Promise<boolean> {
    for (let attempt = 1; !stale(); attempt++) {
      try {
        await syncRoom(this.syncDeps(stale), roomId, { rejoin: true });
        return true;
      } catch (err) {
        if (err instanceof StaleSyncError || stale()) return true;
        const code = err instanceof ChatError ? err.code : undefined;
        if (code === ErrorCode.FORBIDDEN || code === ErrorCode.NOT_FOUND) {
          this.joined.delete(roomId);
          return true;
        }
        if (code === ErrorCode.VALIDATION || code === ErrorCode.UNAUTHORIZED) {
          console.warn(`switchboard: resync of room ${roomId} refused`, err);
          return true;
        }
        if (attempt === RESYNC_WARN_AFTER)
          console.warn(
            `switchboard: resync of room ${roomId} failed ${attempt} times; still trying`,
            err,
          );
        if (attempt >= tries) return false;
        await new Promise((r) => setTimeout(r, backoffDelay(attempt)));
      }
    }
    return true;
  }

  /**
   * A `room-updated` whose `lastMessageId` this client does not hold, for a room it joined:
   * that message's `new-message` was lost (a node died between its write and its
   * announcement, say; the server tells the room again when the sender retries). After
   * {@link HEAL_AFTER_MS}, if the message is still missing, the room is resynced as after a
   * reconnect (`join-chat { roomId, after }`: only what came after what we hold). One at a
   * time per room; nothing while offline (the reconnect resyncs every joined room anyway).
   */
  private heal(room: Room): void {
    const missing = (): boolean => {
      const last = room.lastMessageId;
      const held = this.state().messagesByRoom[room.id];
      return !!last && !!held && !held.some((m) => m.id === last);
    };
    if (!room?.id || !this.joined.has(room.id) || this.healing.has(room.id) || !missing()) return;
    const generation = this.generation;
    const stale = () => generation !== this.generation;
    this.healing.add(room.id);
    const timer = setTimeout(() => {
      const go = !stale() && this.state().connectionStatus === "online" && missing();
      (go ? this.resyncRoom(room.id, stale, RESYNC_FIRST_PASS) : Promise.resolve(true))
        .catch(() => true)
        .finally(() => this.healing.delete(room.id));
    }, HEAL_AFTER_MS);
    (timer as { unref?: () => void }).unref?.(); // never what keeps a Node process alive
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
}
