import type { Namespace } from "socket.io";
import {
  ChatError,
  type ClientEventName,
  adminAssignSchema,
  closeChatSchema,
  fetchMessagesSchema,
  setAvailabilitySchema,
  setLabelsSchema,
  setContactSchema,
  rateChatSchema,
  joinChatSchema,
  listRoomsSchema,
  messageDeliveredSchema,
  messageReadSchema,
  refreshTokenSchema,
  sendMessageSchema,
  typingSchema,
  type ClientToServerEvents,
  type Room,
  type ServerToClientEvents,
} from "@switchboard/protocol";
import type { Logger } from "pino";
import type { VerifyToken } from "../auth/tokens.ts";
import type { Services } from "../services/index.ts";
import { customerView, type Broadcaster } from "../services/ports.ts";
import type { Metrics } from "../observability/metrics.ts";
import type { Drain } from "./drain.ts";
import { authenticateHandshake } from "./handshakeAuth.ts";
import { AbuseTracker, limitsFor, type RateLimits } from "./rateLimits.ts";
import { ChatEvents, type ChatSocket, type SocketData } from "./socketHandler.ts";

export type ChatNamespace = Namespace<
  ClientToServerEvents,
  ServerToClientEvents,
  object,
  SocketData
>;

/**
 * Socket.IO rooms: one per chat room, one for all admins, one for all customers (what a
 * private note is kept from), one per user (all devices).
 */
export const roomChannel = (roomId: string) => `room:${roomId}`;
export const ADMINS_CHANNEL = "admins";
export const CUSTOMERS_CHANNEL = "customers";
export const userChannel = (userId: string) => `user:${userId}`;

/** The transport's side of {@link Broadcaster}: Socket.IO rooms, across nodes via the adapter. */
export function createBroadcaster(nsp: ChatNamespace): Broadcaster {
  return {
    toRoom(roomId, event, ...args) {
      nsp.to(roomChannel(roomId)).emit(event, ...args);
    },
    toRoomExceptUser(roomId, userId, event, ...args) {
      nsp
        .to(roomChannel(roomId))
        .except(userChannel(userId))
        .emit(event, ...args);
    },
    toRoomAdmins(roomId, event, ...args) {
      nsp
        .to(roomChannel(roomId))
        .except(CUSTOMERS_CHANNEL)
        .emit(event, ...args);
    },
    disconnectUser(userId) {
      nsp.in(userChannel(userId)).disconnectSockets(true);
    },
    roomUpdated(room) {
      const shown = customerView(room);
      if (shown === room) {
        nsp.to([roomChannel(room.id), ADMINS_CHANNEL]).emit("room-updated", room);
        return;
      }
      nsp.to(ADMINS_CHANNEL).emit("room-updated", room);
      nsp.to(roomChannel(room.id)).except(ADMINS_CHANNEL).emit("room-updated", shown);
    },
  };
}

export interface SocketServerDeps {
  verifyToken: VerifyToken;
  services: Services;
  logger: Logger;
  limits: RateLimits;
  metrics: Metrics;
  drain: Drain;
  /** Reverse proxies in front (`TRUST_PROXY`): see `clientAddress`. */
  proxyHops: number;
}

/** Per-socket state that must not go into `socket.data` (see {@link SocketData}). */
const expiries = new WeakMap<ChatSocket, ReturnType<typeof setTimeout>>();
const abuseOf = new WeakMap<ChatSocket, AbuseTracker>();

/**
 * Sets up the `/chat` namespace: handshake auth, then one thin handler per event. Each
 * socket joins `user:<id>`, the per-user index of its devices on this node (other nodes are
 * asked through the adapter, see `ClusterPresence` in presence.ts).
 */
