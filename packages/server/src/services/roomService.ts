import {
  ChatError,
  type AdminAssignInput,
  type CloseChatInput,
  type CustomerInfo,
  type ListRoomsInput,
  type Room,
  type RateChatInput,
  type SetContactInput,
  type SetLabelsInput,
} from "@switchboard/protocol";
import type { Identity } from "../auth/tokens.ts";
import type { RoomRepository } from "../persistence/roomRepository.ts";
import type { Written } from "../persistence/messageWriter.ts";
import { mayAct, maySee, requireAdmin, type RoomAccess } from "./access.ts";
import type { Activities } from "./activities.ts";
import { openRoomOf } from "./openRoom.ts";
import { customerView, type Broadcaster, type Outbox } from "./ports.ts";
import type { RoomLock } from "./roomLock.ts";

export interface RoomServiceDeps {
  rooms: RoomRepository;
  access: RoomAccess;
  broadcast: Broadcaster;
  lock: RoomLock;
  activities: Activities;
  /** Tells the room and the admins about a written activity (or a send finished on the way). */
  announce(written: Written): void;
  /** A write into the room failed midway: finish what it stored, in the background. */
  repair(roomId: string): void;
  /** The name of the agent with this id, or null when no agent has it (AgentService.agentName). */
  agentName(id: string): Promise<string | null>;
  /** Rooms holding a message that matches a search text (`list-rooms { q }`). */
  roomsMatching(q: string): Promise<string[]>;
  /** The host's user directory (embedding API), for the customer panel. */
  lookupUser?: LookupUser | undefined;
  /** Webhooks: a new room's `room.created` is stored before the call is answered. */
  outbox?: Outbox | undefined;
}

/** A host's own user lookup: any JSON-able profile, or null when unknown. */
export type LookupUser = (userId: string) => Promise<Record<string, unknown> | null>;

/** The agents' side of rooms: assignment, closing, the room list. */
export class RoomService {
  constructor(private readonly deps: RoomServiceDeps) {}

  /**
   * Assigns the room to `adminId`, or to the caller; any admin may reassign an open room
   * (a transfer, when another agent held it). Writes one activity message with the change;
   * assigning a room to the agent who holds it changes nothing and writes nothing.
   */
  async assign(user: Identity, input: AdminAssignInput): Promise<{ room: Room }> {
    requireAdmin(user);
    const before = await this.deps.access.openRoomFor(user, input.roomId);
    const adminId = input.adminId ?? user.userId;
    // A typo must not hand the chat to nobody: only an agent the directory (or the host) knows.
    const [name, holder] = await Promise.all([
      adminId === user.userId ? nameOf(user) : this.deps.agentName(adminId),
      before.adminId === user.userId
        ? nameOf(user)
        : before.adminId && this.deps.agentName(before.adminId),
    ]);
    if (name === null) throw new ChatError("NOT_FOUND", `no agent "${adminId}"`);
    return this.withActivity(input.roomId, ({ room }) => {
      mayAct(user, room);
      if (room.adminId === adminId) return null;
      // The holder's name as read before the lock, if the room is still theirs.
      const from = room.adminId && {
        id: room.adminId,
        name: (room.adminId === before.adminId && holder) || room.adminId,
      };
      return assignment(user, { id: adminId, name }, from || null);
    });
  }

  /**
   * Closes the room (an admin, or its customer), with one activity message. Closing a closed
   * room answers it as it is: the caller's wish already holds. The customer's next join
   * opens a new room.
   */
  async close(user: Identity, input: CloseChatInput): Promise<{ room: Room }> {
    const current = await this.deps.access.roomFor(user, input.roomId);
    if (current.status === "closed") return { room: current };
    return this.withActivity(input.roomId, ({ room }) => {
      if (maySee(user, room).status === "closed") return null;
      return user.role === "admin"
        ? {
            senderId: user.userId,
            activity: { type: "closed", by: user.userId, byName: nameOf(user) },
            content: `${nameOf(user)} closed the chat`,
          }
        : {
            senderId: "system",
            activity: { type: "closed", by: user.userId },
            content: "The customer closed the chat",
          };
    });
  }

