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
  /** Join a room (a customer's open room when `roomId` is omitted) and get its latest page. */
  JOIN_CHAT: "join-chat",
  /** Send a message; idempotent by `clientMessageId`. */
  SEND_MESSAGE: "send-message",
  /** Page through a room's messages (`before` / `after` a message). */
  FETCH_MESSAGES: "fetch-messages",
  /** The user is typing in a room. */
  TYPING: "typing",
  /** The user stopped typing in a room. */
  STOP_TYPING: "stop-typing",
  /** The other side's messages reached this client. */
  MESSAGE_DELIVERED: "message-delivered",
  /** The other side's messages were read (all, or up to one). */
  MESSAGE_READ: "message-read",
  /** Assign a room to an agent, or take it (admins). */
  ADMIN_ASSIGN: "admin-assign",
  /** Close a room (admins, or the room's customer). */
  CLOSE_CHAT: "close-chat",
  /** A page of rooms, newest activity first (admins). */
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
  /** To the joining socket, just before the `join-chat` answer: the same page. */
  CHAT_HISTORY: "chat-history",
  /** A stored message, to every socket in the room (the sender's too). */
  NEW_MESSAGE: "new-message",
  /** Messages moved to `delivered` or `read`. */
  MESSAGE_STATUS: "message-status",
  /** Someone else in the room is typing. */
  TYPING: "typing",
  /** Someone else in the room stopped typing. */
  STOP_TYPING: "stop-typing",
  /** The whole room after a change, to its sockets and every connected admin. */
  ROOM_UPDATED: "room-updated",
  /** The room was closed. */
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
export type Ack<T> =
  | {
      /** The event succeeded. */
      ok: true;
      /** The event's answer, given only once the change is stored. */
      data: T;
    }
  | {
      /** The event failed. */
      ok: false;
      /** Why: a contract code and a message for people. */
      error: ErrorBody;
    };

/** The callback a client passes as the last argument of every event. */
export type AckCallback<T> = (ack: Ack<T>) => void;

/** A page of messages, ascending by creation. */
export interface MessagePage {
  /** The page, oldest first. */
  messages: Message[];
  /** Whether more messages exist beyond the page in the direction of travel. */
  hasMore: boolean;
}

/** `join-chat` answer. */
export interface JoinChatData extends MessagePage {
  /** The joined room. */
  room: Room;
}

/** `chat-history` event: the same page `join-chat` answered with. */
export interface ChatHistoryEvent extends MessagePage {
  /** The joined room. */
  roomId: string;
}

/** `message-status` event: one per `message-delivered` / `message-read` call that changed anything. */
export interface MessageStatusEvent {
  /** The room of the messages. */
  roomId: string;
  /** The messages whose status changed. */
  messageIds: string[];
  /** Their new status. */
  status: Exclude<MessageStatus, "sent">;
  /** The time stamped on them as `deliveredAt` / `readAt` (ISO-8601). */
  at: string;
}

/** `typing` / `stop-typing` event. */
export interface TypingEvent {
  /** The room typed in. */
  roomId: string;
  /** Who is typing. */
  userId: string;
  /** The typist's role. */
  role: Role;
}

// Payloads as a client writes them (defaults may be omitted).

/** `join-chat` payload as a client writes it: {@link joinChatSchema}'s input. */
export type JoinChatPayload = z.input<typeof joinChatSchema>;
/** `send-message` payload as a client writes it: {@link sendMessageSchema}'s input. */
export type SendMessagePayload = z.input<typeof sendMessageSchema>;
/** `fetch-messages` payload as a client writes it: {@link fetchMessagesSchema}'s input. */
export type FetchMessagesPayload = z.input<typeof fetchMessagesSchema>;
/** `typing` / `stop-typing` payload: {@link typingSchema}'s input. */
export type TypingPayload = z.input<typeof typingSchema>;
/** `message-delivered` payload: {@link messageDeliveredSchema}'s input. */
export type MessageDeliveredPayload = z.input<typeof messageDeliveredSchema>;
/** `message-read` payload: {@link messageReadSchema}'s input. */
export type MessageReadPayload = z.input<typeof messageReadSchema>;
/** `admin-assign` payload: {@link adminAssignSchema}'s input. */
export type AdminAssignPayload = z.input<typeof adminAssignSchema>;
/** `close-chat` payload: {@link closeChatSchema}'s input. */
export type CloseChatPayload = z.input<typeof closeChatSchema>;
/** `list-rooms` payload as a client writes it: {@link listRoomsSchema}'s input. */
export type ListRoomsPayload = z.input<typeof listRoomsSchema>;
/** `refresh-token` payload: {@link refreshTokenSchema}'s input. */
export type RefreshTokenPayload = z.input<typeof refreshTokenSchema>;
/** `set-labels` payload: {@link setLabelsSchema}'s input. */
export type SetLabelsPayload = z.input<typeof setLabelsSchema>;
/** `set-availability` payload: {@link setAvailabilitySchema}'s input. */
export type SetAvailabilityPayload = z.input<typeof setAvailabilitySchema>;
/** `set-contact` payload: {@link setContactSchema}'s input. */
export type SetContactPayload = z.input<typeof setContactSchema>;
/** `rate-chat` payload as a client writes it: {@link rateChatSchema}'s input. */
export type RateChatPayload = z.input<typeof rateChatSchema>;

/** `session-expired` event: sent just before the server disconnects a socket whose token expired. */
export interface SessionExpiredEvent {
  /** Always `TOKEN_EXPIRED`. */
  code: "TOKEN_EXPIRED";
}

