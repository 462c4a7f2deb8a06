import { LIMITS } from "./limits.ts";

/** Who a user is to the chat. */
export type Role = "customer" | "admin";

/** A message's delivery status; it only ever moves forward in this order. */
export type MessageStatus = "sent" | "delivered" | "read";

/**
 * Contract v2: what a message is. `"message"` (the default, all version 1 knows); `"note"`, an
 * agents' private note that never reaches a customer; `"activity"`, written by the server
 * (assigned, transferred, closed, rated), seen by both sides, never counted as unread.
 */
export type MessageKind = "message" | "note" | "activity";

/** The order of {@link MessageStatus}: a status change is allowed only to a higher rank. */
export const MESSAGE_STATUS_RANK: Record<MessageStatus, number> = {
  sent: 0,
  delivered: 1,
  read: 2,
};

/**
 * A file attached to a message, as `POST /api/chat/upload` returned it.
 *
 * @example
 * ```ts
 * const a: Attachment = { url: "/api/chat/files/abc", name: "a.png", size: 1024, mimeType: "image/png" };
 * ```
 */
export interface Attachment {
  /** Where the file is served (`/api/chat/files/:id`; fetched with the bearer token). */
  url: string;
  /** The file's name as uploaded. */
  name: string;
  /** Its size in bytes. */
  size: number;
  /** Its type, as detected from the bytes on upload. */
  mimeType: string;
}

/**
 * A stored message. Times are ISO-8601 strings or null; ids are strings.
 *
 * @example
 * ```ts
 * socket.on("new-message", (m: Message) => store.addMessage(m));
 * ```
 */
export interface Message {
  /** The server's id. */
  id: string;
  /** The room it belongs to. */
  roomId: string;
  /** Who sent it: a user id (a token's `sub`). */
  senderId: string;
  /** The sender's role. */
  senderRole: Role;
  /** The sender's idempotency key for the send. */
  clientMessageId: string;
  /** The text, as normalised; may be "" when there are attachments. */
  content: string;
  /** Files attached to it; `[]` without any. */
  attachments: Attachment[];
  /** Its delivery status; only moves forward. */
  status: MessageStatus;
  /** When it was stored (ISO-8601). */
  createdAt: string;
  /** When the other side received it, or null. */
  deliveredAt: string | null;
  /** When the other side read it, or null. */
  readAt: string | null;
  /** Contract v2: `"message"` when absent (a version 1 server). */
  kind?: MessageKind;
  /**
   * Extension beyond the contract, on `kind: "activity"` only: what happened, for a client
   * that draws or translates it rather than showing `content` (an English sentence).
   */
  activity?: MessageActivity;
  /**
   * Extension beyond the contract, on agents' messages and notes: the sender's display name
   * (the token's `name` claim when it was sent), so that a customer, who cannot read the
   * agent directory, sees who answered. Absent when the token had no name.
   */
  senderName?: string;
}

/**
 * What an activity message records (an extension beyond the contract): the room change that
 * the same write made.
 */
export interface MessageActivity {
  /** `assigned`: to an agent, from nobody; `transferred`: from one agent to another. */
  type: "assigned" | "transferred" | "closed" | "rated";
  /** Who did it: an agent's id, the customer's id, or `"system"` (automatic routing). */
  by: string;
  /** `assigned` / `transferred`: the agent the room went to. */
  adminId?: string;
  /** `transferred`: the agent it came from. */
  fromAdminId?: string;
  /** `rated`: the score, 1 to 5. */
  score?: number;
  /** `rated`: the customer's comment ("" without one). */
  comment?: string;
  /**
   * The names of `by`, `adminId` and `fromAdminId` as `content` words them (an agent who
   * acted: the token's name, else the id; another: the directory's name), so that a client
   * can say the sentence in its own language. Absent on activities written before they were
   * recorded (and `byName` when `by` is `"system"` or the customer).
   */
  byName?: string;
  /** The name of `adminId`, as `content` words it. */
  adminName?: string;
  /** The name of `fromAdminId`, as `content` words it. */
  fromAdminName?: string;
}

/** A room's lifecycle state. A customer has at most one open room. */
export type RoomStatus = "open" | "closed";

/**
 * A conversation between one customer and the support team.
 *
 * @example
 * ```ts
 * const waiting = rooms.filter((r: Room) => r.adminId === null && r.status === "open");
 * ```
 */