  /**
   * Replaces a room's labels (admins; open or closed rooms). Under the room's lock, so that a
   * send's room update, computed from the room as this node last wrote it, cannot announce
   * the room with its labels of before.
   */
  async setLabels(user: Identity, input: SetLabelsInput): Promise<{ room: Room }> {
    requireAdmin(user);
    await this.deps.access.roomFor(user, input.roomId);
    const room = await this.deps.lock.withRoom(input.roomId, () =>
      this.deps.rooms.setLabels(input.roomId, input.labels),
    );
    if (!room) throw new ChatError("NOT_FOUND", "room not found");
    this.deps.broadcast.roomUpdated(room);
    return { room };
  }

  /**
   * Contract v2 `set-contact`: the customer leaves an email on their open room (opened now if
   * they have none), so that an answer can reach them when they are gone.
   */
  async setContact(user: Identity, input: SetContactInput): Promise<{ room: Room }> {
    if (user.role !== "customer")
      throw new ChatError("FORBIDDEN", "only a customer leaves a contact");
    const open = await openRoomOf(this.deps, user);
    const room = await this.deps.lock.withRoom(open.id, () =>
      this.deps.rooms.setCustomerEmail(open.id, input.email),
    );
    if (!room) throw new ChatError("NOT_FOUND", "room not found");
    this.deps.broadcast.roomUpdated(room);
    return { room: customerView(room) };
  }

  /**
   * Contract v2 `rate-chat`: the room's customer rates it once it is closed (a second rating
   * replaces the first), with a `rated` activity written in the same write as the rating.
   */
  async rate(user: Identity, input: RateChatInput): Promise<{ room: Room }> {
    if (user.role !== "customer")
      throw new ChatError("FORBIDDEN", "only the customer rates a chat");
    await this.deps.access.roomFor(user, input.roomId);
    const { room } = await this.withActivity(input.roomId, ({ room }) => {
      if (room.status !== "closed")
        throw new ChatError("VALIDATION", "only a closed chat can be rated");
      return {
        senderId: "system",
        activity: { type: "rated", by: user.userId, score: input.score, comment: input.comment },
        content: `The customer rated the chat ${input.score} out of 5`,
      };
    });
    return { room: customerView(room) };
  }

  /** Under the room's lock: the activity `plan` decides on, written and announced. */
  private async withActivity(
    roomId: string,
    plan: Parameters<Activities["record"]>[3],
  ): Promise<{ room: Room }> {
    const others: Written[] = [];
    try {
      const { written, state } = await this.deps.lock.withRoom(roomId, (_signal, stillOurs) =>
        this.deps.activities.record(roomId, stillOurs, others, plan),
      );
      if (written) others.push(written);
      return { room: written?.room ?? state.room };
    } catch (err) {
      // Perhaps stored but not counted: finish it even if nobody writes into the room again.
      if (!(err instanceof ChatError)) this.deps.repair(roomId);
      throw err;
    } finally {
      others.forEach((w) => this.deps.announce(w));
    }
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
      // The host's directory failing leaves the profile out, not the panel.
      profile: (await this.deps.lookupUser?.(customerId)?.catch(() => null)) ?? null,
    };
  }

  async list(user: Identity, input: ListRoomsInput): Promise<{ rooms: Room[]; hasMore: boolean }> {
    requireAdmin(user);
    const matching = input.q === undefined ? undefined : await this.deps.roomsMatching(input.q);
    const page = await this.deps.rooms.list(input, user.userId, matching);
    if (!page) throw new ChatError("NOT_FOUND", "before is not a room");
    return page;
  }
}

/** How an activity names a user: the token's name, else the id. */
const nameOf = (user: Identity) => user.name?.trim() || user.userId;

/** The activity of giving a room to `to` (from `from`, or from nobody), names in its words. */
function assignment(user: Identity, to: Named, from: Named | null) {
  const actor = nameOf(user);
  const self = to.id === user.userId;
  if (from === null)
    return {
      senderId: user.userId,
      activity: {
        type: "assigned" as const,
        by: user.userId,
        adminId: to.id,
        byName: actor,
        adminName: to.name,
      },
      content: self ? `${actor} took the chat` : `${actor} assigned the chat to ${to.name}`,
    };
  return {
    senderId: user.userId,
    activity: {
      type: "transferred" as const,
      by: user.userId,
      adminId: to.id,
      fromAdminId: from.id,
      byName: actor,
      adminName: to.name,
      fromAdminName: from.name,
    },
    content: self
      ? `${actor} took the chat over from ${from.name}`
      : from.id === user.userId
        ? `${actor} transferred the chat to ${to.name}`
        : `${actor} transferred the chat from ${from.name} to ${to.name}`,
  };
}

interface Named {
  id: string;
  name: string;
}