export function attachChatNamespace(nsp: ChatNamespace, deps: SocketServerDeps): void {
  const { logger } = deps;
  const auth = authenticateHandshake(deps);
  nsp.use((socket, next) => void auth(socket, next)); // it answers every failure through next
  const events = chatEvents(deps);
  nsp.on("connection", (socket: ChatSocket) => {
    const { user } = socket.data;
    deps.metrics.connections.inc({ role: user.role });
    void socket.join(userChannel(user.userId));
    // Before any chat room: a customer socket is never in a room without being marked one.
    void socket.join(user.role === "admin" ? ADMINS_CHANNEL : CUSTOMERS_CHANNEL);
    if (user.role === "admin")
      deps.services.agents
        .connected(user)
        .catch((err: unknown) => logger.warn({ err, userId: user.userId }, "agent not recorded"));
    logger.info({ socketId: socket.id, userId: user.userId, role: user.role }, "socket connected");
    expireWithToken(socket, logger);
    // A socket's own closures: this one and the unknown-event answer (see ChatEvents).
    socket.on("disconnect", (reason) => {
      clearTimeout(expiries.get(socket));
      deps.metrics.connections.dec({ role: user.role });
      deps.services.typing.disconnected(socket.id);
      if (user.role === "admin") deps.services.agents.disconnected();
      logger.info(
        { socketId: socket.id, userId: user.userId, role: user.role, reason },
        "socket disconnected",
      );
    });
    events.attach(socket);
  });
}

/**
 * A socket lives no longer than its token: at expiry the server sends `session-expired` and
 * disconnects it; the SDK reconnects at once with a fresh token from `getToken()` (queued
 * sends wait and go out after). The SDK normally swaps in a fresh token before that
 * (`refresh-token`), which sets a new deadline here.
 */
function expireWithToken(socket: ChatSocket, logger: Logger): void {
  clearTimeout(expiries.get(socket));
  const { expiresAt, userId } = socket.data.user;
  if (expiresAt === undefined) return;
  // setTimeout holds at most ~24.8 days; a longer token is cut then and simply reconnects.
  const ms = Math.min(Math.max(0, expiresAt - Date.now()), 2 ** 31 - 1);
  const timer = setTimeout(() => {
    logger.info({ socketId: socket.id, userId }, "token expired: disconnecting");
    socket.emit("session-expired", { code: "TOKEN_EXPIRED" });
    socket.disconnect(true);
  }, ms);
  timer.unref();
  expiries.set(socket, timer);
}

/**
 * `refresh-token`: a fresh token for the same user and role replaces the socket's identity
 * and moves its expiry; anything else is `UNAUTHORIZED` and changes nothing.
 */
async function refreshToken(
  socket: ChatSocket,
  { verifyToken, logger }: SocketServerDeps,
  token: string,
): Promise<{ expiresAt: string | null }> {
  const identity = await verifyToken(token); // ChatErrors only: see answeringUnauthorized
  // Gone while the token was checked: arm nothing for a socket that no longer exists.
  if (socket.disconnected) throw new ChatError("UNAUTHORIZED", "the socket is closed");
  const { userId, role } = socket.data.user;
  if (identity.userId !== userId || identity.role !== role) {
    throw new ChatError("UNAUTHORIZED", "the token is for another user or role");
  }
  socket.data.user = identity;
  expireWithToken(socket, logger);
  const { expiresAt } = identity;
  return { expiresAt: expiresAt === undefined ? null : new Date(expiresAt).toISOString() };
}

/**
 * Rate-limits each event before its schema runs; a socket that keeps sending past its
 * `RATE_LIMITED` answers (see {@link AbuseTracker}) is disconnected, and may reconnect and behave.
 */
