import {
  ChatError,
  ClientEvent,
  ErrorCode,
  type Ack,
  type ClientEventData,
  type ClientEventName,
} from "@switchboard/protocol";
import {
  backoffDelay,
  type AckEmitter,
  type BackoffOptions,
  type ClientEventPayload,
} from "./transport.ts";

/**
 * The events that only read (or, like a customer's `join-chat`, converge on one result however
 * often they are sent): the SDK may send them again. Every other event, including any added to
 * the protocol later, is a command and goes out once per call; a new event is safe by default.
 */
export const QUERY_EVENTS: ReadonlySet<ClientEventName> = new Set<ClientEventName>([
  ClientEvent.JOIN_CHAT,
  ClientEvent.FETCH_MESSAGES,
  ClientEvent.LIST_ROOMS,
]);

/** Answers with a code other than these reject a query at once. */
const RETRY_CODES: ReadonlySet<string> = new Set([ErrorCode.RATE_LIMITED, ErrorCode.INTERNAL]);

/** Default tries of a query (each timeout, `INTERNAL` or `RATE_LIMITED` answer is one). */
export const QUERY_TRIES = 5;

/**
 * A call that did not complete because the connection was not there: `disconnect()` was called,
 * the connection dropped while the event was on its way, or a command found no connection
 * within its timeout.
 *
 * @example
 * ```ts
 * try { await client.assign(roomId); } catch (e) {
 *   if (e instanceof DisconnectedError) toast(e.sent ? "Connection lost: check the room" : "Offline");
 * }
 * ```
 */
export class DisconnectedError extends Error {
  /** True when the event had gone out: the server may have applied it. */
  readonly sent: boolean;

  constructor(message = "the chat client was disconnected", options: { sent?: boolean } = {}) {
    super(message);
    this.name = "DisconnectedError";
    this.sent = options.sent ?? false;
  }
}

/**
 * No answer came within the ack timeout while connected. A {@link ChatError} with code
 * `INTERNAL`, because it means what `INTERNAL` means on the wire: the outcome is unknown.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof AckTimeoutError) toast("No answer from the server; try again"); }
 * ```
 */
export class AckTimeoutError extends ChatError {
  /**
   * @param event - The event that got no answer.
   * @param timeoutMs - How long it waited.
   * @param cause - The underlying error (Socket.IO's timeout), if any.
   */
  constructor(
    /** The event that got no answer. */
    readonly event: string,
    timeoutMs: number,
    cause?: unknown,
  ) {
    super(ErrorCode.INTERNAL, `no answer to "${event}" within ${timeoutMs} ms`, undefined, {
      cause,
    });
    this.name = "AckTimeoutError";
  }
}

/** Thrown by a call whose connection was superseded (see `stale` of {@link Rpc.call}). */
export class StaleSyncError extends Error {
  constructor() {
    super("superseded by a newer connection");
    this.name = "StaleSyncError";
  }
}

/** Tuning of {@link Rpc}; the defaults suit the SDK. */
export interface RpcOptions {
  /** Tries of a query before it rejects. Default {@link QUERY_TRIES}. */
  queryTries?: number;
  /** The wait between a query's tries; it doubles per try. Default 500 ms, capped at 30 s. */
  backoff?: BackoffOptions;
}

type Outcome = { ack: Ack<unknown> } | { dropped: true } | { cause: unknown };
interface Waiter {
  resolve: () => void;
  reject: (e: Error) => void;
}

/**
 * Request/response over an {@link AckEmitter}, with one rule per kind of event:
 *
 * - Queries ({@link QUERY_EVENTS}) wait for the connection as long as it takes, and are sent
 *   again after a dropped connection (that is not a try) and, up to `queryTries` tries, after
 *   a timeout, `INTERNAL` or `RATE_LIMITED` (after `retryAfterMs`), with a backoff that
 *   doubles; then they reject with the last error.
 * - Commands (every other event) are sent once per call. Not connected: the call waits up to
 *   the ack timeout for the connection, else rejects with {@link DisconnectedError}
 *   (`sent: false`). Sent: it resolves with the answer, or rejects with the answer's
 *   {@link ChatError}, with {@link AckTimeoutError} after the ack timeout, or with
 *   {@link DisconnectedError} (`sent: true`) as soon as the connection drops. A command is
 *   never sent again, so an action the user has moved on from cannot land later.
 *
 * @example
 * ```ts
 * const rpc = new Rpc(socketService, 10_000);
 * // hooks: onConnect → rpc.connected(), on every drop → rpc.dropped(), disconnect() → rpc.closed()
 * const { messages } = await rpc.call("fetch-messages", { roomId, after, limit: 100 });
 * ```
 */
export class Rpc {
  private waiters = new Set<Waiter>();
  private readonly inflight = new Set<() => void>();
  private readonly pauses = new Set<(e: Error) => void>();
  /** Bumped by every drop: an emitter rejection after one is a drop, not a timeout. */
  private epoch = 0;
  /** Bumped by `closed()`: calls that began before it reject. */
  private closings = 0;
  private readonly queryTries: number;

  constructor(
    private readonly emitter: AckEmitter,
    private readonly timeoutMs: number,
    private readonly options: RpcOptions = {},
  ) {
    this.queryTries = Math.max(1, options.queryTries ?? QUERY_TRIES);
  }

  /** Releases the calls waiting for a connection. */
  connected(): void {
    const waiters = this.waiters;
    this.waiters = new Set();
    for (const w of waiters) w.resolve();
  }

