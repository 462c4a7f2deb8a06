import type {
  Agent,
  Attachment,
  CannedResponse,
  ChatStats,
  CreateCannedResponseInput,
  CustomerInfo,
  ListRoomsPayload,
  Message,
  MessageStatusEvent,
  Role,
  Room,
  ServerToClientEvents,
  TranscriptEmailed,
  TranscriptFormat,
  UpdateCannedResponseInput,
  WidgetConfig,
} from "@switchboard/protocol";
import type { ManagerOptions, SocketOptions } from "socket.io-client";
import type { SearchPage, SearchQuery } from "./desk.ts";
import type { FetchLike, NativeFile, UploadOptions } from "./http.ts";
import type { SendFilesOptions, SendFilesResult } from "./sendFiles.ts";
import type { TypingTracker } from "./typingTracker.ts";

export type { SearchPage, SearchQuery } from "./desk.ts";
export type { FetchInit, FetchLike, FetchResponseLike, NativeFile, UploadOptions } from "./http.ts";
export type { SendFilesOptions, SendFilesResult, UploadFailure } from "./sendFiles.ts";

/** A page of `list-rooms`: newest activity first; `hasMore` when older rooms exist. */
export interface RoomPage {
  /** The page, newest activity first. */
  rooms: Room[];
  /** Whether older rooms exist (ask again with `before`: the last room's id). */
  hasMore: boolean;
}

/**
 * Filters of `listRooms` (`list-rooms`): `status` `"open"` (default) or `"closed"`;
 * `assigned` `"me"`, `"unassigned"` or `"any"` (default); `before`: the last room id of
 * the previous page; `limit` 1 to 100 (default 50).
 */
export type ListRoomsQuery = ListRoomsPayload;

/** The connection state shown to the user. */
export type ConnectionStatus = "idle" | "connecting" | "online" | "reconnecting" | "offline";

/**
 * A message as the UI shows it: a stored {@link Message}, or one of ours still in the
 * send queue. A queued message has `id === "local:" + clientMessageId` until its ACK
 * replaces it with the stored one (same `clientMessageId`, so the UI keeps its row).
 */
export interface ChatMessage extends Message {
  /** `pending`: queued or in flight; `failed`: rejected for good (see `error`); `stored`: in the database. */
  localStatus: "pending" | "failed" | "stored";
  /** Why a `failed` message was rejected. */
  error?: {
    /** The server's error code (an `ErrorCode`). */
    code: string;
    /** The server's message, for people. */
    message: string;
  };
}

/**
 * The SDK's state: plain, immutable data (no functions), so that any store can hold it (the
 * built-in one, or a Redux slice through `@switchboard/client/redux`). Every update replaces
 * only what changed, so selectors can compare by reference.
 */
export interface ChatState {
  /** The connection state shown to the user. */
  readonly connectionStatus: ConnectionStatus;
  /** The room the UI shows. */
  readonly activeRoomId: string | null;
  /** The rooms held, by id. */
  readonly rooms: Readonly<Record<string, Room>>;
  /** Ascending by (createdAt, id); pending messages sort after stored ones. */
  readonly messagesByRoom: Readonly<Record<string, readonly ChatMessage[]>>;
  /** Whether older messages exist before the first one held. */
  readonly hasMoreBefore: Readonly<Record<string, boolean>>;
}

/** Called after each change of a {@link ChatStore}'s state, with the state before it. */
export type ChatStoreListener = (state: ChatState, previous: ChatState) => void;

/**
 * Where a client keeps its {@link ChatState}: read with `getState` and `subscribe`, changed
 * by the engine through the actions below (and only by them). The default is the built-in
 * `createChatStore()`; `createReduxChatStore` (from `@switchboard/client/redux`) keeps the
 * state in a host's Redux store. Another implementation should apply `chatReducers`, so
 * that the merge and dedupe rules stay the SDK's.
 *
 * @example
 * ```ts
 * const client = createChatClient({ url, getToken, store: createReduxChatStore(reduxStore) });
 * const off = client.store.subscribe((state, previous) => {
 *   if (state.connectionStatus !== previous.connectionStatus) banner(state.connectionStatus);
 * });
 * ```
 */
