import type { Server as HttpServer } from "node:http";
import type { Express } from "express";
import mongoose, { type Connection } from "mongoose";
import { Server } from "socket.io";
import { CHAT_NAMESPACE, LIMITS, type ReplyTime } from "@switchboard/protocol";
import type { Logger } from "pino";
import {
  answeringUnauthorized,
  createJwtVerifier,
  type TokenPolicy,
  type VerifyToken,
} from "./auth/tokens.ts";
import { createLogger } from "./logger.ts";
import { createModels } from "./persistence/models.ts";
import { createServices, type Services } from "./services/index.ts";
import { DEFAULT_MAX_UPLOAD_BYTES } from "./services/uploadService.ts";
import { DiskFileStore, type FileStore } from "./storage/fileStore.ts";
import { Metrics } from "./observability/metrics.ts";
import { attachRedis } from "./cluster/redis.ts";
import type { PushSender } from "./push/pushService.ts";
import type { LookupUser } from "./services/roomService.ts";
import { parseBusinessHours } from "./services/businessHours.ts";
import { SmtpMailer, type Mailer } from "./email/smtpMailer.ts";
import { parseApiKeys, type ApiKey } from "./auth/apiKeys.ts";
import type { WidgetSettings } from "./services/widgetConfigService.ts";
import { Drain } from "./transport/drain.ts";
import { WEBHOOK_DEFAULTS, type WebhookOptions } from "./services/webhookService.ts";
import type { LeaderLease } from "./services/webhookWorker.ts";
import { RateLimits, type RateLimitOptions } from "./transport/rateLimits.ts";
import { proxyHops } from "./transport/clientAddress.ts";
import { createChatRouter, errorHandler } from "./transport/http.ts";
import { ClusterPresence } from "./transport/presence.ts";
import {
  attachChatNamespace,
  createBroadcaster,
  type ChatNamespace,
} from "./transport/socketServer.ts";

/** Options of {@link createChatServer}: the embedding API. */
export interface ChatServerOptions {
  /** The host's HTTP server; Socket.IO attaches to it (path `/socket.io`). */
  httpServer: HttpServer;
  /** The host's Express app; the chat mounts `/api/chat`, `/healthz`, `/readyz` on it. */
  app?: Express;
  /** The host's Mongoose connection, or a URI to open one. */
  mongoose:
    | {
        /** The host's open connection; the chat never closes it. */
        connection: Connection;
      }
    | {
        /** A MongoDB URI; the chat opens the connection and closes it on `close()`. */
        uri: string;
      };
  /** The host's token verifier; default: HS256 JWT with `jwtSecret`. */
  verifyToken?: VerifyToken;
  /** Secret of the built-in verifier (required without `verifyToken`). */
  jwtSecret?: string;
  /**
   * What the built-in verifier also asks of a token: `exp` required, a maximum age from
   * `iat`. Default none; the standalone server requires `exp` in production.
   */
  tokenPolicy?: TokenPolicy;
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
  /**
   * Contract v2 automatic assignment (`AUTO_ASSIGN=on`, `AGENT_CAPACITY`): waiting rooms go to
   * the online agent with the fewest open rooms below `capacity`. Default off.
   */
  routing?: {
    /** Whether waiting rooms are assigned automatically. */
    enabled: boolean;
    /** The most open rooms an agent is routed; default 5. */
    capacity?: number;
  };
  /**
   * Contract v2 `GET /api/chat/widget-config`: what the widget shows (`TEAM_NAME`, `GREETING`,
   * `WIDGET_LOCALE`, `WIDGET_COLOR`, `REPLY_TIME`, `BUSINESS_HOURS`). Default: "Support",
   * English, always within hours.
   */
  widget?: {
    /** The team's name in the widget's header; default "Support". */
    teamName?: string;
    /** The widget's first line; default "Hi! How can we help?". */
    greeting?: string;
    /** The widget's default language (BCP 47); default "en". */
    locale?: string;
    /** The brand colour, `#rrggbb`; default "#4f46e5". */
    color?: string;
    /** How soon the team answers while open; default "minutes". */
    replyTime?: ReplyTime;
    /**
     * Opening hours, e.g. `Europe/Berlin; mon-fri 09:00-17:30; holidays 2026-12-24`
     * (docs/protocol.md); default always within hours. A bad value throws at start.
     */
    businessHours?: string;
  };
  /**
   * `API_KEYS`: a host's backend calls the admin HTTP routes with `Authorization: Bearer
   * <secret>` as an admin named after the key (`name:secret,...` or parsed). Default none.
   */
  apiKeys?: string | ApiKey[];
  /**
   * `RETENTION_DAYS`: closed rooms whose last activity is older are erased daily (messages,
   * files, the room), one node at a time. Default: kept.
   */
  retentionDays?: number;
  /**
   * Contract v2 email continuity (`SMTP_URL`, `EMAIL_FROM`, `EMAIL_DELAY_S`, `EMAIL_LINK_URL`):
   * agents' messages a customer with an email has not received within the delay are emailed,
   * one email per burst. Off by default.
   */
  email?: {
    /** `smtp://user:pass@host:587` (or `smtps://`); or give `mailer`. */
    smtpUrl?: string;
    /** The host's own mail service instead of SMTP. */
    mailer?: Mailer;
    /** The sender, e.g. `Acme Support <support@acme.example>` (with `smtpUrl`). */
    from?: string;
    /** How long an agent's message waits to be read before it is emailed; default 120 s. */
    delaySeconds?: number;
    /** The page the widget is on; the email links to it with `?switchboard-room=<id>`. */
    linkUrl?: string;
    /** The first retry after a failed send; default 30 s, doubling up to an hour. */
    retrySeconds?: number;
  };
  /**
   * Contract v2 webhooks (`WEBHOOK_URLS`, `WEBHOOK_SECRET`, `WEBHOOK_NOTES`,
   * `WEBHOOK_RETRY_BASE_MS`): every event is stored in an outbox before the change is ACKed
   * and POSTed, signed, to each URL, at least once, in order per room. Off by default.
   */
  webhooks?: {
    /** The receivers' URLs (http or https). */
    urls: string[];
    /** The HMAC-SHA256 key of `X-Switchboard-Signature`. */
    secret: string;
    /** Notes are sent as `message.created` too (`WEBHOOK_NOTES=on`); default off. */
    notes?: boolean;
    /** The first retry's delay in ms, doubling up to an hour; default 10 000. */
    retryBaseMs?: number;
    /** How long a failing delivery is retried before it is `failed`; default 24 h. */
    retryForSeconds?: number;
    /** How often the delivering node reads the outbox in ms; default 1000. */
    pollMs?: number;
  };
  /**
   * Count every database command in `switchboard_db_commands_total` (the driver's command
   * monitoring; `DB_COMMAND_METRICS=on`); default off, as it costs a little CPU a command.
   * Applies to a connection the chat opens from `mongoose.uri`; a host's own connection is
   * counted when the host opened it with `monitorCommands: true`.
   */
  dbCommandMetrics?: boolean;
  /**
   * Reverse proxies in front that append to X-Forwarded-For, as a hop count (`true` is 1);
   * per-IP limits then count the address the outermost of them saw, the way Express's
   * `trust proxy` = N reads `req.ip`. Default none: the TCP peer.
   */
  trustProxy?: boolean | number;
  /** Prefix of this cluster's Redis keys and channels (default "switchboard"). */
  redisPrefix?: string;
  /** The host's user directory: extra profile fields for the agent's customer panel. */
  lookupUser?: LookupUser;
  /** Push to recipients with no open socket, e.g. `await FcmSender.fromFile(path)`. */
  push?: PushSender;
  /** Where uploads go: a folder (default `./data/uploads`) or the host's own store. */
  uploads?: {
    /** The folder of the built-in disk store; default `./data/uploads`. */
    dir?: string;
    /** The host's own store, in place of the disk store. */
    store?: FileStore;
    /** The largest upload in bytes; default 10 MiB. */
    maxBytes?: number;
    /** MIME types allowed (detected from the bytes); default PNG, JPEG, GIF, WebP and PDF. */
    allowedTypes?: string[];
  };
}

