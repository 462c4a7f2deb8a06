import {
  ChatError,
  LIMITS,
  type FetchMessagesInput,
  type JoinChatData,
  type JoinChatInput,
  type Message,
  type MessagePage,
  type Room,
  type SendMessageInput,
} from "@switchboard/protocol";
import type { Identity } from "../auth/tokens.ts";
import type { MessageRepository } from "../persistence/messageRepository.ts";
import type { RoomRepository } from "../persistence/roomRepository.ts";
import type { Broadcaster, Clock } from "./ports.ts";

export interface ChatServiceDeps {
  rooms: RoomRepository;
  messages: MessageRepository;
  broadcast: Broadcaster;
  clock?: Clock;
}

/** The chat's rules. Knows neither Socket.IO nor Mongoose. */
export class ChatService {
  private readonly rooms: RoomRepository;
  private readonly messages: MessageRepository;
  private readonly broadcast: Broadcaster;
  private readonly now: Clock;

  constructor(deps: ChatServiceDeps) {
    this.rooms = deps.rooms;
    this.messages = deps.messages;
    this.broadcast = deps.broadcast;
    this.now = deps.clock ?? (() => new Date());
  }

  /** The room, if this user may see it: its customer, or any admin. */
  async roomFor(user: Identity, roomId: string): Promise<Room> {
    const room = await this.rooms.findById(roomId);
    if (!room) throw new ChatError("NOT_FOUND", "room not found");
    if (user.role === "customer" && room.customerId !== user.userId) {
      throw new ChatError("FORBIDDEN", "not your room");
    }
    return room;
  }

  async joinChat(user: Identity, input: JoinChatInput): Promise<JoinChatData> {
    let room: Room;
    if (input.roomId) {
      room = await this.roomFor(user, input.roomId);
    } else if (user.role === "customer") {
      const result = await this.rooms.findOrCreateOpen(user.userId);
      room = result.room;
      if (result.created) this.broadcast.toRoomAndAdmins(room.id, "room-updated", room);
    } else {
      throw new ChatError("VALIDATION", "roomId is required for admins");
    }
    const page = await this.messages.page(room.id, { limit: LIMITS.joinHistory });
    return { room, messages: page?.messages ?? [], hasMore: page?.hasMore ?? false };
  }

  async fetchMessages(user: Identity, input: FetchMessagesInput): Promise<MessagePage> {
    await this.roomFor(user, input.roomId);
    const page = await this.messages.page(input.roomId, input);
    if (!page) throw new ChatError("NOT_FOUND", "cursor is not a message of this room");
    return page;
  }

  /**
   * Stores a message once and only then answers. A retry of a stored send (same sender,
   * same clientMessageId) returns the stored message and announces it again, so a
   * send whose first answer was lost in a crash still reaches the other side.
   */
  async sendMessage(user: Identity, input: SendMessageInput): Promise<{ message: Message }> {
    const room = await this.roomFor(user, input.roomId);
    const previous = await this.messages.findByClientId(user.userId, input.clientMessageId);
    if (previous) return this.announce(previous, null);
    if (room.status === "closed") throw new ChatError("ROOM_CLOSED", "this chat is closed");
    if (input.attachments.length > 0) {
      throw new ChatError("VALIDATION", "attachments must be uploaded to this server first");
    }
    if (user.role === "admin") await this.claimForSender(room, user.userId);
    const { message, created } = await this.messages.insertOnce({
      roomId: room.id,
      senderId: user.userId,
      senderRole: user.role,
      clientMessageId: input.clientMessageId,
      content: input.content,
      attachments: input.attachments,
      createdAt: this.now(),
    });
    const updated = created
      ? await this.rooms.recordMessage(room.id, user.role, new Date(message.createdAt))
      : null;
    return this.announce(message, updated);
  }

  private async claimForSender(room: Room, adminId: string): Promise<void> {
    if (room.adminId === adminId) return;
    if (room.adminId !== null)
      throw new ChatError("FORBIDDEN", "room is assigned to another agent");
    const claimed = await this.rooms.claim(room.id, adminId);
    if (!claimed) throw new ChatError("FORBIDDEN", "room is assigned to another agent");
  }

  private announce(message: Message, room: Room | null): { message: Message } {
    this.broadcast.toRoom(message.roomId, "new-message", message);
    if (room) this.broadcast.toRoomAndAdmins(room.id, "room-updated", room);
    return { message };
  }
}
