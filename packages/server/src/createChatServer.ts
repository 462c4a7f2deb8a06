import type { Server as HttpServer } from "node:http";
import type { Express } from "express";
import mongoose, { type Connection } from "mongoose";
import { Server } from "socket.io";
import { CHAT_NAMESPACE, LIMITS } from "@switchboard/protocol";
import type { Logger } from "pino";
import { answeringUnauthorized, createJwtVerifier, type VerifyToken } from "./auth/tokens.ts";
import { createLogger } from "./logger.ts";
import { createModels } from "./persistence/models.ts";
import { createServices, type Services } from "./services/index.ts";
import { DEFAULT_MAX_UPLOAD_BYTES } from "./services/uploadService.ts";
import { DiskFileStore, type FileStore } from "./storage/fileStore.ts";
import { Metrics } from "./observability/metrics.ts";
import { attachRedis } from "./cluster/redis.ts";
import type { PushSender } from "./push/pushService.ts";
import type { LookupUser } from "./services/roomService.ts";
import { Drain } from "./transport/drain.ts";
import { RateLimits, type RateLimitOptions } from "./transport/rateLimits.ts";
import { createChatRouter, errorHandler } from "./transport/http.ts";
import {
  attachChatNamespace,
  createBroadcaster,
  createPresence,
  type ChatNamespace,
} from "./transport/socketServer.ts";

/** Options of {@link createChatServer}: the embedding API. */
export interface ChatServerOptions {
  /** The host's HTTP server; Socket.IO attaches to it (path `/socket.io`). */
  httpServer: HttpServer;
  /** The host's Express app; the chat mounts `/api/chat`, `/healthz`, `/readyz` on it. */
  app?: Express;
  /** The host's Mongoose connection, or a URI to open one. */
  mongoose: { connection: Connection } | { uri: string };
  /** The host's token verifier; default: HS256 JWT with `jwtSecret`. */
  verifyToken?: VerifyToken;
  /** Secret of the built-in verifier (required without `verifyToken`). */
  jwtSecret?: string;
  /** The host's logger (pino-compatible); default: pino at `LOG_LEVEL`. */
  logger?: Logger;
  /** Allowed cross-origin callers of Socket.IO's polling transport; default none. */
  corsOrigin?: string | string[];
  /** Rate limits (default on); `enabled: false` (RATE_LIMITS=off) for benchmarks. */
  rateLimits?: RateLimitOptions;
  /** Redis for many nodes: Socket.IO adapter and the cross-node room lock. */
  redisUrl?: string;
  /** Group concurrent sends into batched writes; default on (`WRITE_BATCHING=off`). */
  batchWrites?: boolean;
  /** Set behind a reverse proxy that sends X-Forwarded-For (per-IP limits use it). */
  trustProxy?: boolean;
  /** Prefix of this cluster's Redis keys and channels (default "switchboard"). */
  redisPrefix?: string;
  /** The host's user directory: extra profile fields for the agent's customer panel. */
  lookupUser?: LookupUser;
  /** Push to recipients with no open socket, e.g. `await FcmSender.fromFile(path)`. */
  push?: PushSender;
  /** Where uploads go: a folder (default `./data/uploads`) or the host's own store. */
  uploads?: { dir?: string; store?: FileStore; maxBytes?: number; allowedTypes?: string[] };
}

/** What {@link createChatServer} returns. */
export interface ChatServer {
  io: Server;
  namespace: ChatNamespace;
  services: Services;
  /** Whether the database answers a ping (used by `/readyz`). */
  isReady(): Promise<boolean>;
  /** Closes sockets and, when the chat opened it, the database connection. */
  close(): Promise<void>;
}

/**
 * Mounts Switchboard into a host application: Socket.IO namespace `/chat` on its HTTP
 * server and the REST routes on its Express app, with its own auth and logger.
 *
 * @example
 * ```ts
 * const chat = await createChatServer({ httpServer, app, mongoose: { connection }, verifyToken });
 * ```
 */
