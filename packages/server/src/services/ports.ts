import type { Message, Room, ServerToClientEvents } from "@switchboard/protocol";

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
export interface ChatObserver extends WebhookObserver {
  /** A message reached the other side's device: seconds from being stored. */
  messageDelivered?(secondsSinceStored: number): void;
  /** The outcome of one push notification attempt. */
  push?(result: PushResult): void;
}

export type PushResult = "sent" | "invalid-token" | "failed" | "skipped-online" | "no-device";

/** A stored message about to be counted on its room, and the room before and after it. */
export interface MessageChange {
  message: Message;
  /** Its place in its room. */
  seq: number;
  before: Room;
  after: Room;
}

/**
 * Where changes are recorded for the outside world (the webhook outbox) before they are
 * ACKed. The message writers call {@link Outbox.messages} after a message is stored and before
 * it is counted on its room: a counted (so ACKed) message always has its events stored, and
 * every path that counts a message (a send, its retry, the repair, the start-up sweep)
 * passes here. Both calls are idempotent.
 */
export interface Outbox {
  messages(changes: readonly MessageChange[]): Promise<void>;
  roomCreated(room: Room): Promise<void>;
}

/** What the webhook worker reports for monitoring (the server's metrics implement it). */
export interface WebhookObserver {
  /** Deliveries written to the outbox (one per event and URL). */
  webhooksQueued?(count: number): void;
  /**
   * One attempt's outcome: `delivered` (2xx), `retry` (failed, will be retried) or `failed`
   * (given up). `queuedSeconds`: from queued to delivered; `requestSeconds`: the POST itself.
   */
  webhookAttempt?(
    outcome: "delivered" | "retry" | "failed",
    requestSeconds: number,
    queuedSeconds: number,
  ): void;
}
