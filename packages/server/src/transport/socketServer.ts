import type { Namespace, Server } from "socket.io";
import {
  CONNECT_ERROR_MESSAGE,
  ChatError,
  fetchMessagesSchema,
  joinChatSchema,
  sendMessageSchema,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from "@switchboard/protocol";
import type { Logger } from "pino";
import { TokenExpiredError, type VerifyToken } from "../auth/tokens.ts";
import type { ChatService } from "../services/chatService.ts";
import type { Broadcaster } from "../services/ports.ts";
import { LocalPresence } from "./presence.ts";
import { handle, type ChatSocket, type HandlerHooks, type SocketData } from "./socketHandler.ts";

export type ChatNamespace = Namespace<
  ClientToServerEvents,
  ServerToClientEvents,
  object,
  SocketData
>;

/** Socket.IO rooms: one per chat room, one for all admins, one per user (all devices). */
export const roomChannel = (roomId: string) => `room:${roomId}`;
export const ADMINS_CHANNEL = "admins";
export const userChannel = (userId: string) => `user:${userId}`;

/** The transport's side of {@link Broadcaster}: Socket.IO rooms, across nodes via the adapter. */
export function createBroadcaster(nsp: ChatNamespace): Broadcaster {
  return {
    toRoom(roomId, event, ...args) {
      nsp.to(roomChannel(roomId)).emit(event, ...args);
    },
    toRoomAndAdmins(roomId, event, ...args) {
      nsp.to([roomChannel(roomId), ADMINS_CHANNEL]).emit(event, ...args);
    },
  };
}

export interface SocketServerDeps {
  io: Server;
  verifyToken: VerifyToken;
  chat: ChatService;
  logger: Logger;
  hooks?: Omit<HandlerHooks, "logger">;
}

/** Sets up the `/chat` namespace: handshake auth, then one thin handler per event. */
export function attachChatNamespace(nsp: ChatNamespace, deps: SocketServerDeps): LocalPresence {
  const { verifyToken, chat, logger } = deps;
  const presence = new LocalPresence();
  const hooks: HandlerHooks = { logger, ...deps.hooks };

  nsp.use(async (socket, next) => {
    const token: unknown = socket.handshake.auth?.token;
    try {
      if (typeof token !== "string" || token.length === 0)
        throw new ChatError("UNAUTHORIZED", "no token");
      socket.data.user = await verifyToken(token);
      next();
    } catch (err) {
      const code = err instanceof TokenExpiredError ? "TOKEN_EXPIRED" : "UNAUTHORIZED";
      const refusal = Object.assign(new Error(CONNECT_ERROR_MESSAGE), { data: { code } });
      logger.info({ socketId: socket.id, code }, "handshake refused");
      next(refusal);
    }
  });

  nsp.on("connection", (socket: ChatSocket) => {
    const { user } = socket.data;
    presence.add(user.userId, socket.id);
    void socket.join(userChannel(user.userId));
    if (user.role === "admin") void socket.join(ADMINS_CHANNEL);
    logger.info({ socketId: socket.id, userId: user.userId, role: user.role }, "socket connected");
    socket.on("disconnect", (reason) => {
      presence.remove(user.userId, socket.id);
      logger.info(
        { socketId: socket.id, userId: user.userId, role: user.role, reason },
        "socket disconnected",
      );
    });

    // An event this server does not know still gets an answer: no client waits forever.
    socket.onAny((event: string, ...args: unknown[]) => {
      const ack = args[args.length - 1];
      if (!handled.has(event) && typeof ack === "function") {
        ack({ ok: false, error: { code: "VALIDATION", message: `unknown event "${event}"` } });
      }
    });

    handle(socket, hooks, "join-chat", joinChatSchema, async (input, u) => {
      const data = await chat.joinChat(u, input);
      await socket.join(roomChannel(data.room.id));
      socket.emit("chat-history", {
        roomId: data.room.id,
        messages: data.messages,
        hasMore: data.hasMore,
      });
      return data;
    });
    handle(socket, hooks, "send-message", sendMessageSchema, (input, u) =>
      chat.sendMessage(u, input),
    );
    handle(socket, hooks, "fetch-messages", fetchMessagesSchema, (input, u) =>
      chat.fetchMessages(u, input),
    );
  });
  return presence;
}

const handled = new Set<string>(["join-chat", "send-message", "fetch-messages"]);
