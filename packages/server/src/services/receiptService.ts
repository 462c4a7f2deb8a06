import {
  ChatError,
  type MessageDeliveredInput,
  type MessageReadInput,
  type Role,
  type Room,
} from "@switchboard/protocol";
import type { Identity } from "../auth/tokens.ts";
import type { MessageRepository } from "../persistence/messageRepository.ts";
import type { RoomRepository } from "../persistence/roomRepository.ts";
import { otherSide, type RoomAccess } from "./access.ts";
import type { Broadcaster, ChatObserver, Clock } from "./ports.ts";
import type { RoomLock } from "./roomLock.ts";

export interface ReceiptServiceDeps {
  rooms: RoomRepository;
  messages: MessageRepository;
  access: RoomAccess;
  broadcast: Broadcaster;
  clock: Clock;
  lock: RoomLock;
  observer: ChatObserver;
}

/** Delivered and read receipts, and the unread counts they drive. */
export class ReceiptService {
  constructor(private readonly deps: ReceiptServiceDeps) {}

  async delivered(user: Identity, input: MessageDeliveredInput): Promise<{ updated: string[] }> {
    const { access, messages, broadcast, clock } = this.deps;
    await access.roomFor(user, input.roomId);
    const at = clock();
    const moved = await this.deps.lock.withRoom(input.roomId, () =>
      messages.markDelivered(input.roomId, otherSide(user.role), input.messageIds, at),
    );
    for (const m of moved)
      this.deps.observer.messageDelivered?.((at.getTime() - m.createdAt.getTime()) / 1000);
    const updated = moved.map((m) => m.id);
    if (updated.length > 0) {
      broadcast.toRoom(input.roomId, "message-status", {
        roomId: input.roomId,
        messageIds: updated,
        status: "delivered",
        at: at.toISOString(),
      });
    }
    return { updated };
  }

  /**
   * Marks the other side's messages read and takes exactly those off the reader's
   * unread count; when nothing is left unread, the count is reset to 0 so that no
   * earlier fault can leave it drifting. An admin who is not the room's assignee changes
   * nothing and gets `{ updated: [] }` (see {@link movesReadState}).
   */
  async read(user: Identity, input: MessageReadInput): Promise<{ updated: string[] }> {
    const { access, broadcast, clock } = this.deps;
    const current = await access.roomFor(user, input.roomId);
    if (!movesReadState(user, current)) return { updated: [] };
    const at = clock();
    const { updated, room } = await this.deps.lock.withRoom(input.roomId, () =>
      this.markRead(user, input, at),
    );
    if (updated.length > 0) {
      broadcast.toRoom(input.roomId, "message-status", {
        roomId: input.roomId,
        messageIds: updated,
        status: "read",
        at: at.toISOString(),
      });
    }
    if (room) broadcast.roomUpdated(room);
    return { updated };
  }

  private async markRead(user: Identity, input: MessageReadInput, at: Date) {
    const { messages, rooms } = this.deps;
    const sender = otherSide(user.role);
    const moved = await messages.markRead(input.roomId, sender, input.upToMessageId, at);
    if (!moved) throw new ChatError("NOT_FOUND", "upToMessageId is not a message of this room");
    const updated = moved.map((m) => m.id);
    let room = updated.length > 0 ? await rooms.applyRead(input.roomId, user.role, moved) : null;
    if (!input.upToMessageId) {
      // Everything is read now, and no send can have slipped in: sends take this room's lock
      // too. So the count is 0, whatever an earlier fault may have left in it.
      const counter = unreadOf(room ?? (await rooms.findById(input.roomId)), user.role);
      if (counter !== 0) room = (await rooms.resetUnread(input.roomId, user.role)) ?? room;
    }
    return { updated, room };
  }
}

/**
 * Whether this reader's read moves the room's read state. The admin side's state (its
 * messages' `read`, `unreadCountAdmin`) belongs to the assignee, or to every admin while the
 * room is unassigned: an agent glancing at a colleague's room must not clear the colleague's
 * unread count. Decided on the room as the access check read it; an assignment racing the
 * read lands just after it.
 */
const movesReadState = (reader: Identity, room: Room) =>
  reader.role === "customer" || room.adminId === null || room.adminId === reader.userId;

const unreadOf = (room: Room | null, reader: Role) =>
  room ? (reader === "admin" ? room.unreadCountAdmin : room.unreadCountCustomer) : 0;
