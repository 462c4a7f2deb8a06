import type { AckEmitter } from "./transport.ts";

/** At most one `typing` event per room in this period. */
export const TYPING_THROTTLE_MS = 2000;

/**
 * The user's typing signals: `typing` at most once per {@link TYPING_THROTTLE_MS} per room,
 * and `stop-typing` only after a `typing` (a blur without typing sends nothing). Best
 * effort, no retry: a typing indicator is worthless late.
 *
 * @example
 * ```ts
 * const signals = new TypingSignals(socketService, 10_000);
 * input.oninput = () => signals.typing(roomId);
 * input.onblur = () => signals.stop(roomId);
 * ```
 */
export class TypingSignals {
  private readonly last = new Map<string, number>();

  constructor(
    private readonly emitter: AckEmitter,
    private readonly timeoutMs: number,
  ) {}

  typing(roomId: string): void {
    const now = Date.now();
    const last = this.last.get(roomId);
    if ((last !== undefined && now - last < TYPING_THROTTLE_MS) || !this.emitter.connected) return;
    this.last.set(roomId, now);
    this.fire("typing", roomId);
  }

  stop(roomId: string): void {
    if (this.last.delete(roomId)) this.fire("stop-typing", roomId);
  }

  private fire(event: "typing" | "stop-typing", roomId: string): void {
    if (!this.emitter.connected) return;
    this.emitter.request(event, { roomId }, this.timeoutMs).catch(() => undefined);
  }
}
