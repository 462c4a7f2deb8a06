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
  /** The listener every socket registers for the event: one function for all of them. */
  listener: (this: ChatSocket, ...args: unknown[]) => void;
}

/**
 * The client events a namespace serves, each with its schema and rule: validate the payload,
 * run the rule, answer once. Every path answers the ack (if there is one) and nothing escapes
 * to crash the process or leave the client waiting; an event with no listener (ours or one a
 * host added) is answered `VALIDATION`.
 *
 * Made once per namespace: each event's listener is one function that every socket
 * registers (Node calls a listener with the emitter as `this`), so a socket holds no closure
 * or context per event. Made per socket, they were 5.6 KiB a socket, half of what plain
 * Socket.IO keeps for one (bench/README.md, target 5). The listeners are ordinary ones, so a
 * host's `socket.use()` middleware still runs before them.
 */
export class ChatEvents {
  readonly #entries = new Map<string, EventEntry>();

  constructor(private readonly hooks: HandlerHooks) {}

  /** Serves `event` with `run`, after `schema` accepts the payload. */
  on<E extends ClientEventName, I>(event: E, schema: ZodType<I, unknown>, run: EventRun<E, I>) {
    const serve = this.#serve.bind(this);
    const { logger } = this.hooks;
    const entry: EventEntry = {
      schema: schema as ZodType<unknown, unknown>,
      run: run as unknown as EventRun<ClientEventName, unknown>,
      listener(...args) {
        // Socket.IO emits through Node's EventEmitter, which passes the socket as `this`;
        // anything else is a wiring mistake, which must not reach the rule (or crash the node).
        if (!(this as Partial<ChatSocket> | undefined)?.data?.user) {
          logger.error({ event }, "event listener called without its socket");
          return;
        }
        serve(this, event, entry, args);
      },
    };
    this.#entries.set(event, entry);
    return this;
  }

  /**
   * Registers every event on `socket`, and the answer to events nobody listens for. The
   * listeners are shared; the socket gets one closure of its own (the `onAny` one).
   */
  attach(socket: ChatSocket): void {
    // Socket.IO's typed `on` cannot express "any arguments"; the schema is the real type.
    const untyped = socket as unknown as { on(e: string, l: (...a: unknown[]) => void): void };
    for (const [event, { listener }] of this.#entries) untyped.on(event, listener);
    socket.onAny((event: unknown, ...args: unknown[]) => answerUnknown(socket, event, args));
  }

  #serve(socket: ChatSocket, event: ClientEventName, entry: EventEntry, args: unknown[]): void {
    const last = args[args.length - 1];
    const ack = typeof last === "function" ? (last as (a: Ack<unknown>) => void) : null;
    void this.#run(socket, event, entry, ack && args.length === 1 ? undefined : args[0], ack);
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
    try {
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
    } catch (err) {
      hooks.logger.error({ err, event }, "recording an event failed");
    } finally {
      ack?.(answer); // whatever the logging and the metrics did
    }
  }
}

/** An event nobody listens for still gets an answer: no client waits forever. */
function answerUnknown(socket: ChatSocket, event: unknown, args: unknown[]): void {
  // A packet with an ack but no data at all reaches here with the ack in the event's place.
  if (typeof event === "function") {
    (event as (a: Ack<never>) => void)({
      ok: false,
      error: { code: "VALIDATION", message: "the event has no name" },
    });
    return;
  }
  const ack = args[args.length - 1];
  if (typeof ack !== "function") return;
  // Known means listened for: a contract event this server does not serve yet is unknown
  // too, unless a host embedding the server listens for it itself. "error" is never an
  // event: Socket.IO listens for it on every socket (a no-op) and emits its own errors on it.
  if (event === "error" || socket.listeners(event as keyof ClientToServerEvents).length === 0)
    (ack as (a: Ack<never>) => void)({
      ok: false,
      error: { code: "VALIDATION", message: `unknown event "${String(event)}"` },
    });
}