export interface ChatStore {
  /** The current state. The same object until something changes. */
  getState(): ChatState;
  /** Calls `listener` after every change (not for actions that changed nothing). Returns the unsubscribe function. */
  subscribe(listener: ChatStoreListener): () => void;
  /** Sets `connectionStatus` (the socket service reports every change). */
  setConnectionStatus(status: ConnectionStatus): void;
  /** Sets `activeRoomId` (a `join` makes its room the active one). */
  setActiveRoom(roomId: string | null): void;
  /** Upserts a room; a copy older (by `updatedAt`) than the one held is ignored. */
  upsertRoom(room: Room): void;
  /** Upserts several rooms in one update (older copies are ignored, as by `upsertRoom`). */
  upsertRooms(rooms: readonly Room[]): void;
  /** Adds or replaces one message (deduped by id and by clientMessageId). */
  addMessage(message: ChatMessage | Message): void;
  /** Merges a page of stored messages into a room (deduped), keeping pending ones. */
  setMessages(
    roomId: string,
    messages: readonly Message[],
    opts?: { hasMoreBefore?: boolean },
  ): void;
  /** Removes one message from a room's list (a queued copy that moved to another room). */
  removeMessage(roomId: string, id: string): void;
  /** Applies a `message-status` event to the named messages that are held. Status only moves forward. */
  applyMessageStatus(event: MessageStatusEvent): void;
}

/** Who the signed-in user is, read from the token's payload (not verified by the client). */
export interface ClientIdentity {
  /** The token's `sub`. */
  userId: string;
  /** The token's `role`. */
  role: Role;
  /** The token's optional `name`. */
  name?: string;
}

/** An agent's availability as they set it (`set-availability`): taking chats, or not. */
export type Availability = "online" | "away";

/** Options of {@link ChatClient.send}. */
export interface SendOptions {
  /**
   * Contract v2: `"note"` sends an agents' private note (agents only), which the server never
   * shows a customer. Default: a message.
   */
  kind?: "message" | "note";
}

/** Options of {@link createChatClient}. */
export interface ChatClientOptions {
  /** Server origin, e.g. `https://chat.example.com`; the SDK connects to `url + "/chat"`. */
  url: string;
  /**
   * Returns the current JWT; called on every (re)connect, before each HTTP call, and shortly
   * before the live socket's token expires (the new one is handed to the server without
   * reconnecting). Return a fresh token when the old one is close to expiry.
   */
  getToken: () => string | Promise<string>;
  /**
   * How long before the token's `exp` the SDK asks `getToken` for the next one. Default 60 s,
   * and never more than a fifth of the token's remaining life.
   */
  tokenRefreshLeadMs?: number;
  /**
   * Ack timeout of one send attempt, and of each try of the SDK's other calls. A command
   * (`assign`, `closeChat`, ...) not answered in this time rejects with `AckTimeoutError`; one
   * made while offline waits this long for the connection. Default 10 s.
   */
  ackTimeoutMs?: number;
  /**
   * Called when the server refuses the token for good (`UNAUTHORIZED`): the client stops
   * reconnecting and goes `offline`. `TOKEN_EXPIRED` is not reported: the client keeps
   * reconnecting, calling `getToken` for a fresh token each attempt.
   */
  onAuthError?: (code: string, error: Error) => void;
  /**
   * Extra Socket.IO options (e.g. `transports: ["websocket"]` on React Native, `path`).
   * `auth` and `autoConnect` are the SDK's own and cannot be overridden.
   */
  socketOptions?: Partial<Omit<ManagerOptions & SocketOptions, "auth" | "autoConnect">>;
  /**
   * Where the client keeps its state: a `createReduxChatStore(reduxStore)` from
   * `@switchboard/client/redux`, or any {@link ChatStore}. Default: a new built-in store
   * (`createChatStore()`). The client sets its connection status to `idle` when created. Do
   * not persist the state across page loads: pending messages live in the client's queue.
   */
  store?: ChatStore;
  /**
   * The `fetch` every HTTP call of the client goes through (`upload`, `sendFiles`,
   * `fetchFile`, `customerInfo`, `stats`, `listAgents`, `search`, the canned responses,
   * `widgetConfig`, `transcript`), e.g. the host's own wrapper with its interceptors.
   * Default `globalThis.fetch`. Given a `fetch`, uploads go through it too, and so report their
   * progress only once, at the end (fetch has no upload progress); without one, uploads use
   * XMLHttpRequest where it exists (browsers, React Native) and report progress as they go.
   */
  fetch?: FetchLike;
  /**
   * How long someone shows as typing after their last `typing` event, when no `stop-typing`
   * or message of theirs came (a lost `stop-typing` must not leave "typing…" up for good).
   * Default `TYPING_TIMEOUT_MS` (8 s).
   */
  typingTimeoutMs?: number;
}

