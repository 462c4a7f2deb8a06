import {
  ErrorCode,
  normalizeContent,
  sendMessageSchema,
  type Ack,
  type Attachment,
  type ErrorBody,
  type Message,
} from "@switchboard/protocol";
import { newClientMessageId } from "./clientMessageId.ts";
import { LOCAL_ID_PREFIX } from "./store.ts";
import { backoffDelay, type AckEmitter, type BackoffOptions } from "./transport.ts";
import type { ChatMessage, ClientIdentity } from "./types.ts";

export { newClientMessageId };

/** Codes that reject a send for good: sending it again would get the same answer. */
const FINAL_CODES: ReadonlySet<string> = new Set([
  ErrorCode.VALIDATION,
  ErrorCode.FORBIDDEN,
  ErrorCode.NOT_FOUND,
  ErrorCode.ROOM_CLOSED,
  ErrorCode.TOO_LARGE,
  ErrorCode.UNAUTHORIZED,
]);

/** Options of {@link createSendQueue}. */
export interface SendQueueOptions {
  /** Sends `send-message`; only called while `connected` and the queue is resumed. */
  emitter: Pick<AckEmitter, "connected" | "request">;
  /** Receives every change of a queued message (normally `store.getState().addMessage`). */
  onUpdate: (message: ChatMessage | Message) => void;
  /** Ack timeout of one attempt. Default 10 s. */
  ackTimeoutMs?: number;
  /**
   * Fills `senderId` / `senderRole` of the pending copy. While unknown: `""` and
   * `"customer"` (the stored copy that replaces it carries the real ones).
   */
  identity?: () => ClientIdentity | null;
  backoff?: BackoffOptions;
  /** Jitter source, for tests. Default `Math.random`. */
  random?: () => number;
  /**
   * Whether a room's line must wait: nothing of it is sent while this answers true (e.g.
   * a customer's closed room, whose messages will move to the next room). Default: never.
   */
  isHeld?: (roomId: string) => boolean;
  /**
   * A send was answered `ROOM_CLOSED`. Return true to keep the message queued (its room
   * held, see `isHeld`) until {@link SendQueue.moveRoom} moves it on; false (the default)
   * fails it.
   */
  onRoomClosed?: (roomId: string) => boolean;
  /**
   * A queued message's copy left a room's list: it moved to another room, or the server
   * answered with a copy stored in another room. Normally `store.getState().removeMessage`.
   */
  onRemove?: (roomId: string, id: string) => void;
}

/** The send queue's handle; see {@link createSendQueue}. */
export interface SendQueue {
  /** Queues a message, returns its pending copy (already passed to `onUpdate`). */
  enqueue(roomId: string, content: string, attachments?: Attachment[]): ChatMessage;
  /** Queues a `failed` message again with the same `clientMessageId`. False if unknown. */
  retry(clientMessageId: string): boolean;
  /** Stops sending (on disconnect): attempts in flight are abandoned, nothing is lost. */
  pause(): void;
  /** Starts sending again (after the resync that follows a connect). */
  resume(): void;
  /** `clientMessageId`s of the messages waiting or in flight, per room in send order. */
  pendingIds(): string[];
  /** The rooms that have messages waiting or in flight. */
  pendingRooms(): string[];
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

type SendAck = Ack<{ message: Message }> | undefined;

interface Item {
  clientMessageId: string;
  roomId: string;
  content: string;
  attachments: Attachment[];
  createdAt: string;
  /** Failed attempts since the last success, connect or rate limit: drives the backoff. */
  attempt: number;
}

/** One room's line: strictly one message in flight, in order. */
interface Lane {
  items: Item[];
  /** Token of the attempt in flight; a settled attempt whose token is gone is stale. */
  inflight: object | null;
  timer: ReturnType<typeof setTimeout> | null;
  /** No attempt before this time (backoff or `retryAfterMs`). */
  notBefore: number;
  rateLimited: boolean;
  /** Set by moveRoom(): the line moves there once nothing is in flight. */
  movedTo: string | null;
}

/** Checks a send the way the server will; `null` when it is valid. */
function validate(item: Item): ErrorBody | null {
  const { clientMessageId, roomId, content, attachments } = item;
  const r = sendMessageSchema.safeParse({ roomId, clientMessageId, content, attachments });
  if (r.success) return null;
  const issue = r.error.issues[0];
  return {
    code: ErrorCode.VALIDATION,
    message: issue ? `${issue.path.join(".")}: ${issue.message}` : "invalid",
  };
}

/**
 * Creates the outgoing message queue: "nothing lost, nothing doubled" for sends.
 *
 * - Every message gets its `clientMessageId` at creation and keeps it through every retry,
 *   so the server, which dedupes on it, stores it once however often it is sent.
 * - Per room, one message is in flight at a time; the next one goes after its ACK, so the
 *   server stores a room's messages in the order they were written.
 * - Ack timeouts, dropped connections and `INTERNAL` retry with exponential backoff and
 *   jitter; `RATE_LIMITED` waits `retryAfterMs`; the other codes fail the message for good
 *   (`localStatus: "failed"` with `error`) until {@link SendQueue.retry}.
 * - Nothing is sent while paused (disconnected); `resume()` re-sends what is pending.
 *
 * @example
 * ```ts
 * const queue = createSendQueue({ emitter: socketService, onUpdate: (m) => store.getState().addMessage(m) });
 * const pending = queue.enqueue(roomId, "Hello!"); // in the store at once, as pending
 * // on every connect, once the resync is done:
 * queue.resume();
 * // on every disconnect:
 * queue.pause();
 * ```
 */
export function createSendQueue(opts: SendQueueOptions): SendQueue {
  return new LaneQueue(opts);
}

function newLane(): Lane {
  return {
    items: [],
    inflight: null,
    timer: null,
    notBefore: 0,
    rateLimited: false,
    movedTo: null,
  };
}

class LaneQueue implements SendQueue {
  private readonly lanes = new Map<string, Lane>();
  private readonly failed = new Map<string, Item>();
  private running = false;
  private disposed = false;
  /** The last local `createdAt` given out (ms): strictly increasing, see {@link stamp}. */
  private lastStamp = 0;