function rateLimitHook(
  deps: SocketServerDeps,
): (socket: ChatSocket, event: ClientEventName) => Promise<void> {
  return async (socket, event) => {
    const charges = limitsFor(event, socket.data.user.userId, socket.id);
    let abuse = abuseOf.get(socket);
    if (!abuse) abuseOf.set(socket, (abuse = new AbuseTracker(deps.limits.disconnectAfterMs)));
    for (const [kind] of charges) {
      if (!abuse.arrived(kind)) continue;
      deps.logger.warn(
        { socketId: socket.id, userId: socket.data.user.userId, kind },
        "disconnecting for sustained abuse",
      );
      deps.metrics.abuseDisconnects.inc({ kind });
      setImmediate(() => socket.disconnect(true));
    }
    for (const [kind, key] of charges) {
      try {
        await deps.limits.consume(kind, key);
      } catch (err) {
        if (err instanceof ChatError && err.code === "RATE_LIMITED")
          abuse.refused(kind, err.retryAfterMs ?? 1000);
        throw err;
      }
    }
  };
}

/**
 * Events only agents may send: a customer gets `FORBIDDEN` whatever the payload (checked
 * before it, after the rate limit), as the HTTP routes check the role before the body. The
 * services check the role again on every call.
 */
const ADMIN_EVENTS: ReadonlySet<string> = new Set([
  "admin-assign",
  "list-rooms",
  "set-labels",
  "set-availability",
]);

/** Every client event the namespace serves, made once for all its sockets. */
function chatEvents(deps: SocketServerDeps): ChatEvents {
  const { chat, receipts, rooms, typing } = deps.services;
  const rateLimit = rateLimitHook(deps);
  const events = new ChatEvents({
    logger: deps.logger,
    before: async (s, event) => {
      await rateLimit(s, event);
      if (ADMIN_EVENTS.has(event) && s.data.user.role !== "admin")
        throw new ChatError("FORBIDDEN", "admins only");
    },
    after: deps.metrics.recordEvent,
    drain: deps.drain,
  });
  const on = events.on.bind(events);

  on("join-chat", joinChatSchema, async (input, user, socket, gone) => {
    const join = (room: Room) => socket.join(roomChannel(room.id));
    const data = await chat.joinChat(user, input, join, gone);
    socket.emit("chat-history", {
      roomId: data.room.id,
      messages: data.messages,
      hasMore: data.hasMore,
    });
    return data;
  });
  on("send-message", sendMessageSchema, async (input, user, socket) => {
    const data = await chat.sendMessage(user, input);
    typing.sent(socket.id, input.roomId);
    return data;
  });
  on("fetch-messages", fetchMessagesSchema, (input, user, _socket, gone) =>
    chat.fetchMessages(user, input, gone),
  );
  on("typing", typingSchema, (input, user, socket) => typing.start(socket.id, user, input.roomId));
  on("stop-typing", typingSchema, (input, user, socket) =>
    typing.stop(socket.id, user, input.roomId),
  );
  on("message-delivered", messageDeliveredSchema, (input, user) => receipts.delivered(user, input));
  on("message-read", messageReadSchema, (input, user) => receipts.read(user, input));
  on("admin-assign", adminAssignSchema, (input, user) => rooms.assign(user, input));
  on("close-chat", closeChatSchema, async (input, user) => {
    // A customer's close is what lets their next join-chat open a new room, which every
    // agent is then shown: bounded per customer (`rooms`). Agents' closes are not counted.
    if (user.role === "customer") await deps.limits.consume("rooms", user.userId);
    return rooms.close(user, input);
  });
  on("list-rooms", listRoomsSchema, (input, user) => rooms.list(user, input));
  on("set-labels", setLabelsSchema, (input, user) => rooms.setLabels(user, input));
  on("set-contact", setContactSchema, (input, user) => rooms.setContact(user, input));
  on("rate-chat", rateChatSchema, async (input, user) => {
    // A second rating replaces the first, but each writes an activity and a webhook event.
    if (user.role === "customer") await deps.limits.consume("ratings", user.userId);
    return rooms.rate(user, input);
  });
  on("set-availability", setAvailabilitySchema, (input, user) =>
    deps.services.agents.setAvailability(user, input),
  );
  on("refresh-token", refreshTokenSchema, (input, _user, socket) =>
    refreshToken(socket, deps, input.token),
  );
  return events;
}
