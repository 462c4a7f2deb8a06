import type { Socket } from "socket.io";
import type { ZodType } from "zod";
import {
  ChatError,
  type Ack,
  type ClientEventData,
  type ClientEventName,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from "@switchboard/protocol";
import type { Logger } from "pino";
import type { Identity } from "../auth/tokens.ts";
import type { Drain } from "./drain.ts";
import { describeZodError, isFault, toErrorBody } from "./errors.ts";

/**
 * What the transport keeps on each socket (`socket.data`). Plain JSON only: the Redis adapter
 * sends it to the other nodes whenever one of them calls `fetchSockets()` (Switchboard itself
 * does not, see presence.ts, but a host embedding it may), and a timer or class instance here
 * would crash the node answering. Per-socket state of
 * another kind lives in the transport's WeakMaps.
 */
export interface SocketData {
  user: Identity;
}

export type ChatSocket = Socket<ClientToServerEvents, ServerToClientEvents, object, SocketData>;

export interface HandlerHooks {
  logger: Logger;
  /** Called before the schema, e.g. to rate-limit; throw a ChatError to refuse. */
  before?: (socket: ChatSocket, event: ClientEventName) => Promise<void>;
  /** Tracks running events for a graceful stop. */
  drain?: Drain;
  /** Called once per handled event with its outcome, for metrics. */
  after?: (event: ClientEventName, outcome: string, seconds: number) => void;
}

/** The rule behind one client event, given its parsed payload. */
export type EventRun<E extends ClientEventName, I> = (
  input: I,
  user: Identity,
  socket: ChatSocket,
  /** Whether the socket has gone: a long read can stop midway. */
  gone: () => boolean,
) => Promise<ClientEventData[E]>;

interface EventEntry {
  schema: ZodType<unknown, unknown>;
  run: EventRun<ClientEventName, unknown>;
}

/**
 * The client events a namespace serves, each with its schema and rule, and the one function
 * that serves a packet: validate the payload, run the rule, answer once. Every path answers
 * the ack (if there is one) and nothing escapes to crash the process or leave the client
 * waiting; an event with no handler here (and no listener a host added) is answered
 * `VALIDATION`.
 *
 * Made once per namespace: a socket holds one listener that calls {@link ChatEvents.serve},
 * not a closure and a context per event (at 10,000 idle sockets that was 5 KiB a socket,
 * half of what plain Socket.IO keeps for one; bench/README.md, target 5).
 */
export class ChatEvents {
  readonly #entries = new Map<string, EventEntry>();

  constructor(private readonly hooks: HandlerHooks) {}

  /** Serves `event` with `run`, after `schema` accepts the payload. */
  on<E extends ClientEventName, I>(event: E, schema: ZodType<I, unknown>, run: EventRun<E, I>) {
    this.#entries.set(event, { schema, run } as unknown as EventEntry);
    return this;
  }

  /** Whether `event` is served here. */
  has(event: string): boolean {
    return this.#entries.has(event);
  }

  /**
   * Serves one packet from `socket`: `args` as Socket.IO passes them to `onAny` listeners
   * (the event's name, its arguments, the ack function last when the client wants one).
   * Never throws and never rejects.
   */
  serve(socket: ChatSocket, event: string, args: unknown[]): void {
    const entry = this.#entries.get(event);
    const last = args[args.length - 1];
    const ack = typeof last === "function" ? (last as (a: Ack<unknown>) => void) : null;
    if (!entry) {
      // Known means handled: a contract event this server does not serve yet is unknown too,
      // unless a host embedding the server listens for it itself. "error" is never a host's
      // event: Socket.IO listens for it on every socket (a no-op) and emits its own errors on it.
      if (
        ack &&
        (event === "error" || socket.listeners(event as keyof ClientToServerEvents).length === 0)
      )
        ack({ ok: false, error: { code: "VALIDATION", message: `unknown event "${event}"` } });
      return;
    }
    void this.#run(
      socket,
      event as ClientEventName,
      entry,
      ack && args.length === 1 ? undefined : args[0],
      ack,
    );
  }

  async #run(
    socket: ChatSocket,
    event: ClientEventName,
    { schema, run }: EventEntry,
    payload: unknown,
    ack: ((a: Ack<unknown>) => void) | null,
  ): Promise<void> {
    const { hooks } = this;
    const gone = () => socket.disconnected;
    const started = performance.now();
    let outcome = "ok";
    let answer: Ack<unknown>;
    let roomId: string | undefined;
    try {
      await hooks.before?.(socket, event);
      const parsed = schema.safeParse(payload);
      if (!parsed.success) throw new ChatError("VALIDATION", describeZodError(parsed.error));
      const input = parsed.data;
      roomId = (input as { roomId?: string } | undefined)?.roomId;
      // A client that left cannot read the answer: in a reconnect storm, skipping the work
      // of the dead requests is what lets the live ones through.
      if (ack && gone()) throw new ChatError("INTERNAL", "the client disconnected");
      const work = () => run(input, socket.data.user, socket, gone);
      answer = { ok: true, data: await (hooks.drain ? hooks.drain.run(work) : work()) };
    } catch (err) {
      answer = { ok: false, error: toErrorBody(err) };
      outcome = gone() ? "gone" : answer.error.code; // nobody reads it: not an error of ours
      if (isFault(err)) {
        hooks.logger.error(
          { err, event, socketId: socket.id, userId: socket.data.user.userId, roomId },
          "event failed",
        );
      }
    }
    const seconds = (performance.now() - started) / 1000;
    // Every socket event passes here: build the debug line only when it is written.
    if (hooks.logger.isLevelEnabled("debug"))
      hooks.logger.debug(
        {
          event,
          socketId: socket.id,
          userId: socket.data.user.userId,
          roomId,
          outcome,
          ms: seconds * 1000,
        },
        "event handled",
      );
    hooks.after?.(event, outcome, seconds);
    ack?.(answer);
  }
}