  constructor(private readonly opts: SendQueueOptions) {}

  enqueue(roomId: string, content: string, attachments: Attachment[] = []): ChatMessage {
    return this.push({
      clientMessageId: newClientMessageId(),
      roomId,
      // Shown and sent as the server will store it, so the row does not change on ACK.
      content: normalizeContent(content),
      attachments,
      createdAt: this.stamp(),
      attempt: 0,
    });
  }

  retry(clientMessageId: string): boolean {
    const item = this.failed.get(clientMessageId);
    if (!item) return false;
    this.failed.delete(clientMessageId);
    // To the end of its room's line: it will be stored after what is queued already.
    Object.assign(item, { attempt: 0, createdAt: this.stamp() });
    this.push(item);
    return true;
  }

  pause(): void {
    this.running = false;
    for (const lane of this.lanes.values()) {
      lane.inflight = null;
      if (lane.timer) clearTimeout(lane.timer);
      lane.timer = null;
      if (!lane.rateLimited) lane.notBefore = 0;
      for (const item of lane.items) item.attempt = 0;
    }
  }

  resume(): void {
    this.running = true;
    for (const roomId of this.lanes.keys()) this.pump(roomId);
  }

  pendingIds(): string[] {
    return [...this.lanes.values()].flatMap((l) => l.items.map((i) => i.clientMessageId));
  }

  pendingRooms(): string[] {
    return [...this.lanes].filter(([, lane]) => lane.items.length > 0).map(([id]) => id);
  }

  moveRoom(from: string, to: string): void {
    const lane = this.lanes.get(from);
    if (from === to || !lane) return;
    lane.movedTo = to;
    this.pump(from);
  }

  dispose(): void {
    this.pause();
    this.disposed = true;
  }

  /**
   * The `createdAt` of a local copy. Strictly increasing: the store sorts local copies by
   * (createdAt, id), and their ids are random, so messages queued within one millisecond
   * would otherwise show in random order instead of the order they were written (and sent).
   */
  private stamp(): string {
    this.lastStamp = Math.max(Date.now(), this.lastStamp + 1);
    return new Date(this.lastStamp).toISOString();
  }

  private lane(roomId: string): Lane {
    let lane = this.lanes.get(roomId);
    if (!lane) this.lanes.set(roomId, (lane = newLane()));
    return lane;
  }

  private push(item: Item): ChatMessage {
    const error = validate(item);
    if (error) return this.fail(item, error);
    this.lane(item.roomId).items.push(item);
    const copy = this.localCopy(item);
    this.opts.onUpdate(copy);
    this.pump(item.roomId);
    return copy;
  }

  private fail(item: Item, error: ErrorBody): ChatMessage {
    this.failed.set(item.clientMessageId, item);
    const copy = this.localCopy(item, { code: error.code, message: error.message });
    this.opts.onUpdate(copy);
    return copy;
  }

