import { randomBytes } from "node:crypto";
import path from "node:path";
import { parseRateLimits, type RateLimitOptions } from "./transport/rateLimits.ts";
import { parseTrustProxy } from "./transport/clientAddress.ts";
import type { TokenPolicy } from "./auth/tokens.ts";
import type { ReplyTime } from "@switchboard/protocol";
import { parseBusinessHours } from "./services/businessHours.ts";
import { parseApiKeys, type ApiKey } from "./auth/apiKeys.ts";

/** The standalone server's settings, all from the environment (see README). */
export interface Config {
  port: number;
  mongodbUri: string;
  jwtSecret: string;
  /** True when no JWT_SECRET was given and a development secret is in use. */
  devSecret: boolean;
  /** `exp` required in production unless `ALLOW_TOKENS_WITHOUT_EXP=on`; `TOKEN_MAX_AGE_S`. */
  tokenPolicy: TokenPolicy;
  redisUrl: string | null;
  redisPrefix: string | undefined;
  /** Reverse-proxy hops in front of the server (`TRUST_PROXY`, 0 for none). */
  trustProxy: number;
  batchWrites: boolean;
  /** Contract v2 routing: `AUTO_ASSIGN=on`, `AGENT_CAPACITY` (default 5). */
  routing: { enabled: boolean; capacity: number };
  /** Contract v2 widget-config: `TEAM_NAME`, `GREETING`, `WIDGET_LOCALE`, `WIDGET_COLOR`, `REPLY_TIME`, `BUSINESS_HOURS`. */
  widget: {
    teamName?: string;
    greeting?: string;
    locale?: string;
    color?: string;
    replyTime?: ReplyTime;
    businessHours?: string;
  };
  /** Email continuity: `SMTP_URL`, `EMAIL_FROM`, `EMAIL_DELAY_S`, `EMAIL_LINK_URL`; null when off. */
  email: { smtpUrl: string; from: string; delaySeconds: number; linkUrl?: string } | null;
  /**
   * Webhooks: `WEBHOOK_URLS` (comma-separated), `WEBHOOK_SECRET` (required with them),
   * `WEBHOOK_NOTES=on`, `WEBHOOK_RETRY_BASE_MS` (default 10 000); null when off.
   */
  webhooks: { urls: string[]; secret: string; notes: boolean; retryBaseMs: number } | null;
  /** `API_KEYS` (`name:secret,...`), parsed and checked at start. */
  apiKeys: ApiKey[];
  /** `RETENTION_DAYS`: closed rooms idle longer are erased daily; null keeps them. */
  retentionDays: number | null;
  /** Count database commands in the metrics (`DB_COMMAND_METRICS=on`; benchmarks). */
  dbCommandMetrics: boolean;
  uploadDir: string;
  maxUploadBytes: number;
  logLevel: string;
  rateLimits: RateLimitOptions;
  webDist: string;
  production: boolean;
  corsOrigin: string[] | undefined;
  /** Firebase service-account JSON for push (FCM); push is off without it. */
  fcmServiceAccount: string | null;
  /** FCM API base URL (tests and egress proxies). */
  fcmEndpoint: string | undefined;
}

/** A fixed development secret, so demo tokens survive restarts; never used in production. */
export const DEV_JWT_SECRET = "switchboard-development-secret-do-not-use-in-production";

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === "production";
  if (production && !env.JWT_SECRET)
    throw new Error("JWT_SECRET is required when NODE_ENV=production");
  if (!env.MONGODB_URI) {
    throw new Error(
      "MONGODB_URI is not set: use `npm start` (which starts a local database) or set it",
    );
  }
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT is not a port: ${env.PORT}`);
  return {
    port,
    mongodbUri: env.MONGODB_URI,
    jwtSecret: env.JWT_SECRET ?? DEV_JWT_SECRET,
    devSecret: !env.JWT_SECRET,
    tokenPolicy: tokenPolicy(env, production),
    redisUrl: env.REDIS_URL || null,
    redisPrefix: env.REDIS_PREFIX || undefined,
    batchWrites: env.WRITE_BATCHING !== "off",
    routing: { enabled: env.AUTO_ASSIGN === "on", capacity: agentCapacity(env.AGENT_CAPACITY) },
    widget: widgetConfig(env),
    email: emailConfig(env),
    webhooks: webhookConfig(env),
    retentionDays: retentionDays(env.RETENTION_DAYS),
    apiKeys: parseApiKeys(env.API_KEYS),
    dbCommandMetrics: env.DB_COMMAND_METRICS === "on",
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    // Defaults relative to the working directory (the repository under `npm start`), not to
    // this file: an installed package runs from node_modules.
    uploadDir: env.UPLOAD_DIR ?? path.resolve("data/uploads"),
    maxUploadBytes: Number(env.UPLOAD_MAX_BYTES ?? 10 * 1024 * 1024),
    logLevel: env.LOG_LEVEL ?? "info",
    rateLimits: parseRateLimits(env.RATE_LIMITS),
    webDist: env.WEB_DIST ?? path.resolve("apps/web/dist"),
    production,
    fcmServiceAccount: env.FCM_SERVICE_ACCOUNT || null,
    fcmEndpoint: env.FCM_ENDPOINT || undefined,
    corsOrigin: env.CORS_ORIGIN ? env.CORS_ORIGIN.split(",").map((s) => s.trim()) : undefined,
  };
}

/** `RETENTION_DAYS`: a whole number of days, 1 or more; unset keeps everything. */
function retentionDays(value: string | undefined): number | null {
  if (value === undefined || value === "") return null;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`RETENTION_DAYS is not a number of days: ${value}`);
  return n;
}

/** Email continuity from the environment: on with SMTP_URL, which needs EMAIL_FROM. */
function emailConfig(env: NodeJS.ProcessEnv): Config["email"] {
  if (!env.SMTP_URL) return null;
  if (!/^smtps?:\/\//.test(env.SMTP_URL))
    throw new Error(`SMTP_URL is not smtp:// or smtps://: ${env.SMTP_URL}`);
  if (!env.EMAIL_FROM) throw new Error("EMAIL_FROM is required with SMTP_URL");
  const delay =
    env.EMAIL_DELAY_S === undefined || env.EMAIL_DELAY_S === "" ? 120 : Number(env.EMAIL_DELAY_S);
  if (!Number.isFinite(delay) || delay < 0)
    throw new Error(`EMAIL_DELAY_S is not a number of seconds: ${env.EMAIL_DELAY_S}`);
  return {
    smtpUrl: env.SMTP_URL,
    from: env.EMAIL_FROM,
    delaySeconds: delay,
    ...(env.EMAIL_LINK_URL ? { linkUrl: env.EMAIL_LINK_URL } : {}),
  };
}

