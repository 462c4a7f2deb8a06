import type { Attachment, Message } from "@switchboard/protocol";
import type { AckEmitter, BackoffOptions } from "./transport.ts";
import type { ChatMessage, ClientIdentity, SendOptions } from "./types.ts";

/** Options of `createSendQueue`. */
export interface SendQueueOptions {
  /** Sends `send-message`; only called while `connected` and the queue is resumed. */
  emitter: Pick<AckEmitter, "connected" | "request">;
  /** Receives every change of a queued message (normally `store.addMessage`). */
  onUpdate: (message: ChatMessage | Message) => void;
  /** Ack timeout of one attempt. Default 10 s. */
  ackTimeoutMs?: number;
  /**
   * Fills `senderId` / `senderRole` of the pending copy. While unknown: `""` and
   * `"customer"` (the stored copy that replaces it carries the real ones).
   */
  identity?: () => ClientIdentity | null;
  /** Delays between the retries of a send (default 500 ms doubling, up to 30 s). */
  backoff?: BackoffOptions;
  /** Jitter source, for tests. Default `Math.random`. */
  random?: () => number;
  /**
   * Whether a room's line is held (e.g. a customer's closed room, whose messages will move
   * to the next room): its messages wait for {@link SendQueue.moveRoom}. Only a message
   * already sent to that room without a definite answer is sent there again, because it
   * may be stored there (the server then answers with the stored copy). Default: never.
   */
  isHeld?: (roomId: string) => boolean;
  /**
   * A send was answered `ROOM_CLOSED`. Return true to keep the message queued (its room
   * held, see `isHeld`) until {@link SendQueue.moveRoom} moves it on; false (the default)
   * fails it.
   */
  onRoomClosed?: (roomId: string) => boolean;
  /** An attempt in a held room settled: what is left there may be movable now. */
  onHeld?: (roomId: string) => void;
  /**
   * A queued message's copy left a room's list: it moved to another room, or the server
   * answered with a copy stored in another room. Normally `store.removeMessage`.
   */
  onRemove?: (roomId: string, id: string) => void;
}

/** The send queue's handle; see `createSendQueue`. */
export interface SendQueue {
  /** Queues a message, returns its pending copy (already passed to `onUpdate`). */
  enqueue(
    roomId: string,
    content: string,
    attachments?: Attachment[],
    options?: SendOptions,
  ): ChatMessage;
  /** Queues a `failed` message again with the same `clientMessageId`. False if unknown. */
  retry(clientMessageId: string): boolean;
  /** Stops sending (on disconnect): attempts in flight are abandoned, nothing is lost. */
  pause(): void;
  /** Starts sending again (after the resync that follows a connect). */
  resume(): void;
  /** `clientMessageId`s of the messages waiting or in flight, per room in send order. */
  pendingIds(): string[];
  /**
   * The rooms whose queued messages can move now: nothing in flight, and none sent there
   * without a definite answer (see `isHeld`).
   */
  movableRooms(): string[];
  /**
   * Moves every queued message of room `from` to room `to`, keeping their
   * `clientMessageId`s and the order they were written in (a message in flight moves once
   * its attempt settled, so it is never in flight twice). The copies leave `from`'s list
   * (`onRemove`) and join `to`'s (`onUpdate`).
   */
  moveRoom(from: string, to: string): void;
  /** Clears timers; the queue does nothing more. */
  dispose(): void;
}