export interface Room {
  /** The server's id. */
  id: string;
  /** The customer's user id. */
  customerId: string;
  /** The assigned agent, or null while unassigned. */
  adminId: string | null;
  /** Open or closed. */
  status: RoomStatus;
  /** When its newest message was stored, or null without messages. */
  lastMessageAt: string | null;
  /** The agents' messages the customer has not read. */
  unreadCountCustomer: number;
  /** The customer's messages the agents have not read. */
  unreadCountAdmin: number;
  /** When the room was opened (ISO-8601). */
  createdAt: string;
  /** When the room last changed (ISO-8601). */
  updatedAt: string;
  /**
   * Extension beyond the contract (optional): the customer's name, the token's `name` claim
   * when the room was opened; null without one.
   */
  customerName?: string | null;
  /** Extension beyond the contract (optional): the newest message in short; null without messages. */
  lastMessage?: RoomPreview | null;
  /**
   * Contract v2 (optional): the newest message's id, or null without messages. A client whose
   * newest message has this id missed nothing: `join-chat { roomId, after: lastMessageId }`.
   */
  lastMessageId?: string | null;
  /** Contract v2: the room's labels (`set-labels`), `[]` without any. */
  labels?: string[];
  /** Contract v2: where the customer asked to be answered (`set-contact`), or null. */
  customerEmail?: string | null;
  /** Contract v2: the customer's rating of the closed chat (`rate-chat`), or null. */
  rating?: RoomRating | null;
}

/** Contract v2: a customer's rating of a closed chat. */
export interface RoomRating {
  /** 1 (bad) to 5 (great). */
  score: number;
  /** "" without a comment. */
  comment: string;
  /** When it was given (ISO-8601). */
  at: string;
}

/** Contract v2: an agent's availability as `GET /api/chat/agents` tells it. */
export type AgentStatus = "online" | "away" | "offline";

/** Contract v2: one agent in `GET /api/chat/agents`. */
export interface Agent {
  /** The agent's user id. */
  id: string;
  /** The agent's name (token `name`, or the host's `lookupUser`); the id without one. */
  name: string;
  /** `online`: a socket connected and available; `away`: connected, not taking chats. */
  status: AgentStatus;
  /** Open rooms assigned to this agent. */
  openRooms: number;
}

/** Contract v2: how soon the team usually answers, as the widget words it. */
export type ReplyTime = "minutes" | "hours" | "day";

/**
 * Contract v2 `GET /api/chat/widget-config` (any valid token): what the widget shows before a
 * word is written, from the server's configuration and live presence.
 */
export interface WidgetConfig {
  /** The team's name in the widget's header. */
  teamName: string;
  /** The first line the widget shows. */
  greeting: string;
  /** The widget's default language (a BCP 47 tag such as `en` or `de`). */
  locale: string;
  /** The brand colour (`#rrggbb`). */
  color: string;
  /** Within business hours and at least one agent online and available. */
  open: boolean;
  /** Agents connected and available (`online`) now, on any node. */
  agentsOnline: number;
  /** When business hours next begin (ISO 8601), while outside them; null otherwise. */
  nextOpenAt: string | null;
  /** How soon an answer can be expected now. */
  replyTime: ReplyTime;
  /**
   * Extension beyond the contract: `true` when the server can email a transcript
   * (`POST /api/chat/rooms/:roomId/transcript/email`, SMTP configured); absent otherwise.
   */
  transcriptEmail?: true;
  /**
   * Extension beyond the contract: `true` when new rooms are assigned automatically
   * (`AUTO_ASSIGN=on`), so that the dashboard can say what happens to a waiting room;
   * absent otherwise.
   */
  autoAssign?: true;
}

/**
 * Extension beyond the contract: the answer (HTTP 202) of
 * `POST /api/chat/rooms/:roomId/transcript/email`. The email is queued; a second request
 * within a minute answers the first one's `requestedAt` and sends nothing more.
 *
 * @example
 * ```ts
 * const { to } = await client.emailTranscript(roomId); // "We sent it to ada@example.com"
 * ```
 */
export interface TranscriptEmailed {
  /** Where it goes: the address the customer left (`set-contact`). */
  to: string;
  /** When it was asked for (ISO 8601). */
  requestedAt: string;
}

/** Contract v2: a reply agents reuse, inserted by its shortcode (`/shortcode`). */
export interface CannedResponse {
  /** The server's id. */
  id: string;
  /** Unique, `a-z0-9-_`. */
  shortcode: string;
  /** What the picker shows; the shortcode when none was given. */
  title: string;
  /** May hold the placeholders `{{customer.name}}` and `{{agent.name}}`. */
  content: string;
}

