import { errors, jwtVerify, SignJWT } from "jose";
import { ChatError, LIMITS, normalizeName, type Role } from "@switchboard/protocol";

/** Who is on the other end of a socket or request, as the token says. */
export interface Identity {
  /** The user's id: the token's `sub`, 1 to 128 characters. */
  userId: string;
  /** Customer or admin (agent). */
  role: Role;
  /** The token's `name`, normalised and cut to 100 code points; absent without one. */
  name?: string;
  /** Token expiry (ms since epoch), when the token has one. */
  expiresAt?: number;
}

/**
 * Turns a bearer token into an {@link Identity}, or throws a `ChatError` with code
 * `UNAUTHORIZED` (or `TOKEN_EXPIRED`, carried in the message for the handshake).
 * A host application may pass its own (embedding API).
 */
export type VerifyToken = (token: string) => Promise<Identity>;

/** Thrown for an expired token: the handshake answers `TOKEN_EXPIRED`, HTTP answers 401. */
export class TokenExpiredError extends ChatError {
  constructor() {
    super("UNAUTHORIZED", "token expired");
    this.name = "TokenExpiredError";
  }
}

/**
 * Wraps a verifier (the built-in one or a host's) so that whatever it throws is a
 * `ChatError`: a host verifier's own errors become `UNAUTHORIZED`. The handshake, HTTP and
 * `refresh-token` then all answer the same way. It is also the one place where the claims the
 * server keeps are bounded ({@link boundIdentity}), whichever verifier read them.
 */
export function answeringUnauthorized(verify: VerifyToken): VerifyToken {
  return async (token) => {
    let identity: Identity;
    try {
      identity = await verify(token);
    } catch (err) {
      if (err instanceof ChatError) throw err;
      throw new ChatError("UNAUTHORIZED", "invalid token", undefined, { cause: err });
    }
    return boundIdentity(identity);
  };
}

const ROLES: readonly string[] = ["customer", "admin"];

/**
 * The identity as the server keeps it, whichever verifier made it. A user id (`sub`) must be
 * 1 to 128 characters and the role a known one, or the token is refused (`UNAUTHORIZED`): an
 * id is the host's key, so it is never changed. `name` is only shown, so it is normalised and
 * cut to 100 code points rather than refused ({@link normalizeName}); left out when nothing
 * of it remains.
 */
export function boundIdentity(identity: Identity): Identity {
  const { userId, role, name, expiresAt } = identity as Partial<Record<keyof Identity, unknown>>;
  if (typeof userId !== "string" || userId.length === 0 || userId.length > LIMITS.userIdMaxLength)
    throw new ChatError("UNAUTHORIZED", "token has no sub, or one longer than 128 characters");
  if (typeof role !== "string" || !ROLES.includes(role))
    throw new ChatError("UNAUTHORIZED", "token has an unknown role");
  const kept = typeof name === "string" ? normalizeName(name) : null;
  return {
    userId,
    role: role as Role,
    ...(kept ? { name: kept } : {}),
    ...(typeof expiresAt === "number" ? { expiresAt } : {}),
  };
}

/** What the built-in verifier asks of a token beyond a good signature, `sub` and `role`. */
export interface TokenPolicy {
  /** Refuse a token without `exp` (`UNAUTHORIZED`). The standalone server: in production. */
  requireExp?: boolean;
  /**
   * Refuse a token whose `iat` is older than this many seconds (`TOKEN_EXPIRED`), or that has
   * no `iat` (`UNAUTHORIZED`); a socket on an accepted one is cut when it reaches that age.
   */
  maxAgeS?: number;
}

/** The built-in verifier: HS256 only, `sub` and a known `role` required; see {@link TokenPolicy}. */
export function createJwtVerifier(secret: string, policy: TokenPolicy = {}): VerifyToken {
  const key = new TextEncoder().encode(secret);
  const options = {
    algorithms: ["HS256"],
    ...(policy.requireExp ? { requiredClaims: ["exp"] } : {}),
    ...(policy.maxAgeS !== undefined ? { maxTokenAge: policy.maxAgeS } : {}),
  };
  return async (token) => {
    let payload;
    try {
      ({ payload } = await jwtVerify(token, key, options));
    } catch (err) {
      // Too old for maxAgeS is JWTExpired too: the client fetches a fresh token, as at `exp`.
      if (err instanceof errors.JWTExpired) throw new TokenExpiredError();
      throw new ChatError("UNAUTHORIZED", "invalid token", undefined, { cause: err });
    }
    const { sub, role, name, exp, iat } = payload;
    // A socket on it is cut at `exp` or when it reaches its maximum age, whichever is first.
    const aged =
      policy.maxAgeS === undefined || iat === undefined ? undefined : iat + policy.maxAgeS;
    const end = Math.min(exp ?? Infinity, aged ?? Infinity);
    if (typeof sub !== "string" || sub.length === 0 || sub.length > LIMITS.userIdMaxLength) {
      throw new ChatError("UNAUTHORIZED", "token has no sub");
    }
    if (typeof role !== "string" || !ROLES.includes(role)) {
      throw new ChatError("UNAUTHORIZED", "token has an unknown role");
    }
    return {
      userId: sub,
      role: role as Role,
      ...(typeof name === "string" ? { name } : {}),
      ...(Number.isFinite(end) ? { expiresAt: end * 1000 } : {}),
    };
  };
}

/** Signs a development or test token. Never used for real users: hosts mint their own. */
export async function signToken(
  secret: string,
  claims: { sub: string; role: Role; name?: string },
  expiresIn: string | number = "1h",
): Promise<string> {
  return new SignJWT({ role: claims.role, ...(claims.name ? { name: claims.name } : {}) })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}

/** Reads `Authorization: Bearer <token>`. */
export function bearerToken(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  return m?.[1] ?? null;
}
