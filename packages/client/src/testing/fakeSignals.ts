/** The fake server's receipts and typing relay, as the real server answers them. */
import {
  MESSAGE_STATUS_RANK,
  compareMessages,
  type Ack,
  type MessageStatus,
} from "@switchboard/protocol";
import type { FakeServer } from "./fakeServer.ts";
import type { FakeSocketService } from "./fakeSocket.ts";

const notFound: Ack<unknown> = { ok: false, error: { code: "NOT_FOUND", message: "no room" } };

/**
 * `typing` / `stop-typing`: relayed to the others in the room as `{ roomId, userId, role }`.
 *
 * @example
 * ```ts
 * relayTyping(server, socket, "typing", roomId);
 * ```
 */
export function relayTyping(
  server: FakeServer,
  s: FakeSocketService,
  event: "typing" | "stop-typing",
  roomId: string,
): Ack<unknown> {
  if (!server.rooms.has(roomId)) return notFound;
  server.broadcast(roomId, event, { roomId, userId: s.userId, role: s.role }, s);
  return { ok: true, data: {} };
}

/** Moves the other side's messages forward to `status`; answers the ids that moved. */
function advance(
  server: FakeServer,
  s: FakeSocketService,
  roomId: string,
  status: MessageStatus,
  pick: (id: string, createdAt: string) => boolean,
): Ack<unknown> {
  if (!server.rooms.has(roomId)) return notFound;
  server.clock += 1;
  const at = new Date(server.clock).toISOString();
  const updated: string[] = [];
  for (const [i, m] of server.messages.entries()) {
    if (m.roomId !== roomId || m.senderRole === s.role || !pick(m.id, m.createdAt)) continue;
    if (MESSAGE_STATUS_RANK[m.status] >= MESSAGE_STATUS_RANK[status]) continue;
    const readAt = status === "read" ? at : m.readAt;
    server.messages[i] = { ...m, status, deliveredAt: m.deliveredAt ?? at, readAt };
    updated.push(m.id);
  }
  if (updated.length > 0) {
    server.broadcast(roomId, "message-status", { roomId, messageIds: updated, status, at });
  }
  return { ok: true, data: { updated } };
}

/**
 * `message-delivered`: the named messages of the other side that are `sent` become
 * `delivered`; the room gets `message-status`.
 *
 * @example
 * ```ts
 * markDelivered(server, socket, roomId, [messageId]);
 * ```
 */
export function markDelivered(
  server: FakeServer,
  s: FakeSocketService,
  roomId: string,
  messageIds: readonly string[],
): Ack<unknown> {
  const ids = new Set(messageIds);
  return advance(server, s, roomId, "delivered", (id) => ids.has(id));
}

/**
 * `message-read`: the other side's messages (up to `upToMessageId`, or all) become `read`;
 * the room gets `message-status`. An `upToMessageId` not in the room is `NOT_FOUND`.
 *
 * @example
 * ```ts
 * markRead(server, socket, roomId); // everything the other side wrote
 * ```
 */
export function markRead(
  server: FakeServer,
  s: FakeSocketService,
  roomId: string,
  upToMessageId?: string,
): Ack<unknown> {
  const upTo = upToMessageId
    ? server.roomMessages(roomId).find((m) => m.id === upToMessageId)
    : undefined;
  if (upToMessageId && !upTo) {
    return { ok: false, error: { code: "NOT_FOUND", message: "no such message" } };
  }
  return advance(
    server,
    s,
    roomId,
    "read",
    (id, createdAt) => !upTo || compareMessages({ id, createdAt }, upTo) <= 0,
  );
}
