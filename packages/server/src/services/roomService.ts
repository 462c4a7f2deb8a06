import {
  ChatError,
  type AdminAssignInput,
  type CloseChatInput,
  type CustomerInfo,
  type ListRoomsInput,
  type Room,
} from "@switchboard/protocol";
import type { Identity } from "../auth/tokens.ts";
import type { RoomRepository } from "../persistence/roomRepository.ts";
import { requireAdmin, type RoomAccess } from "./access.ts";
import type { Broadcaster } from "./ports.ts";
import type { RoomLock } from "./roomLock.ts";

export interface RoomServiceDeps {
  rooms: RoomRepository;
  access: RoomAccess;
  broadcast: Broadcaster;
  lock: RoomLock;
  /** The host's user directory (embedding API), for the customer panel. */
  lookupUser?: LookupUser | undefined;
}

/** A host's own user lookup: any JSON-able profile, or null when unknown. */
export type LookupUser = (userId: string) => Promise<Record<string, unknown> | null>;

/** The agents' side of rooms: assignment, closing, the room list. */
export class RoomService {
  constructor(private readonly deps: RoomServiceDeps) {}

  /** Assigns the room to `adminId`, or to the caller; any admin may reassign an open room. */
  async assign(user: Identity, input: AdminAssignInput): Promise<{ room: Room }> {
    requireAdmin(user);
    await this.deps.access.openRoomFor(user, input.roomId);
    const adminId = input.adminId ?? user.userId;
    const room = await this.deps.lock.withRoom(input.roomId, () =>
      this.deps.rooms.assign(input.roomId, adminId),
    );
    if (!room) throw new ChatError("ROOM_CLOSED", "this chat is closed");
    this.deps.broadcast.toRoomAndAdmins(room.id, "room-updated", room);
    return { room };
  }

  /**
   * Closes the room (an admin, or its customer). Closing a closed room answers it as it
   * is: the caller's wish already holds. The customer's next join opens a new room.
   */
  async close(user: Identity, input: CloseChatInput): Promise<{ room: Room }> {
    const current = await this.deps.access.roomFor(user, input.roomId);
    if (current.status === "closed") return { room: current };
    const room = await this.deps.lock.withRoom(input.roomId, () =>
      this.deps.rooms.close(input.roomId),
    );
    if (!room) return { room: await this.deps.access.roomFor(user, input.roomId) };
    this.deps.broadcast.toRoom(room.id, "chat-closed", { roomId: room.id });
    this.deps.broadcast.toRoomAndAdmins(room.id, "room-updated", room);
    return { room };
  }

  /** What an agent sees about a customer: our rooms' history, plus the host's profile. */
  async customer(user: Identity, customerId: string): Promise<CustomerInfo> {
    requireAdmin(user);
    const summary = await this.deps.rooms.customerSummary(customerId);
    if (!summary) throw new ChatError("NOT_FOUND", "no such customer");
    return {
      id: customerId,
      ...summary,
      firstContactAt: summary.firstContactAt.toISOString(),
      profile: (await this.deps.lookupUser?.(customerId)) ?? null,
    };
  }

  async list(user: Identity, input: ListRoomsInput): Promise<{ rooms: Room[]; hasMore: boolean }> {
    requireAdmin(user);
    const page = await this.deps.rooms.list(input, user.userId);
    if (!page) throw new ChatError("NOT_FOUND", "before is not a room");
    return page;
  }
}