export async function createChatServer(options: ChatServerOptions): Promise<ChatServer> {
  const logger = options.logger ?? createLogger();
  const verifyToken = answeringUnauthorized(
    options.verifyToken ?? createJwtVerifier(requireSecret(options.jwtSecret)),
  );
  const { connection, owned } = await openDatabase(options.mongoose);
  const models = await createModels(connection);

  const io = new Server(options.httpServer, {
    maxHttpBufferSize: LIMITS.maxPacketBytes,
    ...(options.corsOrigin ? { cors: { origin: options.corsOrigin } } : {}),
  });
  const namespace: ChatNamespace = io.of(CHAT_NAMESPACE);
  const redis = options.redisUrl
    ? attachRedis(io, options.redisUrl, options.redisPrefix, () => {
        logger.warn("Redis is back: sending this node's clients to resync");
        namespace.local.disconnectSockets(true);
      })
    : null;
  const dbUp = () => ping(connection);
  const metrics = new Metrics({ db: dbUp, ...(redis ? { redis: () => redis.isReady() } : {}) });
  const services = createServices(models, createBroadcaster(namespace), {
    files: options.uploads?.store ?? new DiskFileStore(options.uploads?.dir ?? "data/uploads"),
    logger,
    observer: metrics,
    stats: {
      deliveryP95Ms: () => metrics.deliveryP95Ms(),
      connectedUsers: () => connectedUsers(namespace),
    },
    ...(options.batchWrites !== undefined ? { batchWrites: options.batchWrites } : {}),
    ...(options.lookupUser ? { lookupUser: options.lookupUser } : {}),
    ...(redis ? { lock: redis.lock } : {}),
    ...(options.uploads?.allowedTypes ? { allowedTypes: options.uploads.allowedTypes } : {}),
    ...(options.push
      ? { push: { sender: options.push, presence: createPresence(namespace) } }
      : {}),
  });
  // Sends a stopped node left stored but uncounted: finished in the background.
  const sweeping = services.pending
    .sweep()
    .catch((err: unknown) => logger.error({ err }, "start-up sweep failed"));
  const limits = new RateLimits(options.rateLimits, redis?.limiters);
  const drain = new Drain();
  const trustProxy = options.trustProxy ?? false;
  attachChatNamespace(namespace, {
    verifyToken,
    services,
    logger,
    limits,
    metrics,
    drain,
    trustProxy,
  });

  const isReady = async () => (await dbUp()) && (redis ? await redis.isReady() : true);
  if (options.app) {
    const maxUploadBytes = options.uploads?.maxBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
    mountHttp(options.app, {
      verifyToken,
      services,
      logger,
      isReady,
      maxUploadBytes,
      limits,
      metrics,
    });
  }
  return {
    io,
    namespace,
    services,
    isReady,
    async close() {
      // Stop taking connections, let running writes finish and ACK, then close every socket
      // so clients reconnect (to another node, behind a balancer).
      options.httpServer.close();
      await drain.close(10_000);
      services.pending.stop();
      await sweeping;
      namespace.local.disconnectSockets(true);
      await io.close();
      await redis?.close();
      if (owned) await connection.close();
    },
  };
}

/** Distinct users with a socket open, by role, across every node (through the adapter). */
async function connectedUsers(namespace: ChatNamespace) {
  const sockets = await namespace.fetchSockets();
  const ids = (role: string) =>
    new Set(sockets.filter((s) => s.data.user.role === role).map((s) => s.data.user.userId));
  return { customers: ids("customer").size, agents: ids("admin").size };
}

async function openDatabase(db: ChatServerOptions["mongoose"]) {
  if ("connection" in db) return { connection: db.connection, owned: false };
  return { connection: await mongoose.createConnection(db.uri).asPromise(), owned: true };
}

async function ping(connection: Connection): Promise<boolean> {
  try {
    await connection.db?.admin().ping({ maxTimeMS: 2000 });
    return true;
  } catch {
    return false;
  }
}

function mountHttp(
  app: Express,
  deps: Parameters<typeof createChatRouter>[0] & {
    isReady: () => Promise<boolean>;
    metrics: Metrics;
  },
): void {
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", async (_req, res) => {
    const ok = await deps.isReady();
    res.status(ok ? 200 : 503).json({ status: ok ? "ok" : "unavailable" });
  });
  app.get("/metrics", async (_req, res) => {
    res.setHeader("Content-Type", deps.metrics.registry.contentType);
    res.send(await deps.metrics.registry.metrics());
  });
  app.use("/api/chat", createChatRouter(deps));
  app.use("/api", errorHandler(deps.logger));
}

function requireSecret(secret: string | undefined): string {
  if (!secret) throw new Error("createChatServer: pass verifyToken or jwtSecret");
  return secret;
}