/** The SDK's handle. */
export interface ChatClient {
  /** The client's state: read it with `getState()` / `subscribe()` (see {@link ChatStore}). */
  readonly store: ChatStore;
  /**
   * Who is typing in each room (the other people's `typing` events, expired after
   * `typingTimeoutMs`, cleared by their `stop-typing` or message). See {@link TypingTracker}.
   */
  readonly typingTracker: TypingTracker;
  /** Opens the socket; it reconnects by itself until {@link ChatClient.disconnect}. */
  connect(): void;
  /**
   * Closes the socket and stops reconnecting (status `offline`). Queued messages stay
   * pending and go out after the next `connect()`; calls waiting for the connection
   * (e.g. a `join`) reject.
   */
  disconnect(): void;
  /**
   * Joins a room (customers may omit `roomId`: their open room is fetched or created),
   * makes it active and loads its last page. Re-joined and resynced after every reconnect.
   */
  join(roomId?: string): Promise<Room>;
  /**
   * Queues a message: it shows at once as pending and is sent until ACKed or rejected.
   *
   * A customer's message to a closed room (closed by `chat-closed`, or refused with
   * `ROOM_CLOSED`) opens a new room (join without room id, which becomes the active room)
   * and moves there, keeping its `clientMessageId`: it is stored once, in the new room,
   * and its copy's `roomId` changes. Later sends to the closed room go to the new one.
   */
  send(
    roomId: string,
    content: string,
    attachments?: Attachment[],
    options?: SendOptions,
  ): ChatMessage;
  /** Sends a `failed` message again. */
  retry(clientMessageId: string): void;
  /** Loads the page before the oldest held message. Resolves false when there is nothing more. */
  loadOlder(roomId: string): Promise<boolean>;
  /**
   * The signed-in user, decoded from the token's payload (without verification); `null`
   * until `getToken` has been called once (at the first connect).
   */
  readonly identity: ClientIdentity | null;
  /**
   * Marks the other side's messages in a room as read (all of them, or up to
   * `upToMessageId`). Best effort: does nothing while not connected, never rejects. When to
   * call it is the rule of `markReadTarget` (the room in view, online, something unread).
   */
  markRead(roomId: string, upToMessageId?: string): Promise<void>;
  /** Tells the room that the user is typing; throttled to one event per 2 s per room. */
  typing(roomId: string): void;
  /** Tells the room that the user stopped typing. */
  stopTyping(roomId: string): void;
  /**
   * Subscribes to a raw server event (e.g. `new-message` for a notification sound; who is
   * typing is already kept by `typingTracker`). Works before `connect()` and across
   * reconnects. Returns the unsubscribe function.
   */
  on<E extends keyof ServerToClientEvents>(event: E, handler: ServerToClientEvents[E]): () => void;
  /**
   * Admins: one page of rooms (`list-rooms`), newest activity first. The rooms are also put
   * in the store, where `room-updated` events keep them current. A read: it waits for the
   * connection, and is tried up to 5 times (timeouts, `INTERNAL`, `RATE_LIMITED`) with a growing
   * wait before it rejects.
   *
   * @example
   * ```ts
   * const first = await client.listRooms({ status: "open", assigned: "me", limit: 30 });
   * const next = await client.listRooms({ status: "open", assigned: "me", before: first.rooms.at(-1)!.id });
   * ```
   */
  listRooms(query?: ListRoomsQuery): Promise<RoomPage>;
  /**
   * Admins: assigns an open room to `adminId`, or to the caller when omitted. Resolves with
   * the updated room (also in the store); rejects with a `ChatError` (`ROOM_CLOSED`, ...).
   * A command: sent once, never again. No answer within `ackTimeoutMs`: `AckTimeoutError`
   * (a `ChatError` with code `INTERNAL`: it may or may not have been applied); the connection
   * lost meanwhile: `DisconnectedError` (`sent` says whether it had gone out).
   *
   * @example
   * ```ts
   * await client.assign(roomId); // "Assign to me"
   * await client.assign(roomId, "agent-7");
   * ```
   */
  assign(roomId: string, adminId?: string): Promise<Room>;
  /**
   * Closes a room (an admin, or the room's customer). Everyone in it gets `chat-closed`;
   * the customer's next message opens a new room (see {@link ChatClient.send}). A command,
   * sent once; it rejects as {@link ChatClient.assign} does.
   *
   * @example
   * ```ts
   * const room = await client.closeChat(roomId); // room.status === "closed"
   * ```
   */
  closeChat(roomId: string): Promise<Room>;
  /**
   * Uploads a file (`POST /api/chat/upload`, field `file`) and resolves with the attachment
   * to send (`sendFiles` does both for several files). Progress comes from XMLHttpRequest
   * where it exists (browsers, React Native) unless the client was given its own `fetch`;
   * else the upload goes with `fetch`, and progress comes once, at the end. Rejects with a `ChatError` (`VALIDATION` for a type
   * the server does not take, `TOO_LARGE`, ...) or an `AbortError`.
   *
   * @example
   * ```ts
   * const attachment = await client.upload(file, { onProgress: (sent, total) => bar(sent / total) });
   * client.send(roomId, "", [attachment]);
   * // React Native: client.upload({ uri: asset.uri, name: "photo.jpg", type: "image/jpeg" })
   * ```
   */
  upload(file: Blob | NativeFile, options?: UploadOptions): Promise<Attachment>;
  /**
   * Downloads a file of the chat server (an attachment's `url`) with the bearer token: the
   * files are not public, so an `<img src>` cannot load them. URLs of other hosts are
   * refused (the token only goes to the chat server).
   *
   * @example
   * ```ts
   * const blob = await client.fetchFile(message.attachments[0].url);
   * img.src = URL.createObjectURL(blob); // revokeObjectURL when done
   * ```
   */
  fetchFile(url: string): Promise<Blob>;
  /**
   * Upload-then-send: uploads each file (reporting each one's progress), then queues ONE
   * message with `text` and the attachments of the files that uploaded. A file that fails
   * is reported in `failures` (and to `onError`) and left out; when no file uploaded,
   * nothing is sent (so a text never goes without the files it came with: the caller keeps
   * it). With no files it is a plain `send`. More than `LIMITS.attachmentsMax` files
   * rejects with a `VALIDATION` `ChatError` before any upload; an abort (`signal`) rejects
   * with an `AbortError` and sends nothing.
   *
   * @example
   * ```ts
   * const { message, failures } = await client.sendFiles(roomId, "The receipts", files, {
   *   onProgress: (i, sent, total) => bars[i].value = sent / total,
   * });
   * for (const f of failures) showError(files[f.index], f.error);
   * ```
   */
  sendFiles(
    roomId: string,
    text: string,
    files: readonly (Blob | NativeFile)[],
    options?: SendFilesOptions,
  ): Promise<SendFilesResult>;
  /**
   * Admins: what the server knows about a customer (`GET /api/chat/customers/:id`, an
   * extension of this server beyond the wire contract): name, first contact, number of
   * closed conversations, the open room. Rejects with a `ChatError` (`NOT_FOUND` for an
   * unknown customer, or on a server without the route).
   *
   * @example
   * ```ts
   * const info = await client.customerInfo(room.customerId);
   * panel.show(info.name ?? info.id, info.firstContactAt, info.previousChats);
   * ```
   */
  customerInfo(customerId: string): Promise<CustomerInfo>;
  /**
   * Admins: live counters of the server (`GET /api/chat/stats`, an extension of this
   * server beyond the wire contract): connected customers and agents, messages in the
   * last minute, p95 delivery latency (`null` before any delivery), open and waiting
   * rooms. Rejects with a `ChatError` (`FORBIDDEN` for a non-admin token, `NOT_FOUND` on
   * a server without the route).
   *
   * @example
   * ```ts
   * const stats = await client.stats();
   * tile.textContent = `${stats.waitingRooms} waiting, p95 ${stats.deliveryP95Ms ?? "—"} ms`;
   * ```
   */
  stats(): Promise<ChatStats>;
  /**
   * Admins (contract v2 `set-labels`): replaces a room's labels (0 to 10, each 1 to 32
   * characters of `a-z0-9-_`; duplicates dropped). Resolves with the updated room (also in
   * the store); every admin gets `room-updated`. A command, sent once; it rejects as
   * {@link ChatClient.assign} does (`VALIDATION` for a label outside the rule).
   *
   * @example
   * ```ts
   * const room = await client.setLabels(roomId, [...(current.labels ?? []), "refund"]);
   * ```
   */
  setLabels(roomId: string, labels: readonly string[]): Promise<Room>;
  /**
   * Admins (contract v2 `set-availability`): `"online"` takes chats from automatic routing,
   * `"away"` takes none (the agent stays connected). The server keeps it across reconnects.
   * Resolves with the status as set. A command, sent once.
   *
   * @example
   * ```ts
   * await client.setAvailability("away"); // lunch
   * ```
   */
  setAvailability(status: Availability): Promise<Availability>;
  /**
   * Admins (contract v2 `GET /api/chat/agents`): the team, for assign and transfer: each
   * agent's id, name, status (`online`, `away`, `offline`) and open rooms; online first, then
   * by name. Rejects with a `ChatError` (`FORBIDDEN` for a customer).
   *
   * @example
   * ```ts
   * const free = (await client.listAgents()).filter((a) => a.status === "online");
   * ```
   */
  listAgents(): Promise<Agent[]>;
  /**
   * Admins (contract v2 `GET /api/chat/search`): messages (notes too) and customers' names
   * holding `q`, ignoring case; rooms whose customer's name matched come first (`message:
   * null`), then messages, newest first. Page on with `before` (the last result's message
   * id). Rejects with a `ChatError` (`VALIDATION` for a `q` under 2 characters).
   *
   * @example
   * ```ts
   * const { results, hasMore } = await client.search({ q: "refund", limit: 20 });
   * ```
   */
  search(query: SearchQuery): Promise<SearchPage>;
  /**
   * Admins (contract v2): the team's canned responses, by shortcode. Their `content` may
   * hold `{{customer.name}}` and `{{agent.name}}`, which the client inserting one fills in.
   *
   * @example
   * ```ts
   * const refund = (await client.listCanned()).find((c) => c.shortcode === "refund");
   * ```
   */
  listCanned(): Promise<CannedResponse[]>;
  /**
   * Admins: adds a canned response (`title` defaults to the shortcode). Rejects with a
   * `ChatError`: `CONFLICT` when the shortcode is taken, `VALIDATION` for one outside
   * `a-z0-9-_` or an empty content.
   *
   * @example
   * ```ts
   * await client.createCanned({ shortcode: "refund", content: "Hi {{customer.name}}, ..." });
   * ```
   */
  createCanned(input: CreateCannedResponseInput): Promise<CannedResponse>;
  /**
   * Admins: changes a canned response (any of shortcode, title, content). Rejects with a
   * `ChatError`: `CONFLICT` for a taken shortcode, `NOT_FOUND` when it was deleted.
   *
   * @example
   * ```ts
   * await client.updateCanned(id, { title: "Refund (card)" });
   * ```
   */
  updateCanned(id: string, change: UpdateCannedResponseInput): Promise<CannedResponse>;
  /**
   * Admins: deletes a canned response. Rejects with a `ChatError` (`NOT_FOUND` when it was
   * already gone).
   *
   * @example
   * ```ts
   * await client.deleteCanned(id);
   * ```
   */
  deleteCanned(id: string): Promise<void>;
  /**
   * Contract v2 `GET /api/chat/widget-config` (any signed-in user): the team's name,
   * greeting, language and colour, and the truth about now: `open` (within business hours
   * with an agent online and available), `agentsOnline`, `nextOpenAt` and `replyTime`. The
   * server answers from live presence (cached for 2 s), so ask again to follow it: after a
   * reconnect, and now and then while the chat is shown. Rejects with a `ChatError`.
   *
   * @example
   * ```ts
   * const config = await client.widgetConfig();
   * header.textContent = config.open ? "Online" : `Back ${config.nextOpenAt ?? "soon"}`;
   * ```
   */
  widgetConfig(): Promise<WidgetConfig>;
  /**
   * Customers (contract v2 `set-contact`): leaves an email on the customer's open room
   * (opened now if they have none), so that an answer can reach them once they are gone.
   * The server trims and lower-cases it. Resolves with the room (its `customerEmail` set;
   * also in the store). A command, sent once; it rejects as {@link ChatClient.assign} does
   * (`VALIDATION` for an address that is not one, `FORBIDDEN` for an agent).
   *
   * @example
   * ```ts
   * const room = await client.setContact("ada@example.com"); // room.customerEmail
   * ```
   */
  setContact(email: string): Promise<Room>;
  /**
   * Customers (contract v2 `rate-chat`): rates a closed room 1 to 5, with an optional
   * comment (up to 1000 code points); a second rating replaces the first. Resolves with the
   * room (its `rating` set; also in the store); the agents see it on the room. A command,
   * sent once; `VALIDATION` for an open room or a score outside 1 to 5.
   *
   * @example
   * ```ts
   * await client.rateChat(roomId, 5, "Quick and kind, thank you");
   * ```
   */
  rateChat(roomId: string, score: number, comment?: string): Promise<Room>;
  /**
   * Contract v2 `GET /api/chat/rooms/:roomId/transcript?format=`: the whole conversation as
   * a file, `text` (default), `html` or `json`: the room's customer gets it without notes,
   * agents with them. Rejects with a `ChatError` (`NOT_FOUND` for a room that is not the
   * caller's).
   *
   * @example
   * ```ts
   * const blob = await client.transcript(roomId, "html");
   * link.href = URL.createObjectURL(blob); // a download; revokeObjectURL when done
   * ```
   */
  transcript(roomId: string, format?: TranscriptFormat): Promise<Blob>;
  /**
   * An extension beyond the contract (`POST /api/chat/rooms/:roomId/transcript/email`):
   * emails the conversation, without notes, as text and HTML, to the address the customer
   * left with {@link ChatClient.setContact}, never another. The room's customer or an admin;
   * the email is queued and sent shortly. A second call within a minute sends nothing more
   * and resolves the same. Rejects with a `ChatError`: `CONFLICT` when the customer left no
   * email, `NOT_FOUND` when the server cannot send email (or for no such room), `FORBIDDEN`
   * for another customer's room. `widgetConfig()` says `transcriptEmail: true` when it can.
   *
   * @example
   * ```ts
   * const { to } = await client.emailTranscript(roomId);
   * status.textContent = `We sent the transcript to ${to}.`;
   * ```
   */
  emailTranscript(roomId: string): Promise<TranscriptEmailed>;
}
