import type { z } from "zod";
import type { ErrorBody } from "./errors.ts";
import type { Message, MessageStatus, Role, Room } from "./objects.ts";
import type {
  adminAssignSchema,
  closeChatSchema,
  fetchMessagesSchema,
  joinChatSchema,
  listRoomsSchema,
  messageDeliveredSchema,
  rateChatSchema,
  refreshTokenSchema,
  messageReadSchema,
  setAvailabilitySchema,
  setContactSchema,
  setLabelsSchema,
  sendMessageSchema,
  typingSchema,
} from "./schemas.ts";

/**
 * Names of the events a client emits. Each takes an acknowledgement callback.
 *
 * @example
 * ```ts
 * socket.emit(ClientEvent.SEND_MESSAGE, payload, (ack) => { ... });
 * ```
 */
export const ClientEvent = {
  JOIN_CHAT: "join-chat",
  SEND_MESSAGE: "send-message",
  FETCH_MESSAGES: "fetch-messages",
  TYPING: "typing",
  STOP_TYPING: "stop-typing",
  MESSAGE_DELIVERED: "message-delivered",
  MESSAGE_READ: "message-read",
  ADMIN_ASSIGN: "admin-assign",
  CLOSE_CHAT: "close-chat",
  LIST_ROOMS: "list-rooms",
  /** Extension beyond the contract: swap in a fresh token for the same user without reconnecting. */
  REFRESH_TOKEN: "refresh-token",
  /** Contract v2: a room's labels (admins). */
  SET_LABELS: "set-labels",
  /** Contract v2: an agent's availability for routing (admins). */
  SET_AVAILABILITY: "set-availability",
  /** Contract v2: the customer's email for answers while away (the room's customer). */
  SET_CONTACT: "set-contact",
  /** Contract v2: the customer's rating of a closed chat. */
  RATE_CHAT: "rate-chat",
} as const;

/** One of the {@link ClientEvent} names. */
export type ClientEventName = (typeof ClientEvent)[keyof typeof ClientEvent];

/**
 * Names of the events the server emits.
 *
 * @example
 * ```ts
 * socket.on(ServerEvent.NEW_MESSAGE, (m) => store.addMessage(m));
 * ```
 */
export const ServerEvent = {
  CHAT_HISTORY: "chat-history",
  NEW_MESSAGE: "new-message",
  MESSAGE_STATUS: "message-status",
  TYPING: "typing",
  STOP_TYPING: "stop-typing",
  ROOM_UPDATED: "room-updated",
  CHAT_CLOSED: "chat-closed",
  /** Extension beyond the contract: the socket's token expired; the server disconnects it next. */
  SESSION_EXPIRED: "session-expired",
} as const;

/** One of the {@link ServerEvent} names. */
export type ServerEventName = (typeof ServerEvent)[keyof typeof ServerEvent];

/**
 * An acknowledgement: `data` only after the change is stored, or a coded error.
 *
 * @example
 * ```ts
 * const ack: Ack<{ message: Message }> = await socket.emitWithAck("send-message", p);
 * if (ack.ok) show(ack.data.message); else showError(ack.error.code);
 * ```
 */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

/** The callback a client passes as the last argument of every event. */
export type AckCallback<T> = (ack: Ack<T>) => void;

/** A page of messages, ascending by creation. */
export interface MessagePage {
  messages: Message[];
  hasMore: boolean;
}

/** `join-chat` answer. */
export interface JoinChatData extends MessagePage {
  room: Room;
}

/** `chat-history` event: the same page `join-chat` answered with. */
export interface ChatHistoryEvent extends MessagePage {
  roomId: string;
}

/** `message-status` event: one per `message-delivered` / `message-read` call that changed anything. */
export interface MessageStatusEvent {
  roomId: string;
  messageIds: string[];
  status: Exclude<MessageStatus, "sent">;
  at: string;
}

/** `typing` / `stop-typing` event. */
export interface TypingEvent {
  roomId: string;
  userId: string;
  role: Role;
}