/** What each client event answers with in `ack.data`. */
export interface ClientEventData {
  /** The room and its last 50 messages (or those after `after`). */
  "join-chat": JoinChatData;
  /** The stored message. */
  "send-message": {
    /** The stored message (`status: "sent"`, `content` as normalised). */
    message: Message;
  };
  /** A page of messages. */
  "fetch-messages": MessagePage;
  /** Nothing (`{}`); nothing is stored. */
  typing: Record<string, never>;
  /** Nothing (`{}`); nothing is stored. */
  "stop-typing": Record<string, never>;
  /** The messages this call moved to `delivered`. */
  "message-delivered": {
    /** Ids of the messages whose status changed, in the order given. */
    updated: string[];
  };
  /** The messages this call marked read. */
  "message-read": {
    /** Ids of the other side's messages whose status changed. */
    updated: string[];
  };
  /** The room with its new `adminId`. */
  "admin-assign": {
    /** The room after the assignment. */
    room: Room;
  };
  /** The closed room. */
  "close-chat": {
    /** The room, `status: "closed"`. */
    room: Room;
  };
  /** A page of rooms, newest activity first. */
  "list-rooms": {
    /** The page. */
    rooms: Room[];
    /** Whether older rooms follow (ask again with `before`: the last room's id). */
    hasMore: boolean;
  };
  /** When the new token expires (ISO-8601), or null for a token without `exp`. */
  "refresh-token": {
    /** When the new token expires (ISO-8601), or null for a token without `exp`. */
    expiresAt: string | null;
  };
  /** The room with its new labels. */
  "set-labels": {
    /** The room after the change. */
    room: Room;
  };
  /** The agent's availability now. */
  "set-availability": {
    /** The availability as set. */
    status: "online" | "away";
  };
  /** The room with its new `customerEmail`. */
  "set-contact": {
    /** The room after the change. */
    room: Room;
  };
  /** The room with its `rating`. */
  "rate-chat": {
    /** The room after the rating. */
    room: Room;
  };
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
  /** Join a room and get its latest page; see {@link ClientEventData}. */
  "join-chat": (p: JoinChatPayload, ack: AckCallback<ClientEventData["join-chat"]>) => void;
  /** Send a message, idempotent by `clientMessageId`. */
  "send-message": (
    p: SendMessagePayload,
    ack: AckCallback<ClientEventData["send-message"]>,
  ) => void;
  /** Page through a room's messages. */
  "fetch-messages": (
    p: FetchMessagesPayload,
    ack: AckCallback<ClientEventData["fetch-messages"]>,
  ) => void;
  /** The user is typing in a room. */
  typing: (p: TypingPayload, ack: AckCallback<ClientEventData["typing"]>) => void;
  /** The user stopped typing in a room. */
  "stop-typing": (p: TypingPayload, ack: AckCallback<ClientEventData["stop-typing"]>) => void;
  /** The other side's messages reached this client. */
  "message-delivered": (
    p: MessageDeliveredPayload,
    ack: AckCallback<ClientEventData["message-delivered"]>,
  ) => void;
  /** The other side's messages were read (all, or up to `upToMessageId`). */
  "message-read": (
    p: MessageReadPayload,
    ack: AckCallback<ClientEventData["message-read"]>,
  ) => void;
  /** Assign a room to an agent, or take it (admins). */
  "admin-assign": (
    p: AdminAssignPayload,
    ack: AckCallback<ClientEventData["admin-assign"]>,
  ) => void;
  /** Close a room (admins, or the room's customer). */
  "close-chat": (p: CloseChatPayload, ack: AckCallback<ClientEventData["close-chat"]>) => void;
  /** A page of rooms, newest activity first (admins). */
  "list-rooms": (p: ListRoomsPayload, ack: AckCallback<ClientEventData["list-rooms"]>) => void;
  /** Swap in a fresh token for the same user without reconnecting. */
  "refresh-token": (
    p: RefreshTokenPayload,
    ack: AckCallback<ClientEventData["refresh-token"]>,
  ) => void;
  /** Set a room's labels (admins; contract v2). */
  "set-labels": (p: SetLabelsPayload, ack: AckCallback<ClientEventData["set-labels"]>) => void;
  /** Set the calling agent's availability for routing (admins; contract v2). */
  "set-availability": (
    p: SetAvailabilityPayload,
    ack: AckCallback<ClientEventData["set-availability"]>,
  ) => void;
  /** Leave an email for answers while away (the room's customer; contract v2). */
  "set-contact": (p: SetContactPayload, ack: AckCallback<ClientEventData["set-contact"]>) => void;
  /** Rate a closed chat (the room's customer; contract v2). */
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
  /** The `join-chat` page, to the joining socket just before the answer. */
  "chat-history": (e: ChatHistoryEvent) => void;
  /** A stored message, to every socket in the room (the sender's too: dedupe by id). */
  "new-message": (m: Message) => void;
  /** Messages moved to `delivered` or `read`. */
  "message-status": (e: MessageStatusEvent) => void;
  /** Someone else in the room is typing. */
  typing: (e: TypingEvent) => void;
  /** Someone else in the room stopped typing. */
  "stop-typing": (e: TypingEvent) => void;
  /** The whole room after a change, to its sockets and every connected admin. */
  "room-updated": (r: Room) => void;
  /** The room was closed. */
  "chat-closed": (e: {
    /** The closed room. */
    roomId: string;
  }) => void;
  /** The socket's token expired; the server disconnects it next. */
  "session-expired": (e: SessionExpiredEvent) => void;
}