/** What {@link createChatServer} returns. */
export interface ChatServer {
  /** The Socket.IO server attached to the host's HTTP server. */
  io: Server;
  /** The `/chat` namespace the clients connect to. */
  namespace: ChatNamespace;
  /** The chat's services (its rules), for a host that calls them directly. */
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
    options.verifyToken ?? createJwtVerifier(requireSecret(options.jwtSecret), options.tokenPolicy),
  );
  const { connection, owned } = await openDatabase(options.mongoose, options.dbCommandMetrics);
  const models = await createModels(connection);

  const io = new Server(options.httpServer, {
    maxHttpBufferSize: LIMITS.maxPacketBytes,
    ...(options.corsOrigin ? { cors: { origin: options.corsOrigin } } : {}),
  });
  const namespace: ChatNamespace = io.of(CHAT_NAMESPACE);
  const redis = options.redisUrl
    ? attachRedis(
        io,
        options.redisUrl,
        options.redisPrefix,
        () => {
          logger.warn("Redis is back: sending this node's clients to resync");
          namespace.local.disconnectSockets(true);
        },
        // Runs only while a write holds a room, long after `metrics` exists.
        (roomId, reason) => {
          logger.error({ roomId, reason }, "lost a room lock before the write finished");
          metrics.roomLocksLost.inc({ reason });
        },
      )
    : null;
  const dbUp = () => ping(connection);
  const metrics = new Metrics({ db: dbUp, ...(redis ? { redis: () => redis.isReady() } : {}) });
  connection
    .getClient()
    .on("commandStarted", (e) => metrics.dbCommands.inc({ command: e.commandName }));
  // Who is connected (stats, push): counted per node, other nodes asked only for their counts.
  const presence = new ClusterPresence(namespace, { clustered: redis !== null }).attach();
  const mailer = options.email ? mailerOf(options.email) : null;
  const services = createServices(models, createBroadcaster(namespace), {
    files: options.uploads?.store ?? new DiskFileStore(options.uploads?.dir ?? "data/uploads"),
    logger,
    observer: metrics,
    stats: {
      deliveryP95Ms: () => metrics.deliveryP95Ms(),
      connectedUsers: () => presence.connectedUsers(),
    },
    ...(options.batchWrites !== undefined ? { batchWrites: options.batchWrites } : {}),
    ...(options.lookupUser ? { lookupUser: options.lookupUser } : {}),
    ...(redis ? { lock: redis.lock } : {}),
    ...(options.uploads?.allowedTypes ? { allowedTypes: options.uploads.allowedTypes } : {}),
    ...(options.push ? { push: { sender: options.push, presence } } : {}),
    presence,
    ...(options.widget ? { widget: widgetSettings(options.widget) } : {}),
    ...(options.retentionDays ? { retentionDays: options.retentionDays } : {}),
    ...(options.email && mailer
      ? {
          email: {
            mailer,
            delayMs: (options.email.delaySeconds ?? 120) * 1000,
            linkUrl: options.email.linkUrl ?? "http://localhost:3000/",
            ...(options.email.retrySeconds !== undefined
              ? { retryMs: options.email.retrySeconds * 1000 }
              : {}),
          },
        }
      : {}),
    ...(options.webhooks ? { webhooks: webhookOptions(options.webhooks, redis) } : {}),
    ...(options.routing
      ? { routing: { enabled: options.routing.enabled, capacity: options.routing.capacity ?? 5 } }
      : {}),
  });
  services.router.start();
  services.emails?.start();
  services.customers.start();
  if (services.webhooks) {
    const worker = services.webhooks.worker.start();
    metrics.webhookBacklog = () => worker.backlog();
  }
  // Sends a stopped node left stored but uncounted: finished in the background.
  const sweeping = services.pending
    .sweep()
    .catch((err: unknown) => logger.error({ err }, "start-up sweep failed"));
  const limits = new RateLimits(options.rateLimits, redis?.limiters);
  const drain = new Drain();
  const hops = proxyHops(options.trustProxy);
  attachChatNamespace(namespace, {
    verifyToken,
    services,
    logger,
    limits,
    metrics,
    drain,
    proxyHops: hops,
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
      proxyHops: hops,
      apiKeys:
        typeof options.apiKeys === "string"
          ? parseApiKeys(options.apiKeys)
          : (options.apiKeys ?? []),
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
      services.router.stop();
      services.emails?.stop();
      services.customers.stop();
      await services.emails?.idle();
      await services.webhooks?.worker.stop();
      mailer?.close?.();
      await sweeping;
      namespace.local.disconnectSockets(true);
      await io.close();
      await redis?.close();
      if (owned) await connection.close();
    },
  };
}

