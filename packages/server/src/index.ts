/**
 * Switchboard server: mount the chat into a host app with {@link createChatServer}, or run
 * it on its own with {@link startStandalone} (what `npm start` does).
 *
 * @packageDocumentation
 */
export { createChatServer, type ChatServer, type ChatServerOptions } from "./createChatServer.ts";
export {
  startStandalone,
  closeOnSignals,
  type Standalone,
  type StandaloneOptions,
} from "./standalone.ts";
export {
  createJwtVerifier,
  signToken,
  TokenExpiredError,
  type Identity,
  type TokenPolicy,
  type VerifyToken,
} from "./auth/tokens.ts";
export { createLogger } from "./logger.ts";
export { serveWebApp } from "./transport/webApp.ts";
export { DEFAULT_LIMITS, type RateLimitOptions, type Limit } from "./transport/rateLimits.ts";
export { FcmSender, type ServiceAccount } from "./push/fcmSender.ts";
export type { PushSender, PushNote, Presence } from "./push/pushService.ts";
export type { FileStore } from "./storage/fileStore.ts";
export { SmtpMailer, type Mailer, type OutgoingEmail } from "./email/smtpMailer.ts";
export { parseApiKeys, type ApiKey } from "./auth/apiKeys.ts";
