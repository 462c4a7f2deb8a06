import {
  ChatError,
  ErrorCode,
  type ClientEventData,
  type ClientEventName,
} from "@switchboard/protocol";
import { backoffDelay, type AckEmitter, type ClientEventPayload } from "./transport.ts";

/** Answers with a code other than these reject the call at once. */
const RETRY_CODES: ReadonlySet<string> = new Set([ErrorCode.RATE_LIMITED, ErrorCode.INTERNAL]);
/** `INTERNAL` (or a malformed answer) this many times in a row rejects the call. */
const MAX_SERVER_ERRORS = 5;

/** Thrown to callers waiting for a connection when `disconnect()` is called. */
export class DisconnectedError extends Error {
  constructor() {
    super("the chat client was disconnected");
    this.name = "DisconnectedError";
  }
}

/** Thrown by a call whose connection was superseded (see `stale` of {@link Rpc.call}). */
export class StaleSyncError extends Error {
  constructor() {
    super("superseded by a newer connection");
    this.name = "StaleSyncError";
  }
}

/**
 * Request/response over an {@link AckEmitter} that waits for the connection: a call made
 * while offline goes out once connected; one whose connection dropped (or that timed out)
 * is sent again after the next connect; `RATE_LIMITED` waits `retryAfterMs`. Safe for the
 * events it is used with (`join-chat`, `fetch-messages`), which change nothing twice.
 *
 * @example
 * ```ts
 * const rpc = new Rpc(socketService, 10_000);
 * // in the socket service's onConnect hook: rpc.connected(); on disconnect(): rpc.closed()
 * const { messages } = await rpc.call("fetch-messages", { roomId, after, limit: 100 });
 * ```
 */
export class Rpc {
  private waiters: { resolve: () => void; reject: (e: Error) => void }[] = [];

  constructor(
    private readonly emitter: AckEmitter,
    private readonly timeoutMs: number,
  ) {}

  /** Releases the calls waiting for a connection. */
  connected(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.resolve();
  }

  /** Rejects the calls waiting for a connection with {@link DisconnectedError}. */
  closed(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.reject(new DisconnectedError());
  }

  /**
   * Resolves with `ack.data`; rejects with a {@link ChatError} on a final error code, with
   * {@link StaleSyncError} when `stale()` turns true before a (re)send.
   */
  async call<E extends ClientEventName>(
    event: E,
    payload: ClientEventPayload<E>,
    stale?: () => boolean,
  ): Promise<ClientEventData[E]> {
    for (let serverErrors = 0; ;) {
      await this.whenConnected();
      if (stale?.()) throw new StaleSyncError();
      const ack = await this.emitter.request(event, payload, this.timeoutMs).catch(() => null);
      if (ack?.ok) return ack.data;
      const error = ack ? ack.error : undefined;
      if (error && !RETRY_CODES.has(error.code)) {
        throw new ChatError(error.code, error.message, error.retryAfterMs);
      }
      const limited = error?.code === ErrorCode.RATE_LIMITED;
      if (ack && !limited && ++serverErrors >= MAX_SERVER_ERRORS) {
        throw new ChatError(ErrorCode.INTERNAL, error?.message ?? "malformed acknowledgement");
      }
      const wait = limited ? (error.retryAfterMs ?? 1000) : backoffDelay(serverErrors + 1);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  private whenConnected(): Promise<void> {
    if (this.emitter.connected) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }
}