/** Payloads as a client writes them (defaults may be omitted). */
export type JoinChatPayload = z.input<typeof joinChatSchema>;
export type SendMessagePayload = z.input<typeof sendMessageSchema>;
export type FetchMessagesPayload = z.input<typeof fetchMessagesSchema>;
export type TypingPayload = z.input<typeof typingSchema>;
export type MessageDeliveredPayload = z.input<typeof messageDeliveredSchema>;
export type MessageReadPayload = z.input<typeof messageReadSchema>;
export type AdminAssignPayload = z.input<typeof adminAssignSchema>;
export type CloseChatPayload = z.input<typeof closeChatSchema>;
export type ListRoomsPayload = z.input<typeof listRoomsSchema>;
export type RefreshTokenPayload = z.input<typeof refreshTokenSchema>;
export type SetLabelsPayload = z.input<typeof setLabelsSchema>;
export type SetAvailabilityPayload = z.input<typeof setAvailabilitySchema>;
export type SetContactPayload = z.input<typeof setContactSchema>;
export type RateChatPayload = z.input<typeof rateChatSchema>;

/** `session-expired` event: sent just before the server disconnects a socket whose token expired. */
export interface SessionExpiredEvent {
  code: "TOKEN_EXPIRED";
}

/** What each client event answers with in `ack.data`. */
export interface ClientEventData {
  "join-chat": JoinChatData;
  "send-message": { message: Message };
  "fetch-messages": MessagePage;
  typing: Record<string, never>;
  "stop-typing": Record<string, never>;
  "message-delivered": { updated: string[] };
  "message-read": { updated: string[] };
  "admin-assign": { room: Room };
  "close-chat": { room: Room };
  "list-rooms": { rooms: Room[]; hasMore: boolean };
  /** When the new token expires (ISO-8601), or null for a token without `exp`. */
  "refresh-token": { expiresAt: string | null };
  "set-labels": { room: Room };
  "set-availability": { status: "online" | "away" };
  "set-contact": { room: Room };
  "rate-chat": { room: Room };
}

/**
 * Socket.IO's client-to-server event map: `Server<ClientToServerEvents, ServerToClientEvents>`.
 *
 * @example
 * ```ts
 * const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url + "/chat", { auth: { token } });
 * ```
 */
export interface ClientToServerEvents {
  "join-chat": (p: JoinChatPayload, ack: AckCallback<ClientEventData["join-chat"]>) => void;
  "send-message": (
    p: SendMessagePayload,
    ack: AckCallback<ClientEventData["send-message"]>,
  ) => void;
  "fetch-messages": (
    p: FetchMessagesPayload,
    ack: AckCallback<ClientEventData["fetch-messages"]>,
  ) => void;
  typing: (p: TypingPayload, ack: AckCallback<ClientEventData["typing"]>) => void;
  "stop-typing": (p: TypingPayload, ack: AckCallback<ClientEventData["stop-typing"]>) => void;
  "message-delivered": (
    p: MessageDeliveredPayload,
    ack: AckCallback<ClientEventData["message-delivered"]>,
  ) => void;
  "message-read": (
    p: MessageReadPayload,
    ack: AckCallback<ClientEventData["message-read"]>,
  ) => void;
  "admin-assign": (
    p: AdminAssignPayload,
    ack: AckCallback<ClientEventData["admin-assign"]>,
  ) => void;
  "close-chat": (p: CloseChatPayload, ack: AckCallback<ClientEventData["close-chat"]>) => void;
  "list-rooms": (p: ListRoomsPayload, ack: AckCallback<ClientEventData["list-rooms"]>) => void;
  "refresh-token": (
    p: RefreshTokenPayload,
    ack: AckCallback<ClientEventData["refresh-token"]>,
  ) => void;
  "set-labels": (p: SetLabelsPayload, ack: AckCallback<ClientEventData["set-labels"]>) => void;
  "set-availability": (
    p: SetAvailabilityPayload,
    ack: AckCallback<ClientEventData["set-availability"]>,
  ) => void;
  "set-contact": (p: SetContactPayload, ack: AckCallback<ClientEventData["set-contact"]>) => void;
  "rate-chat": (p: RateChatPayload, ack: AckCallback<ClientEventData["rate-chat"]>) => void;
}

/**
 * Socket.IO's server-to-client event map.
 *
 * @example
 * ```ts
 * socket.on("message-status", (e) => store.applyStatus(e));
 * ```
 */
export interface ServerToClientEvents {
  "chat-history": (e: ChatHistoryEvent) => void;
  "new-message": (m: Message) => void;
  "message-status": (e: MessageStatusEvent) => void;
  typing: (e: TypingEvent) => void;
  "stop-typing": (e: TypingEvent) => void;
  "room-updated": (r: Room) => void;
  "chat-closed": (e: { roomId: string }) => void;
  "session-expired": (e: SessionExpiredEvent) => void;
}
