import type { Room, ServerToClientEvents } from "@switchboard/protocol";

/**
 * How services tell connected clients about a change, without knowing Socket.IO.
 * The transport implements it; with the Redis adapter it reaches every node.
 */
export interface Broadcaster {
  /** Every socket that joined the room. */
  toRoom<E extends keyof ServerToClientEvents>(
    roomId: string,
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void;
  /** Every socket in the room but none of this user's (typing is not echoed to the typist). */
  toRoomExceptUser<E extends keyof ServerToClientEvents>(
    roomId: string,
    userId: string,
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void;
  /** The room's admin sockets only: what a private note reaches, never a customer. */
  toRoomAdmins<E extends keyof ServerToClientEvents>(
    roomId: string,
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void;
  /**
   * `room-updated` to every socket in the room and every connected admin, each once; the
   * room's customer gets it as {@link customerView} shows it.
   */
  roomUpdated(room: Room): void;
  /** Disconnects every socket of a user, on every node (an erased customer). */
  disconnectUser(userId: string): void;
}

/**
 * A room as its customer may see it: without its labels, which are the agents' own words
 * about the customer ("refund-abuse"). The same object when there is nothing to hide.
 */
export function customerView(room: Room): Room {
  return !room.labels?.length ? room : { ...room, labels: [] };
}

/** Where the time comes from; tests may fix it. */
export type Clock = () => Date;

/**
 * What the services report for monitoring; the server's metrics implement it. Optional
 * members: a host embedding the services may observe only what it cares about.
 */
export interface ChatObserver {
  /** A message reached the other side's device: seconds from being stored. */
  messageDelivered?(secondsSinceStored: number): void;
  /** The outcome of one push notification attempt. */
  push?(result: PushResult): void;
}

export type PushResult = "sent" | "invalid-token" | "failed" | "skipped-online" | "no-device";
