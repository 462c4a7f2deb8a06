import type {
  Ack,
  ClientEventData,
  ClientEventName,
  ClientToServerEvents,
} from "@switchboard/protocol";

/** The payload a client passes with event `E`. */
export type ClientEventPayload<E extends ClientEventName> = Parameters<ClientToServerEvents[E]>[0];

/**
 * The narrow view of the socket that the send queue and the resync need: emit one event
 * and wait for its acknowledgement. The socket service implements it over Socket.IO; tests
 * implement it with a fake.
 *
 * @example
 * ```ts
 * const ack = await emitter.request("fetch-messages", { roomId, after, limit: 100 }, 10_000);
 * if (ack.ok) store.setMessages(roomId, ack.data.messages);
 * ```
 */
export interface AckEmitter {
  /** Whether the socket is connected now. */
  readonly connected: boolean;
  /**
   * Emits `event` and resolves with the server's acknowledgement. Rejects when no
   * acknowledgement came within `timeoutMs`, or when the connection dropped first.
   */
  request<E extends ClientEventName>(
    event: E,
    payload: ClientEventPayload<E>,
    timeoutMs: number,
  ): Promise<Ack<ClientEventData[E]>>;
}

/** Exponential backoff parameters. */
export interface BackoffOptions {
  /** Delay of the first retry, before jitter. Default 500 ms. */
  baseMs?: number;
  /** Cap of the delay. Default 30 s. */
  maxMs?: number;
}

/**
 * The delay before retry number `attempt` (1-based): `baseMs` doubling per attempt up to
 * `maxMs`, with "equal jitter" (between half and all of it) so that clients that dropped
 * together do not come back together.
 *
 * @example
 * ```ts
 * backoffDelay(1); // 250..500 ms
 * backoffDelay(20); // 15..30 s
 * ```
 */
export function backoffDelay(
  attempt: number,
  opts: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  const { baseMs = 500, maxMs = 30_000 } = opts;
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + (random() * exp) / 2);
}
