import {
  ErrorCode,
  normalizeContent,
  type Attachment,
  type ErrorBody,
  type Message,
} from "@switchboard/protocol";
import { newClientMessageId } from "./clientMessageId.ts";
import {
  FINAL_CODES,
  newLane,
  validate,
  type Item,
  type Lane,
  type SendAck,
} from "./queueLanes.ts";
import { LOCAL_ID_PREFIX } from "./messages.ts";
import type { SendQueue, SendQueueOptions } from "./sendQueueApi.ts";
import { backoffDelay } from "./transport.ts";
import type { ChatMessage, SendOptions } from "./types.ts";

export { newClientMessageId };
export type { SendQueue, SendQueueOptions };

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
 * - A held room (`isHeld`, e.g. a customer's closed room) sends nothing new; `moveRoom`
 *   moves its line to another room once no attempt there lacks a definite answer.
 *
 * @example
 * ```ts
 * const queue = createSendQueue({ emitter: socketService, onUpdate: (m) => store.addMessage(m) });
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

class LaneQueue implements SendQueue {
  private readonly lanes = new Map<string, Lane>();
  private readonly failed = new Map<string, Item>();
  private running = false;
  private disposed = false;
  /** The last local `createdAt` given out (ms): strictly increasing, see {@link stamp}. */
  private lastStamp = 0;

  constructor(private readonly opts: SendQueueOptions) {}

  enqueue(
    roomId: string,
    content: string,
    attachments: Attachment[] = [],
    options: SendOptions = {},
  ): ChatMessage {
    return this.push({
      clientMessageId: newClientMessageId(),
      roomId,
      // Shown and sent as the server will store it, so the row does not change on ACK.
      content: normalizeContent(content),
      attachments,
      ...(options.kind === "note" ? { kind: "note" as const } : {}),
      createdAt: this.stamp(),
      attempt: 0,
      uncertain: false,
    });
  }

  retry(clientMessageId: string): boolean {
    const item = this.failed.get(clientMessageId);
    if (!item) return false;
    this.failed.delete(clientMessageId);
    // To the end of its room's line: it will be stored after what is queued already.
    Object.assign(item, { attempt: 0, uncertain: false, createdAt: this.stamp() });
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

  movableRooms(): string[] {
    return [...this.lanes].filter(([, lane]) => this.movable(lane)).map(([id]) => id);
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
      kind: item.kind ?? "message",
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
    if (lane.movedTo && this.movable(lane)) return this.drain(roomId, lane, lane.movedTo);
    const item = lane.items[0];
    if (!item || !this.running || !this.opts.emitter.connected || lane.timer) return;
    if (!item.uncertain && (lane.movedTo || this.opts.isHeld?.(roomId))) return;
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
    item.uncertain = true;
    const { clientMessageId, content, attachments, kind } = item;
    // `kind` only for a note: a version 1 server never sees a field it does not know.
    const payload = { roomId, clientMessageId, content, attachments, ...(kind ? { kind } : {}) };
    this.opts.emitter.request("send-message", payload, this.opts.ackTimeoutMs ?? 10_000).then(
      (ack) => this.settle(lane, item, token, ack),
      () => this.settle(lane, item, token, null),
    );
  }

  private movable(lane: Lane): boolean {
    return lane.items.length > 0 && !lane.inflight && !lane.items[0]?.uncertain;
  }

  /** Moves a line that has nothing in flight to another room (see moveRoom). */
  private drain(from: string, lane: Lane, to: string): void {
    if (lane.timer) clearTimeout(lane.timer);
    this.lanes.delete(from);
    const target = this.lane(to);
    const moving = lane.items.splice(0);
    for (const item of moving) {
      this.opts.onRemove?.(from, LOCAL_ID_PREFIX + item.clientMessageId);
      Object.assign(item, { roomId: to, attempt: 0, uncertain: false });
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
    if (this.opts.isHeld?.(item.roomId)) this.opts.onHeld?.(item.roomId);
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
      // Certainly not stored there: held where it is, until moveRoom().
      item.uncertain = false;
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