/** Webhooks from the environment: on with WEBHOOK_URLS, which needs WEBHOOK_SECRET. */
function webhookConfig(env: NodeJS.ProcessEnv): Config["webhooks"] {
  const urls = (env.WEBHOOK_URLS ?? "")
    .split(",")
    .map((u) => u.trim())
    .filter(Boolean);
  if (urls.length === 0) return null;
  for (const url of urls) {
    let ok = false;
    try {
      ok = ["http:", "https:"].includes(new URL(url).protocol);
    } catch {
      // not a URL
    }
    if (!ok) throw new Error(`WEBHOOK_URLS has a URL that is not http(s)://: ${url}`);
  }
  if (!env.WEBHOOK_SECRET) throw new Error("WEBHOOK_SECRET is required with WEBHOOK_URLS");
  const notes = (env.WEBHOOK_NOTES ?? "off").trim().toLowerCase();
  if (!["on", "off", ""].includes(notes))
    throw new Error(`WEBHOOK_NOTES is not on or off: ${env.WEBHOOK_NOTES}`);
  const base = env.WEBHOOK_RETRY_BASE_MS ? Number(env.WEBHOOK_RETRY_BASE_MS) : 10_000;
  if (!Number.isInteger(base) || base < 1)
    throw new Error(
      `WEBHOOK_RETRY_BASE_MS is not a whole number of ms: ${env.WEBHOOK_RETRY_BASE_MS}`,
    );
  return {
    urls: [...new Set(urls)],
    secret: env.WEBHOOK_SECRET,
    notes: notes === "on",
    retryBaseMs: base,
  };
}

/** The widget's settings from the environment; unset ones keep the server's defaults. */
function widgetConfig(env: NodeJS.ProcessEnv): Config["widget"] {
  const replyTime = env.REPLY_TIME || undefined;
  if (replyTime !== undefined && !["minutes", "hours", "day"].includes(replyTime))
    throw new Error(`REPLY_TIME is not minutes, hours or day: ${replyTime}`);
  if (env.WIDGET_COLOR && !/^#[0-9a-fA-F]{6}$/.test(env.WIDGET_COLOR))
    throw new Error(`WIDGET_COLOR is not #rrggbb: ${env.WIDGET_COLOR}`);
  if (env.BUSINESS_HOURS) parseBusinessHours(env.BUSINESS_HOURS); // throws, naming the fault
  const entries = {
    teamName: env.TEAM_NAME,
    greeting: env.GREETING,
    locale: env.WIDGET_LOCALE,
    color: env.WIDGET_COLOR,
    replyTime: replyTime as ReplyTime | undefined,
    businessHours: env.BUSINESS_HOURS,
  };
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v)) as Config["widget"];
}

/** `AGENT_CAPACITY`: a whole number of rooms, 1 or more; default 5. */
function agentCapacity(value: string | undefined): number {
  if (value === undefined || value === "") return 5;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`AGENT_CAPACITY is not a number of rooms: ${value}`);
  return n;
}

/**
 * A token without `exp` would be good forever: production refuses one unless the operator
 * opts in (`ALLOW_TOKENS_WITHOUT_EXP=on`). `TOKEN_MAX_AGE_S` bounds every token's age by `iat`.
 */
function tokenPolicy(env: NodeJS.ProcessEnv, production: boolean): TokenPolicy {
  const allow = (env.ALLOW_TOKENS_WITHOUT_EXP ?? "").trim().toLowerCase();
  if (!["", "on", "off", "true", "false", "1", "0"].includes(allow))
    throw new Error(`ALLOW_TOKENS_WITHOUT_EXP is not on or off: ${env.ALLOW_TOKENS_WITHOUT_EXP}`);
  const policy: TokenPolicy = { requireExp: production && !["on", "true", "1"].includes(allow) };
  if (env.TOKEN_MAX_AGE_S) {
    const seconds = Number(env.TOKEN_MAX_AGE_S);
    if (!Number.isInteger(seconds) || seconds < 1)
      throw new Error(`TOKEN_MAX_AGE_S is not a whole number of seconds: ${env.TOKEN_MAX_AGE_S}`);
    policy.maxAgeS = seconds;
  }
  return policy;
}

/** A random secret for throwaway servers (tests, benchmarks). */
export const randomSecret = () => randomBytes(32).toString("hex");
