import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import type { Role } from "@switchboard/protocol";
import { pino, type Logger } from "pino";
import { signToken, type TokenPolicy } from "./auth/tokens.ts";
import { randomSecret } from "./config.ts";
import type { PushSender } from "./push/pushService.ts";
import type { RateLimitOptions } from "./transport/rateLimits.ts";
import { startStandalone, type Standalone } from "./standalone.ts";
import type { ChatServerOptions } from "./createChatServer.ts";

/** A real server on a free port with its own database, for tests and benchmarks. */
export interface TestServer extends Standalone {
  /** The HS256 secret its tokens are signed with. */
  secret: string;
  /** Its database's URI, database name included. */
  mongoUri: string;
  /** Mints a token for a user of this server (`name`: the token's display name). */
  token(sub: string, role?: Role, expiresIn?: string | number, name?: string): Promise<string>;
}

/**
 * Starts a real server (real Socket.IO, real database) on port 0 or `port`.
 * `mongoUri` is a base URI (`mongodb://host:port/`); a fresh database name is appended
 * unless `dbName` is given (pass the same one to restart onto the same data).
 */
export async function startTestServer(opts: {
  mongoUri: string;
  dbName?: string;
  port?: number;
  secret?: string;
  webDist?: string;
  uploadDir?: string;
  maxUploadBytes?: number;
  /** Default on with the default limits; false turns them off. */
  rateLimits?: boolean | RateLimitOptions;
  redisUrl?: string;
  redisPrefix?: string;
  push?: PushSender;
  /** Default: pino at `TEST_LOG_LEVEL` (silent). */
  logger?: Logger;
  /** Default true (batched writes); false: one insert and one room update per send. */
  batchWrites?: boolean;
  /** Automatic assignment (AUTO_ASSIGN=on, AGENT_CAPACITY); default off. */
  routing?: { enabled: boolean; capacity?: number };
  /** Count database commands in the metrics (see ChatServerOptions.dbCommandMetrics). */
  dbCommandMetrics?: boolean;
  /** Proxy hops to trust in front of the server (`TRUST_PROXY`); default none. */
  trustProxy?: boolean | number;
  /** What the built-in verifier asks of tokens beyond the signature; default nothing. */
  tokenPolicy?: TokenPolicy;
  /** The widget's settings and business hours (`GET /api/chat/widget-config`). */
  widget?: ChatServerOptions["widget"];
  /** Email continuity (SMTP); default off. */
  email?: ChatServerOptions["email"];
  /** Webhooks (outbox and delivery); default off. */
  webhooks?: ChatServerOptions["webhooks"];
  /** `API_KEYS` (`name:secret,...`); default none. */
  apiKeys?: string;
  /** Closed rooms idle longer are erased by the retention job; default kept. */
  retentionDays?: number;
}): Promise<TestServer> {
  const secret = opts.secret ?? randomSecret();
  const dbName = opts.dbName ?? `sb_${randomBytes(6).toString("hex")}`;
  const mongoUri = opts.mongoUri.replace(/\/?$/, "/") + dbName;
  const server = await startStandalone({
    port: opts.port ?? 0,
    host: "127.0.0.1",
    mongoose: { uri: mongoUri },
    jwtSecret: secret,
    logger: opts.logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" }),
    rateLimits:
      typeof opts.rateLimits === "object" ? opts.rateLimits : { enabled: opts.rateLimits ?? true },
    ...(opts.push ? { push: opts.push } : {}),
    ...(opts.batchWrites !== undefined ? { batchWrites: opts.batchWrites } : {}),
    ...(opts.routing ? { routing: opts.routing } : {}),
    ...(opts.dbCommandMetrics ? { dbCommandMetrics: true } : {}),
    ...(opts.trustProxy !== undefined ? { trustProxy: opts.trustProxy } : {}),
    ...(opts.tokenPolicy ? { tokenPolicy: opts.tokenPolicy } : {}),
    ...(opts.widget ? { widget: opts.widget } : {}),
    ...(opts.email ? { email: opts.email } : {}),
    ...(opts.webhooks ? { webhooks: opts.webhooks } : {}),
    ...(opts.retentionDays ? { retentionDays: opts.retentionDays } : {}),
    ...(opts.apiKeys ? { apiKeys: opts.apiKeys } : {}),
    ...(opts.redisUrl ? { redisUrl: opts.redisUrl, redisPrefix: opts.redisPrefix ?? dbName } : {}),
    uploads: {
      dir: opts.uploadDir ?? path.join(os.tmpdir(), "switchboard-test-uploads", dbName),
      ...(opts.maxUploadBytes ? { maxBytes: opts.maxUploadBytes } : {}),
    },
    ...(opts.webDist ? { webDist: opts.webDist } : {}),
  });
  return {
    ...server,
    secret,
    mongoUri,
    token: (sub, role = "customer", expiresIn = "1h", name) =>
      signToken(secret, { sub, role, ...(name ? { name } : {}) }, expiresIn),
  };
}
