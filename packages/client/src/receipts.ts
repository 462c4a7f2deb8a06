import { LIMITS, type Message } from "@switchboard/protocol";
import type { AckEmitter } from "./transport.ts";
import type { ClientIdentity } from "./types.ts";

/** Options of {@link DeliveryReceipts}. */
export interface DeliveryReceiptsOptions {
  emitter: AckEmitter;
  identity: () => ClientIdentity | null;
  /** The ids whose held copy is still `sent` (drops those a `message-status` moved on). */
  filterSent: (roomId: string, messageIds: string[]) => string[];
  /** Batching delay. Default 100 ms. */
  delayMs?: number;
  timeoutMs?: number;
}

/**
 * Batches `message-delivered` for the other side's messages that reached us (pushed or
 * paged in). Best effort: answers, errors included, are ignored (a server without
 * delivery receipts answers with an error), and nothing is sent while offline: the
 * resync after the reconnect pages the messages in again.
 *
 * @example
 * ```ts
 * const receipts = new DeliveryReceipts({ emitter, identity: () => me, filterSent }););
 * socket.on("new-message", (m) => receipts.observe([m]));
 * ```
 */
export class DeliveryReceipts {
  private readonly pending = new Map<string, Set<string>>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly opts: DeliveryReceiptsOptions) {}

  /** Notes the messages that are the other side's and still `sent`. */
  observe(messages: readonly Message[]): void {
    const me = this.opts.identity();
    if (!me) return;
    for (const m of messages) {
      if (m.status !== "sent" || m.senderRole === me.role || m.senderId === me.userId) continue;
      const ids = this.pending.get(m.roomId) ?? new Set<string>();
      this.pending.set(m.roomId, ids.add(m.id));
    }
    if (this.pending.size > 0 && !this.timer) {
      this.timer = setTimeout(() => this.flush(), this.opts.delayMs ?? 100);
    }
  }

  /** Sends what is batched now. */
  flush(): void {
    this.cancelTimer();
    const batches = [...this.pending];
    this.pending.clear();
    if (!this.opts.emitter.connected) return;
    for (const [roomId, set] of batches) {
      const ids = this.opts.filterSent(roomId, [...set]);
      for (let i = 0; i < ids.length; i += LIMITS.messageIdsMax) {
        const messageIds = ids.slice(i, i + LIMITS.messageIdsMax);
        const payload = { roomId, messageIds };
        const timeout = this.opts.timeoutMs ?? 10_000;
        this.opts.emitter.request("message-delivered", payload, timeout).catch(() => undefined);
      }
    }
  }

  /** Drops the batch (on `disconnect()`). */
  clear(): void {
    this.cancelTimer();
    this.pending.clear();
  }

  private cancelTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
