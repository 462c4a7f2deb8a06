import { ChatError, type Room } from "@switchboard/protocol";
import type { Identity } from "../auth/tokens.ts";
import type { RoomRepository } from "../persistence/roomRepository.ts";

/**
 * Who may touch a room, decided from the database on every event: its customer, or
 * any admin. A customer can never read, type into, mark or close another's room.
 */
export class RoomAccess {
  constructor(private readonly rooms: RoomRepository) {}

  /** The room, if this user may see it. */
  async roomFor(user: Identity, roomId: string): Promise<Room> {
    return maySee(user, await this.rooms.findById(roomId));
  }

  /** The room, if this user may act in it now: as {@link roomFor}, and open. */
  async openRoomFor(user: Identity, roomId: string): Promise<Room> {
    return mayAct(user, await this.rooms.findById(roomId));
  }
}

/** The room (already read), if this user may see it. */
export function maySee(user: Identity, room: Room | null): Room {
  if (!room) throw new ChatError("NOT_FOUND", "room not found");
  if (user.role === "customer" && room.customerId !== user.userId) {
    throw new ChatError("FORBIDDEN", "not your room");
  }
  return room;
}

/** The room (already read), if this user may act in it now: visible, and open. */
export function mayAct(user: Identity, room: Room | null): Room {
  const visible = maySee(user, room);
  if (visible.status === "closed") throw new ChatError("ROOM_CLOSED", "this chat is closed");
  return visible;
}

/** Refuses anyone but an admin. */
export function requireAdmin(user: Identity): void {
  if (user.role !== "admin") throw new ChatError("FORBIDDEN", "admins only");
}

/** The other side of a conversation: whose messages a reader marks. */
export const otherSide = (role: Identity["role"]) => (role === "customer" ? "admin" : "customer");