async function openDatabase(db: ChatServerOptions["mongoose"], monitorCommands = false) {
  if ("connection" in db) return { connection: db.connection, owned: false };
  const connection = await mongoose.createConnection(db.uri, { monitorCommands }).asPromise();
  return { connection, owned: true };
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

/** The embedding option as the service's settings: business hours parsed (throws if bad). */
function widgetSettings(
  options: NonNullable<ChatServerOptions["widget"]>,
): Partial<WidgetSettings> {
  const { businessHours, ...rest } = options;
  if (rest.color !== undefined && !/^#[0-9a-fA-F]{6}$/.test(rest.color))
    throw new Error(`widget color is not #rrggbb: ${rest.color}`);
  const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  return {
    ...defined,
    ...(businessHours ? { businessHours: parseBusinessHours(businessHours) } : {}),
  };
}

/** The email option's mailer: the host's, or SMTP (which needs `from`). */
function mailerOf(email: NonNullable<ChatServerOptions["email"]>): Mailer & { close?(): void } {
  if (email.mailer) return email.mailer;
  if (!email.smtpUrl) throw new Error("email needs smtpUrl or mailer");
  if (!email.from) throw new Error("email needs from (EMAIL_FROM) with smtpUrl");
  return new SmtpMailer(email.smtpUrl, email.from);
}

/** The webhook option as the service's settings (Redis holds the delivering node's lease). */
function webhookOptions(
  w: NonNullable<ChatServerOptions["webhooks"]>,
  redis: { webhookLease: LeaderLease } | null,
): WebhookOptions & { lease?: LeaderLease } {
  for (const url of w.urls)
    if (!/^https?:\/\/[^/]/.test(url)) throw new Error(`webhook URL is not http(s): ${url}`);
  if (!w.secret) throw new Error("webhooks need a secret (WEBHOOK_SECRET)");
  return {
    urls: w.urls,
    secret: w.secret,
    notes: w.notes ?? false,
    backoff: {
      ...WEBHOOK_DEFAULTS.backoff,
      baseMs: w.retryBaseMs ?? WEBHOOK_DEFAULTS.backoff.baseMs,
    },
    ...(w.retryForSeconds !== undefined ? { retryForMs: w.retryForSeconds * 1000 } : {}),
    ...(w.pollMs !== undefined ? { pollMs: w.pollMs } : {}),
    ...(redis ? { lease: redis.webhookLease } : {}),
  };
}