  /** The connection dropped: commands in flight reject, queries in flight go again later. */
  dropped(): void {
    this.epoch++;
    for (const drop of [...this.inflight]) drop();
  }

  /** `disconnect()`: every pending call rejects with {@link DisconnectedError}. */
  closed(): void {
    this.closings++;
    this.dropped();
    const waiters = this.waiters;
    this.waiters = new Set();
    for (const w of waiters) w.reject(new DisconnectedError());
    for (const stop of [...this.pauses]) stop(new DisconnectedError());
  }

  /**
   * Resolves with `ack.data`; rejects with a {@link ChatError} (an answer's code, or
   * {@link AckTimeoutError}), {@link DisconnectedError}, or {@link StaleSyncError} when
   * `stale()` turns true before a (re)send.
   */
  call<E extends ClientEventName>(
    event: E,
    payload: ClientEventPayload<E>,
    stale?: () => boolean,
  ): Promise<ClientEventData[E]> {
    const run = QUERY_EVENTS.has(event) ? this.query : this.command;
    return run.call(this, event, payload, stale) as Promise<ClientEventData[E]>;
  }

  private async query<E extends ClientEventName>(
    event: E,
    payload: ClientEventPayload<E>,
    stale?: () => boolean,
  ): Promise<unknown> {
    const session = this.closings;
    for (let tries = 0; ;) {
      await this.whenConnected(session);
      if (stale?.()) throw new StaleSyncError();
      const outcome = await this.attempt(event, payload);
      if ("dropped" in outcome) continue; // the reconnect has its own backoff
      const answer =
        "ack" in outcome ? unwrap(outcome.ack) : { error: this.timeout(event, outcome) };
      if ("data" in answer) return answer.data;
      const { error } = answer;
      if (!RETRY_CODES.has(error.code) || ++tries >= this.queryTries) throw error;
      const wait = backoffDelay(tries, this.options.backoff);
      const limited = error.code === ErrorCode.RATE_LIMITED;
      await this.pause(limited ? Math.max(wait, error.retryAfterMs ?? 0) : wait, session);
    }
  }

  private async command<E extends ClientEventName>(
    event: E,
    payload: ClientEventPayload<E>,
    stale?: () => boolean,
  ): Promise<unknown> {
    await this.whenConnected(this.closings, this.timeoutMs);
    if (stale?.()) throw new StaleSyncError();
    const outcome = await this.attempt(event, payload);
    if ("dropped" in outcome) {
      const message = `the connection dropped before "${event}" was answered`;
      throw new DisconnectedError(message, { sent: true });
    }
    if (!("ack" in outcome)) throw this.timeout(event, outcome);
    const answer = unwrap(outcome.ack);
    if ("error" in answer) throw answer.error;
    return answer.data;
  }

  private timeout(event: string, outcome: { cause: unknown }): AckTimeoutError {
    return new AckTimeoutError(event, this.timeoutMs, outcome.cause);
  }

  /** One send; settles early (as a drop) when {@link dropped} is called meanwhile. */
  private attempt<E extends ClientEventName>(
    event: E,
    payload: ClientEventPayload<E>,
  ): Promise<Outcome> {
    const epoch = this.epoch;
    return new Promise<Outcome>((resolve) => {
      const settle = (outcome: Outcome) => {
        if (this.inflight.delete(drop)) resolve(outcome);
      };
      const drop = () => settle({ dropped: true });
      this.inflight.add(drop);
      this.emitter.request(event, payload, this.timeoutMs).then(
        (ack: Ack<unknown>) => settle({ ack }),
        (cause: unknown) =>
          // Socket.IO rejects the acks of a dropped connection; that is no timeout.
          settle(epoch !== this.epoch || !this.emitter.connected ? { dropped: true } : { cause }),
      );
    });
  }

  /** Resolves once connected; rejects after `limitMs` (when given) or on `closed()`. */
  private whenConnected(session: number, limitMs?: number): Promise<void> {
    if (session !== this.closings) return Promise.reject(new DisconnectedError());
    if (this.emitter.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer =
        limitMs === undefined
          ? undefined
          : setTimeout(() => {
              this.waiters.delete(waiter);
              reject(new DisconnectedError(`not connected within ${limitMs} ms; nothing was sent`));
            }, limitMs);
      const waiter: Waiter = {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      this.waiters.add(waiter);
    });
  }

  /** Waits `ms` between a query's tries; `closed()` ends the wait with a rejection. */
  private pause(ms: number, session: number): Promise<void> {
    if (session !== this.closings) return Promise.reject(new DisconnectedError());
    return new Promise((resolve, reject) => {
      const stop = (e: Error) => {
        clearTimeout(timer);
        this.pauses.delete(stop);
        reject(e);
      };
      const timer = setTimeout(() => {
        this.pauses.delete(stop);
        resolve();
      }, ms);
      this.pauses.add(stop);
    });
  }
}

/** An answer's data, or its error as a {@link ChatError}; a malformed answer is `INTERNAL`. */
function unwrap(ack: Ack<unknown> | null | undefined): { data: unknown } | { error: ChatError } {
  if (ack?.ok === true) return { data: ack.data };
  const error = ack?.ok === false ? ack.error : undefined;
  if (!error || typeof error.code !== "string") {
    return { error: new ChatError(ErrorCode.INTERNAL, "malformed acknowledgement") };
  }
  return { error: new ChatError(error.code, error.message, error.retryAfterMs) };
}
