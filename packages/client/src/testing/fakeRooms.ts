/** The agents' room events of the fake server: list, assign, close. */
import type { Ack, Room } from "@switchboard/protocol";
import type { FakeServer } from "./fakeServer.ts";
import type { FakeSocketService } from "./fakeSocket.ts";

const activity = (r: Room) => r.lastMessageAt ?? r.createdAt;

/** Newest activity first, then id descending, like the real server. */
const newestFirst = (a: Room, b: Room) =>
  activity(a) !== activity(b) ? (activity(a) < activity(b) ? 1 : -1) : a.id < b.id ? 1 : -1;

/** Whether a room's customer name or one of its messages holds `q` (lower case). */
const holds = (server: FakeServer, room: Room, q: string) =>
  !!room.customerName?.toLowerCase().includes(q) ||
  server.roomMessages(room.id).some((m) => m.content.toLowerCase().includes(q));

/**
 * `list-rooms` as the server answers it: by status, assignment, label and `q` (contract v2),
 * newest activity first, paged by `before` (a room id) and `limit`.
 *
 * @example
 * ```ts
 * listRooms(server, { status: "open", assigned: "unassigned" });
 * ```
 */
export function listRooms(server: FakeServer, p: Record<string, unknown>): Ack<unknown> {
  const status = (p.status as string | undefined) ?? "open";
  const assigned = (p.assigned as string | undefined) ?? "any";
  const limit = (p.limit as number | undefined) ?? 50;
  const all = [...server.rooms.values()]
    .filter((r) => r.status === status)
    .filter((r) => assigned !== "unassigned" || r.adminId === null)
    .filter((r) => p.label === undefined || (r.labels ?? []).includes(p.label as string))
    .filter((r) => p.q === undefined || holds(server, r, String(p.q).toLowerCase()))
    .sort(newestFirst);
  const start = p.before ? all.findIndex((r) => r.id === p.before) + 1 : 0;
  const rooms = all.slice(start, start + limit);
  return { ok: true, data: { rooms, hasMore: all.length > start + limit } };
}

function bump(server: FakeServer, room: Room, change: Partial<Room>): Room {
  server.clock += 1;
  const next = { ...room, ...change, updatedAt: new Date(server.clock).toISOString() };
  server.rooms.set(room.id, next);
  return next;
}

/**
 * `admin-assign`: assigns an open room to `adminId` or to the caller; the room gets
 * `room-updated`. A closed room is `ROOM_CLOSED`.
 *
 * @example
 * ```ts
 * adminAssign(server, agentSocket, { roomId });
 * ```
 */
export function adminAssign(
  server: FakeServer,
  s: FakeSocketService,
  p: Record<string, unknown>,
): Ack<unknown> {
  const room = server.rooms.get(p.roomId as string);
  if (!room) return { ok: false, error: { code: "NOT_FOUND", message: "no room" } };
  if (room.status === "closed") return { ok: false, error: { code: "ROOM_CLOSED", message: "" } };
  const next = bump(server, room, { adminId: (p.adminId as string | undefined) ?? s.userId });
  server.broadcast(room.id, "room-updated", next);
  return { ok: true, data: { room: next } };
}

/**
 * Closes a room as the server does: `chat-closed`, then `room-updated`, to the room.
 *
 * @example
 * ```ts
 * closeRoom(server, roomId); // the customer's next send opens a new room
 * ```
 */
export function closeRoom(server: FakeServer, roomId: string): Ack<unknown> {
  const room = server.rooms.get(roomId);
  if (!room) return { ok: false, error: { code: "NOT_FOUND", message: "no room" } };
  if (room.status === "closed") return { ok: true, data: { room } };
  const next = bump(server, room, { status: "closed" });
  server.broadcast(roomId, "chat-closed", { roomId });
  server.broadcast(roomId, "room-updated", next);
  return { ok: true, data: { room: next } };
}
