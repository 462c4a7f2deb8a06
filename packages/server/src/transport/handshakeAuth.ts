import { CONNECT_ERROR_MESSAGE, ChatError } from "@switchboard/protocol";
import type { Logger } from "pino";
import { TokenExpiredError, type Identity, type VerifyToken } from "../auth/tokens.ts";
import type { Metrics } from "../observability/metrics.ts";
import { handshakeAddress } from "./clientAddress.ts";
import type { RateLimits } from "./rateLimits.ts";
import type { ChatSocket } from "./socketHandler.ts";

export interface HandshakeDeps {
  verifyToken: VerifyToken;
  logger: Logger;
  limits: RateLimits;
  metrics: Metrics;
  /** Reverse proxies in front (`TRUST_PROXY`): see {@link handshakeAddress}. */
  proxyHops: number;
}

/**
 * Admits a handshake with a valid token. Refused tokens and admitted handshakes are counted
 * apart, both per client address (`authFailures`, `handshakes`): a flood of bad or missing
 * tokens from an address spends only the failures' budget, and a valid token from the same
 * address still gets in. A token is always checked (an HMAC, microseconds), even from an
 * address out of failures, so that its answer cannot depend on what others sent.
 */
export function authenticateHandshake(deps: HandshakeDeps) {
  const { logger, metrics } = deps;
  return async (socket: ChatSocket, next: (err?: Error) => void) => {
    try {
      socket.data.user = await admit(socket, deps);
      next();
    } catch (err) {
      // The verifier answers ChatErrors only; anything else is the limiter failing, which
      // the client is to retry (an UNAUTHORIZED would make the SDK give up).
      const chatError = err instanceof ChatError ? err : null;
      const code =
        !chatError || chatError.code === "RATE_LIMITED"
          ? "RATE_LIMITED"
          : err instanceof TokenExpiredError
            ? "TOKEN_EXPIRED"
            : "UNAUTHORIZED";
      metrics.handshakesRefused.inc({ code });
      if (code === "RATE_LIMITED") {
        // Not logged one by one: a flood would write a line per attempt.
        const retryAfterMs = chatError?.retryAfterMs;
        return next(Object.assign(new Error("rate limited"), { data: { code, retryAfterMs } }));
      }
      logger.info({ socketId: socket.id, code }, "handshake refused");
      next(Object.assign(new Error(CONNECT_ERROR_MESSAGE), { data: { code } }));
    }
  };
}

async function admit(
  socket: ChatSocket,
  { verifyToken, limits, proxyHops }: HandshakeDeps,
): Promise<Identity> {
  const address = handshakeAddress(socket.handshake, proxyHops);
  const token: unknown = socket.handshake.auth?.token;
  let user: Identity;
  try {
    if (typeof token !== "string" || token.length === 0)
      throw new ChatError("UNAUTHORIZED", "no token");
    user = await verifyToken(token); // ChatErrors only: see answeringUnauthorized
  } catch (err) {
    await limits.consume("authFailures", address); // RATE_LIMITED once over the budget
    throw err;
  }
  await limits.consume("handshakes", address);
  return user;
}
