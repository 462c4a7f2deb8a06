import type { Room } from "@switchboard/protocol";
import type { SendQueue } from "./sendQueue.ts";
import type { ChatStore, ClientIdentity } from "./types.ts";

/** What {@link RoomSuccession} works with. */
export interface SuccessionDeps {
  store: ChatStore;
  queue: Pick<SendQueue, "moveRoom" | "movableRooms">;
  identity: () => ClientIdentity | null;
  /** `join-chat` without a room id: the customer's open room, created when there is none. */
  joinOpen: () => Promise<Room>;
}

/**
 * A customer's closed room is over for good: the contract opens a new room at the next
 * join without a room id. Messages the customer writes to a closed room (or that the
 * server refused with `ROOM_CLOSED` because the room closed under them) are held in the
 * queue, a new room is opened, and they move there with their `clientMessageId`s, so each
 * is still stored exactly once: a message that was sent to the closed room without a
 * definite answer is first sent there again (the server answers a retry of a stored send
 * with the stored copy, and `ROOM_CLOSED` only when the room did not store it); only
 * messages the closed room certainly did not store move on. No room is opened for nothing.
 *
 * Admins are never held: a send of theirs into a closed room fails as `ROOM_CLOSED`.
 *
 * @example
 * ```ts
 * const succession = new RoomSuccession({ store, queue, identity, joinOpen: () => client.join() });
 * client.send(succession.route(roomId), text); // then: succession.settle()
 * ```
 */
export class RoomSuccession {
  /** Closed room -> the room its held messages moved to. */
  private readonly next = new Map<string, string>();
  private opening: Promise<void> | null = null;

  constructor(private readonly deps: SuccessionDeps) {}

  /** Where a message written to `roomId` goes now: the room itself or the one that followed it. */
  route(roomId: string): string {
    let id = roomId;
    for (let hop = this.next.get(id); hop !== undefined && hop !== id; hop = this.next.get(id)) {
      id = hop;
    }
    return id;
  }

  /** Whether the queue must hold a room's messages: a customer's closed room. */
  isHeld(roomId: string): boolean {
    if (this.deps.identity()?.role !== "customer") return false;
    return this.deps.store.getState().rooms[roomId]?.status === "closed";
  }

  /**
   * A send into `roomId` was answered `ROOM_CLOSED`. For a customer: notes the room as
   * closed and answers true (hold the message, it moves on); for an admin: false (fail it).
   */
  onSendClosed(roomId: string): boolean {
    if (this.deps.identity()?.role !== "customer") return false;
    const { store } = this.deps;
    const room = store.getState().rooms[roomId];
    if (room && room.status !== "closed") store.upsertRoom({ ...room, status: "closed" });
    return true; // the queue then calls onHeld, which settles
  }

  /**
   * Moves the messages held in closed rooms on: to the room that followed (when it is
   * still open), else to a newly opened room. Cheap when nothing is held; call it after
   * anything that may close a room or queue a message into a closed one.
   */
  settle(): void {
    const held = this.deps.queue.movableRooms().filter((id) => this.isHeld(id));
    let waiting = false;
    for (const roomId of held) {
      const to = this.route(roomId);
      if (to !== roomId && !this.isHeld(to)) this.deps.queue.moveRoom(roomId, to);
      else waiting = true;
    }
    if (waiting && !this.opening) {
      this.opening = this.open().finally(() => (this.opening = null));
    }
  }

  private async open(): Promise<void> {
    let room: Room;
    try {
      room = await this.deps.joinOpen();
    } catch (err) {
      // Still held; the next connect, send or close event tries again.
      console.warn("switchboard: opening a new room failed", err);
      return;
    }
    if (room.status !== "open") return;
    for (const roomId of this.deps.queue.movableRooms()) {
      if (roomId === room.id || !this.isHeld(roomId)) continue;
      this.next.set(roomId, room.id);
      this.deps.queue.moveRoom(roomId, room.id);
    }
  }
}
