import type { ChatMessage } from "@switchboard/client";
import type { Room } from "@switchboard/protocol";

export type StatusFilter = "open" | "closed";
export type AssignedFilter = "any" | "me" | "unassigned";
export interface RoomFilter {
  status: StatusFilter;
  assigned: AssignedFilter;
}

export const activityOf = (r: Pick<Room, "lastMessageAt" | "createdAt">) =>
  r.lastMessageAt ?? r.createdAt;

/** Where the loaded pages end: the last room of the last page, as it was then. */
export interface Floor {
  activity: string;
  id: string;
}

export const floorOf = (room: Room): Floor => ({ activity: activityOf(room), id: room.id });

/** The server's order of `list-rooms`: newest activity first, then the larger id first. */
function compare(a: Floor, b: Floor): number {
  if (a.activity !== b.activity) return a.activity < b.activity ? 1 : -1;
  return a.id === b.id ? 0 : a.id < b.id ? 1 : -1;
}

export const compareRooms = (a: Room, b: Room) => compare(floorOf(a), floorOf(b));

export function matches(room: Room, filter: RoomFilter, me: string | undefined): boolean {
  if (room.status !== filter.status) return false;
  if (filter.assigned === "unassigned") return room.adminId === null;
  if (filter.assigned === "me") return me !== undefined && room.adminId === me;
  return true;
}

/**
 * The rooms the list shows: those of the store that match the filter and sort no later
 * than the floor (so a room that `room-updated` brought in sits where the server would
 * put it, and nothing below the loaded pages leaks in), in the server's order. Without a
 * floor (every page loaded), all matching rooms.
 */
export function visibleRoomIds(
  rooms: Record<string, Room>,
  filter: RoomFilter,
  me: string | undefined,
  floor: Floor | null,
): string[] {
  return Object.values(rooms)
    .filter((r) => matches(r, filter, me) && (!floor || compare(floorOf(r), floor) <= 0))
    .sort(compareRooms)
    .map((r) => r.id);
}

/** The lower of two floors (a later page never raises the window's bottom). */
export function lowerFloor(a: Floor | null, b: Floor | null): Floor | null {
  if (!a || !b) return null;
  return compare(a, b) >= 0 ? a : b;
}

/** One line about the last message, for rooms opened in this tab; "You: …" for one's own. */
export function previewOf(
  messages: readonly ChatMessage[] | undefined,
  me: string | undefined,
): string | undefined {
  const last = messages?.at(-1);
  if (!last) return undefined;
  const first = last.attachments[0];
  // Words, not emoji: not every system has an emoji font.
  const text =
    last.content || (first ? (first.mimeType.startsWith("image/") ? "Image" : first.name) : "");
  if (!text) return undefined;
  return me !== undefined && last.senderId === me ? `You: ${text}` : text;
}

/**
 * The inbox line from the room itself (`room.lastMessage`, sent by the server), for rooms
 * whose messages this tab has not loaded. An agent's message reads "You: ..." when the room
 * is assigned to me (only the assignee may write into an assigned room), else "Agent: ...".
 */
export function previewOfRoom(room: Room, me: string | undefined): string | undefined {
  const last = room.lastMessage;
  if (!last) return undefined;
  const text =
    last.text ||
    (last.attachments === 1
      ? "Attachment"
      : last.attachments > 1
        ? `${last.attachments} attachments`
        : "");
  if (!text) return undefined;
  if (last.senderRole === "customer") return text;
  return `${me !== undefined && room.adminId === me ? "You" : "Agent"}: ${text}`;
}
