import type {
  Attachment,
  ChatStats,
  CustomerInfo,
  ListRoomsPayload,
  Message,
  MessageStatusEvent,
  Role,
  Room,
  ServerToClientEvents,
} from "@switchboard/protocol";
import type { ManagerOptions, SocketOptions } from "socket.io-client";
import type { StoreApi } from "zustand/vanilla";
import type { NativeFile, UploadOptions } from "./http.ts";

export type { NativeFile, UploadOptions } from "./http.ts";

/** A page of `list-rooms`: newest activity first; `hasMore` when older rooms exist. */
export interface RoomPage {
  rooms: Room[];
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
  error?: { code: string; message: string };
}

/** The store's state. Read it with `client.store.getState()` or subscribe to it. */
export interface ChatState {
  connectionStatus: ConnectionStatus;
  /** The room the UI shows. */
  activeRoomId: string | null;
  rooms: Record<string, Room>;
  /** Ascending by (createdAt, id); pending messages sort after stored ones. */
  messagesByRoom: Record<string, ChatMessage[]>;
  /** Whether older messages exist before the first one held. */
  hasMoreBefore: Record<string, boolean>;
  setConnectionStatus(status: ConnectionStatus): void;
  setActiveRoom(roomId: string | null): void;
  upsertRoom(room: Room): void;
  /** Adds or replaces one message (deduped by id and by clientMessageId). */
  addMessage(message: ChatMessage | Message): void;
  /** Merges a page of stored messages into a room (deduped), keeping pending ones. */
  setMessages(roomId: string, messages: Message[], opts?: { hasMoreBefore?: boolean }): void;
  /** Upserts several rooms in one update (older copies are ignored, as by `upsertRoom`). */
  upsertRooms?(rooms: readonly Room[]): void;
  /** Removes one message from a room's list (a queued copy that moved to another room). */
  removeMessage?(roomId: string, id: string): void;
  /**
   * Applies a `message-status` event to the named messages that are held (others are
   * ignored). Status only moves forward. Always present on stores made by `createChatStore`.
   */
  applyMessageStatus?(event: MessageStatusEvent): void;
}

/** Who the signed-in user is, read from the token's payload (not verified by the client). */
export interface ClientIdentity {
  /** The token's `sub`. */
  userId: string;
  role: Role;
  /** The token's optional `name`. */
  name?: string;
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
}

/** The SDK's handle. */
export interface ChatClient {
  readonly store: StoreApi<ChatState>;
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
  send(roomId: string, content: string, attachments?: Attachment[]): ChatMessage;
  /** Sends a `failed` message again. */
  retry(clientMessageId: string): void;
  /** Loads the page before the oldest held message. Resolves false when there is nothing more. */
  loadOlder(roomId: string): Promise<boolean>;
  /**
   * The signed-in user, decoded from the token's payload (without verification); `null`
   * until `getToken` has been called once (at the first connect).
   */
  readonly identity?: ClientIdentity | null;
  /**
   * Marks the other side's messages in a room as read (all of them, or up to
   * `upToMessageId`). Best effort: does nothing while not connected, never rejects.
   */
  markRead?(roomId: string, upToMessageId?: string): Promise<void>;
  /** Tells the room that the user is typing; throttled to one event per 2 s per room. */
  typing?(roomId: string): void;
  /** Tells the room that the user stopped typing. */
  stopTyping?(roomId: string): void;
  /**
   * Subscribes to a raw server event (e.g. `typing` / `stop-typing` indicators). Works
   * before `connect()` and across reconnects. Returns the unsubscribe function.
   */
  on?<E extends keyof ServerToClientEvents>(event: E, handler: ServerToClientEvents[E]): () => void;
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
  listRooms?(query?: ListRoomsQuery): Promise<RoomPage>;
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
  assign?(roomId: string, adminId?: string): Promise<Room>;
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
  closeChat?(roomId: string): Promise<Room>;
  /**
   * Uploads a file (`POST /api/chat/upload`, field `file`) and resolves with the attachment
   * to send. Progress comes from XMLHttpRequest where it exists (browsers, React Native),
   * else the upload goes with `fetch`. Rejects with a `ChatError` (`VALIDATION` for a type
   * the server does not take, `TOO_LARGE`, ...) or an `AbortError`.
   *
   * @example
   * ```ts
   * const attachment = await client.upload(file, { onProgress: (sent, total) => bar(sent / total) });
   * client.send(roomId, "", [attachment]);
   * // React Native: client.upload({ uri: asset.uri, name: "photo.jpg", type: "image/jpeg" })
   * ```
   */
  upload?(file: Blob | NativeFile, options?: UploadOptions): Promise<Attachment>;
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
  fetchFile?(url: string): Promise<Blob>;
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
  customerInfo?(customerId: string): Promise<CustomerInfo>;
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
  stats?(): Promise<ChatStats>;
}
