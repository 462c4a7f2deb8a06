import type { Room } from "@switchboard/protocol";
import type { Identity } from "../auth/tokens.ts";
import type { RoomRepository } from "../persistence/roomRepository.ts";
import type { Broadcaster, Outbox } from "./ports.ts";
import { RECREATE_WINDOW_MS } from "./webhookEvents.ts";

export interface OpenRoomDeps {
  rooms: RoomRepository;
  broadcast: Broadcaster;
  outbox?: Outbox | undefined;
}

/**
 * A customer's open room, opened now when they have none (`join-chat` without a room,
 * `set-contact`). Its `room.created` event is written when it is opened, and again on each
 * visit while the room is new and has no message: a write cut off after the room was stored
 * (a crash, a database error) is made good by the customer's next visit, not only by their
 * first message. Writing it again stores nothing when it is stored.
 */
export async function openRoomOf(
  deps: OpenRoomDeps,
  user: Identity,
  now = new Date(),
): Promise<Room> {
  const { room, created } = await deps.rooms.findOrCreateOpen(user.userId, user.name ?? null);
  const young = now.getTime() - Date.parse(room.createdAt) < RECREATE_WINDOW_MS;
  if (created || (room.lastMessageAt === null && young)) await deps.outbox?.roomCreated(room);
  if (created) deps.broadcast.roomUpdated(room);
  return room;
}