  private localCopy(item: Item, error?: ChatMessage["error"]): ChatMessage {
    const me = this.opts.identity?.() ?? null;
    return {
      id: LOCAL_ID_PREFIX + item.clientMessageId,
      roomId: item.roomId,
      senderId: me?.userId ?? "",
      senderRole: me?.role ?? "customer",
      clientMessageId: item.clientMessageId,
      content: item.content,
      attachments: item.attachments,
      status: "sent",
      createdAt: item.createdAt,
      deliveredAt: null,
      readAt: null,
      localStatus: error ? "failed" : "pending",
      ...(error ? { error } : {}),
    };
  }

  /** Sends the head of a room's line if nothing is in flight and no wait is due. */
  private pump(roomId: string): void {
    const lane = this.lanes.get(roomId);
    if (!lane || this.disposed || lane.inflight) return;
    if (lane.movedTo) return this.drain(roomId, lane, lane.movedTo);
    const item = lane.items[0];
    if (!item || !this.running || !this.opts.emitter.connected || lane.timer) return;
    if (this.opts.isHeld?.(roomId)) return;
    const wait = lane.notBefore - Date.now();
    if (wait > 0) {
      lane.timer = setTimeout(() => {
        lane.timer = null;
        this.pump(roomId);
      }, wait);
      return;
    }
    const token = {};
    lane.inflight = token;
    const { clientMessageId, content, attachments } = item;
    const payload = { roomId, clientMessageId, content, attachments };
    this.opts.emitter.request("send-message", payload, this.opts.ackTimeoutMs ?? 10_000).then(
      (ack) => this.settle(lane, item, token, ack),
      () => this.settle(lane, item, token, null),
    );
  }

  /** Moves a line that has nothing in flight to another room (see moveRoom). */
  private drain(from: string, lane: Lane, to: string): void {
    if (lane.timer) clearTimeout(lane.timer);
    this.lanes.delete(from);
    const target = this.lane(to);
    const moving = lane.items.splice(0);
    for (const item of moving) {
      this.opts.onRemove?.(from, LOCAL_ID_PREFIX + item.clientMessageId);
      Object.assign(item, { roomId: to, attempt: 0 });
    }
    // The stamps increase in the order written: merge by them, the head in flight first.
    const head = target.inflight ? target.items.splice(0, 1) : [];
    const rest = [...target.items, ...moving].sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
    target.items = [...head, ...rest];
    for (const item of moving) this.opts.onUpdate(this.localCopy(item));
    this.pump(to);
  }

  /** `ack` is null when the attempt timed out or the connection dropped. */
  private settle(lane: Lane, item: Item, token: object, ack: SendAck | null): void {
    const current = lane.inflight === token;
    if (current) lane.inflight = null;
    if (ack?.ok && ack.data?.message) {
      // Even an abandoned attempt's ACK is the truth: the message is stored. The item may
      // have moved to another room's line meanwhile, so it is looked up where it is now.
      this.stored(item, ack.data.message);
      Object.assign(lane, { notBefore: 0, rateLimited: false });
    } else if (current && lane.items[0] === item) {
      this.attemptFailed(lane, item, ack && !ack.ok ? ack.error : undefined);
    } // else: abandoned by pause() or moved; the next attempt decides.
    this.pump(item.roomId);
  }

  private stored(item: Item, message: Message): void {
    const lane = this.lanes.get(item.roomId);
    const i = lane ? lane.items.indexOf(item) : -1;
    if (lane && i >= 0) lane.items.splice(i, 1);
    // Stored in another room: the same send reached the server before it moved (its ACK
    // was lost), and the server answers a retry with that stored copy.
    if (message.roomId !== item.roomId) {
      this.opts.onRemove?.(item.roomId, LOCAL_ID_PREFIX + item.clientMessageId);
    }
    this.opts.onUpdate(message);
  }

  private attemptFailed(lane: Lane, item: Item, error: ErrorBody | undefined): void {
    const code: string | undefined = error?.code;
    lane.rateLimited = code === ErrorCode.RATE_LIMITED;
    if (code === ErrorCode.ROOM_CLOSED && this.opts.onRoomClosed?.(item.roomId)) {
      lane.rateLimited = false; // held where it is, until moveRoom()
    } else if (error && code && FINAL_CODES.has(code)) {
      lane.items.shift();
      this.fail(item, error);
    } else if (lane.rateLimited && typeof error?.retryAfterMs === "number") {
      lane.notBefore = Date.now() + error.retryAfterMs;
    } else {
      // Ack timeout, dropped connection, INTERNAL, an unknown answer.
      const delay = backoffDelay(++item.attempt, this.opts.backoff, this.opts.random);
      lane.notBefore = Date.now() + delay;
    }
  }
}
