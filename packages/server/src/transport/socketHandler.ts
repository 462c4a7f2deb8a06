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

/**
 * Registers one client event: validate the payload, run the rule, answer once.
 * Every path answers the ack (if there is one) and nothing escapes to crash the process
 * or leave the client waiting.
 */
export function handle<E extends ClientEventName, I>(
  socket: ChatSocket,
  hooks: HandlerHooks,
  event: E,
  schema: ZodType<I, unknown>,
  run: (input: I, user: Identity, gone: () => boolean) => Promise<ClientEventData[E]>,
): void {
  const gone = () => socket.disconnected;
  const listener = async (...args: unknown[]) => {
    const last = args[args.length - 1];
    const ack = typeof last === "function" ? (last as (a: Ack<ClientEventData[E]>) => void) : null;
    const started = performance.now();
    let outcome = "ok";
    let answer: Ack<ClientEventData[E]>;
    let roomId: string | undefined;
    try {
      await hooks.before?.(socket, event);
      const parsed = schema.safeParse(ack && args.length === 1 ? undefined : args[0]);
      if (!parsed.success) throw new ChatError("VALIDATION", describeZodError(parsed.error));
      const input = parsed.data;
      roomId = (input as { roomId?: string } | undefined)?.roomId;
      // A client that left cannot read the answer: in a reconnect storm, skipping the work
      // of the dead requests is what lets the live ones through.
      if (ack && gone()) throw new ChatError("INTERNAL", "the client disconnected");
      const work = () => run(input, socket.data.user, gone);
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
  };
  // Socket.IO's typed `on` cannot express "any arguments"; the schema is the real type.
  (socket as unknown as { on(e: string, l: (...a: unknown[]) => void): void }).on(event, (...a) => {
    void listener(...a);
  });
}
