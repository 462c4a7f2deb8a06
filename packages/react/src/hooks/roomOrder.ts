import type { Room } from "@switchboard/protocol";

/** Rooms by status: the inbox's open conversations, or the closed ones. */
export type StatusFilter = "open" | "closed";
/** Rooms by assignee: all, the signed-in agent's, or those waiting for an agent. */
export type AssignedFilter = "any" | "me" | "unassigned";
/** The filter of an agent's room list (`list-rooms`). */
export interface RoomFilter {
  /** Open or closed conversations. */
  status: StatusFilter;
  /** All of them, the signed-in agent's (`me`), or those without an agent (`unassigned`). */
  assigned: AssignedFilter;
  /** Contract v2: only rooms carrying this label. */
  label?: string;
  /**
   * Contract v2: only rooms whose messages or customer's name hold this text (2 to 200
   * characters; shorter is no search). The server decides what matches, so the list holds
   * the rooms its pages answered, kept current but not joined by new ones (search again).
   */
  q?: string;
}

/**
 * When a room last saw activity (its last message, else its creation): what the inbox
 * sorts by, newest first.
 *
 * @param r - The room (only `lastMessageAt` and `createdAt` are read).
 * @returns An ISO 8601 timestamp.
 *
 * @example
 * ```ts
 * const age = Date.now() - Date.parse(activityOf(room));
 * ```
 */
export const activityOf = (r: Pick<Room, "lastMessageAt" | "createdAt">) =>
  r.lastMessageAt ?? r.createdAt;

/** Where the loaded pages end: the last room of the last page, as it was then. */
export interface Floor {
  activity: string;
  id: string;
}

/** The floor a room would set as the last of a page. */
export const floorOf = (room: Room): Floor => ({ activity: activityOf(room), id: room.id });

/** The server's order of `list-rooms`: newest activity first, then the larger id first. */
function compare(a: Floor, b: Floor): number {
  if (a.activity !== b.activity) return a.activity < b.activity ? 1 : -1;
  return a.id === b.id ? 0 : a.id < b.id ? 1 : -1;
}

/** Sorts rooms in the order of `list-rooms`. */
export const compareRooms = (a: Room, b: Room) => compare(floorOf(a), floorOf(b));

/**
 * Whether a room belongs in the list of `filter` (`me`: the signed-in agent's id). A room
 * whose `lastMessageId` is null (a visitor opened the chat and wrote nothing yet) is nobody's
 * work: `list-rooms` leaves it out, and so does the live list, though `room-updated` brings
 * it into the store when it is created. (A version 1 server sends no `lastMessageId`: its
 * rooms are listed as it answers them.)
 */
export function matches(room: Room, filter: RoomFilter, me: string | undefined): boolean {
  if (room.lastMessageId === null) return false;
  if (room.status !== filter.status) return false;
  if (filter.label !== undefined && !(room.labels ?? []).includes(filter.label)) return false;
  if (filter.assigned === "unassigned") return room.adminId === null;
  if (filter.assigned === "me") return me !== undefined && room.adminId === me;
  return true;
}

/**
 * The rooms the list shows: those of the store that match the filter and sort no later
 * than the floor (so a room that `room-updated` brought in sits where the server would
 * put it, and nothing below the loaded pages leaks in), in the server's order. Without a
 * floor (every page loaded), all matching rooms. With `found` (a search's answered rooms),
 * only those.
 */
export function visibleRoomIds(
  rooms: Readonly<Record<string, Room>>,
  filter: RoomFilter,
  me: string | undefined,
  floor: Floor | null,
  found?: ReadonlySet<string>,
): string[] {
  return Object.values(rooms)
    .filter((r) => !found || found.has(r.id))
    .filter((r) => matches(r, filter, me) && (!floor || compare(floorOf(r), floor) <= 0))
    .sort(compareRooms)
    .map((r) => r.id);
}

/** The lower of two floors (a later page never raises the window's bottom). */
export function lowerFloor(a: Floor | null, b: Floor | null): Floor | null {
  if (!a || !b) return null;
  return compare(a, b) >= 0 ? a : b;
}
