import { signToken } from "./auth/tokens.ts";
import { FcmSender } from "./push/fcmSender.ts";
import { loadConfig } from "./config.ts";
import { createLogger } from "./logger.ts";
import { closeOnSignals, startStandalone } from "./standalone.ts";

// `npm start` runs this (scripts/start.mjs provides MONGODB_URI when it started a database).
const config = loadConfig();
const logger = createLogger(config.logLevel);
// The log line never carries a secret (logs are shipped and kept); the development secret
// itself is printed below, to the console only, as the contract says.
if (config.devSecret) logger.warn("JWT_SECRET is not set: using the development secret");

const server = await startStandalone({
  port: config.port,
  webDist: config.webDist,
  mongoose: { uri: config.mongodbUri },
  jwtSecret: config.jwtSecret,
  tokenPolicy: config.tokenPolicy,
  logger,
  uploads: { dir: config.uploadDir, maxBytes: config.maxUploadBytes },
  rateLimits: config.rateLimits,
  ...(config.redisUrl ? { redisUrl: config.redisUrl } : {}),
  ...(config.redisPrefix ? { redisPrefix: config.redisPrefix } : {}),
  trustProxy: config.trustProxy,
  batchWrites: config.batchWrites,
  routing: config.routing,
  widget: config.widget,
  ...(config.email ? { email: config.email } : {}),
  ...(config.webhooks ? { webhooks: config.webhooks } : {}),
  ...(config.retentionDays ? { retentionDays: config.retentionDays } : {}),
  ...(config.apiKeys.length ? { apiKeys: config.apiKeys } : {}),
  dbCommandMetrics: config.dbCommandMetrics,
  ...(config.fcmServiceAccount
    ? { push: await FcmSender.fromFile(config.fcmServiceAccount, config.fcmEndpoint) }
    : {}),
  ...(config.corsOrigin ? { corsOrigin: config.corsOrigin } : {}),
});
closeOnSignals(server, logger);
logger.info({ port: server.port }, "switchboard listening");

const base = `http://localhost:${server.port}`;
if (config.devSecret) {
  // Demo tokens only with the development secret: signed with a real JWT_SECRET they would be
  // 30-day admin tokens of a real deployment, printed for anyone who reads its console.
  const days = "30d";
  const customer = await signToken(
    config.jwtSecret,
    { sub: "demo-customer", role: "customer", name: "Dana Demo" },
    days,
  );
  const agent = await signToken(
    config.jwtSecret,
    { sub: "demo-agent", role: "admin", name: "Alex Agent" },
    days,
  );
  process.stdout.write(
    [
      "",
      `  Switchboard is running on ${base}`,
      `  Demo customer (a host site with the widget): ${base}/demo/?token=${customer}`,
      `  Demo agent (dashboard):                      ${base}/agent.html?token=${agent}`,
      `  Development JWT secret (JWT_SECRET is not set; never for production): ${config.jwtSecret}`,
      "",
    ].join("\n") + "\n",
  );
} else if (!config.production) {
  process.stdout.write(
    `\n  Switchboard is running on ${base} (demo tokens are printed only when JWT_SECRET is unset)\n\n`,
  );
}