/** Contract v2: one hit of `GET /api/chat/search`. */
export interface SearchResult {
  /** The room that matched. */
  room: Room;
  /** The matching message, or null when the customer's name matched. */
  message: Message | null;
}

/**
 * The newest message of a room, as an inbox row shows it.
 *
 * @example
 * ```ts
 * const line = p.text || `${p.attachments} attachment(s)`;
 * ```
 */
export interface RoomPreview {
  /** Who wrote the message. */
  senderRole: Role;
  /**
   * The content, at most {@link LIMITS.previewMaxCodePoints} code points: cut ones end in "…"
   * ("" for attachments only).
   */
  text: string;
  /** How many attachments the message carries. */
  attachments: number;
}

/**
 * A message's {@link RoomPreview}: what the server stores as its room's `lastMessage`.
 *
 * @example
 * ```ts
 * roomPreview({ senderRole: "customer", content: "Hello", attachments: [] });
 * // { senderRole: "customer", text: "Hello", attachments: 0 }
 * ```
 */
export function roomPreview(
  m: Pick<Message, "senderRole" | "content" | "attachments">,
): RoomPreview {
  const chars = Array.from(m.content);
  const text =
    chars.length > LIMITS.previewMaxCodePoints
      ? chars.slice(0, LIMITS.previewMaxCodePoints - 1).join("") + "\u2026"
      : m.content;
  return { senderRole: m.senderRole, text, attachments: m.attachments.length };
}

/**
 * Orders messages the way every list on the wire is ordered: by `createdAt`, then `id`.
 *
 * @example
 * ```ts
 * messages.sort(compareMessages);
 * ```
 */
export function compareMessages(
  a: Pick<Message, "createdAt" | "id">,
  b: Pick<Message, "createdAt" | "id">,
): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.id === b.id ? 0 : a.id < b.id ? -1 : 1;
}

/**
 * What an agent sees about a customer (`GET /api/chat/customers/:customerId`, admins
 * only): an extension beyond the wire contract's objects.
 *
 * @example
 * ```ts
 * const info: CustomerInfo = await (await fetch(`/api/chat/customers/${id}`, { headers })).json();
 * ```
 */
export interface CustomerInfo {
  /** The customer's user id. */
  id: string;
  /** The `name` claim of the customer's latest token that opened a room, if any. */
  name: string | null;
  /** When the customer's first room was opened. */
  firstContactAt: string;
  /** Rooms of this customer that are closed. */
  previousChats: number;
  /** The customer's open room, or null. */
  openRoomId: string | null;
  /**
   * The customer's latest closed rooms, newest first (at most 10), with their labels and
   * rating: the panel's "Previous conversations", each openable (`join-chat`).
   */
  recentChats?: Room[];
  /** Whatever the host's `lookupUser` returned (embedding API), or null. */
  profile: Record<string, unknown> | null;
}

/**
 * The dashboard's live figures (`GET /api/chat/stats`), for teams without Grafana.
 * Connections and rooms are cluster-wide; delivery latency is the answering node's own.
 *
 * @example
 * ```ts
 * const stats: ChatStats = await (await fetch("/api/chat/stats", { headers })).json();
 * ```
 */
export interface ChatStats {
  /** Distinct customers with a socket open (a user with two tabs or devices counts once). */
  connectedCustomers: number;
  /** Distinct admins with a socket open. */
  connectedAgents: number;
  /** Messages stored in the last minute. */
  messagesLastMinute: number;
  /** p95 of stored → delivered-receipt, ms; null before any delivery on this node. */
  deliveryP95Ms: number | null;
  /** Rooms open now. */
  openRooms: number;
  /** Open rooms no agent has taken yet. */
  waitingRooms: number;
  /** When the figures were taken (ISO-8601); a server may answer from figures up to 2 s old. */
  at: string;
  /** Contract v2: customer satisfaction, from the ratings given (`rate-chat`) in each period. */
  csat?: {
    /** Ratings given in the last 7 days. */
    last7Days: CsatFigures;
    /** Ratings given in the last 30 days. */
    last30Days: CsatFigures;
  };
}

/** Contract v2: the ratings of one period in {@link ChatStats}. */
export interface CsatFigures {
  /** The mean score, 1 to 5 (two decimals); null without a rating. */
  average: number | null;
  /** How many ratings. */
  count: number;
}
