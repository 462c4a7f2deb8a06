import { errors, jwtVerify, SignJWT } from "jose";
import { ChatError, type Role } from "@switchboard/protocol";

/** Who is on the other end of a socket or request, as the token says. */
export interface Identity {
  userId: string;
  role: Role;
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
 * `refresh-token` then all answer the same way.
 */
export function answeringUnauthorized(verify: VerifyToken): VerifyToken {
  return async (token) => {
    try {
      return await verify(token);
    } catch (err) {
      if (err instanceof ChatError) throw err;
      throw new ChatError("UNAUTHORIZED", "invalid token", undefined, { cause: err });
    }
  };
}

const ROLES: readonly string[] = ["customer", "admin"];

/** The built-in verifier: HS256 only, `sub` and a known `role` required. */
export function createJwtVerifier(secret: string): VerifyToken {
  const key = new TextEncoder().encode(secret);
  return async (token) => {
    let payload;
    try {
      ({ payload } = await jwtVerify(token, key, { algorithms: ["HS256"] }));
    } catch (err) {
      if (err instanceof errors.JWTExpired) throw new TokenExpiredError();
      throw new ChatError("UNAUTHORIZED", "invalid token", undefined, { cause: err });
    }
    const { sub, role, name, exp } = payload;
    if (typeof sub !== "string" || sub.length === 0 || sub.length > 128) {
      throw new ChatError("UNAUTHORIZED", "token has no sub");
    }
    if (typeof role !== "string" || !ROLES.includes(role)) {
      throw new ChatError("UNAUTHORIZED", "token has an unknown role");
    }
    return {
      userId: sub,
      role: role as Role,
      ...(typeof name === "string" ? { name } : {}),
      ...(typeof exp === "number" ? { expiresAt: exp * 1000 } : {}),
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
