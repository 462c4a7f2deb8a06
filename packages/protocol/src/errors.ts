/**
 * Error codes that the server answers with, on the socket (`ack.error.code`) and over
 * HTTP (`body.error.code`).
 *
 * @example
 * ```ts
 * if (!ack.ok && ack.error.code === ErrorCode.RATE_LIMITED) retryIn(ack.error.retryAfterMs);
 * ```
 */
export const ErrorCode = {
  /** The payload does not match the event's shape or limits. HTTP 400. */
  VALIDATION: "VALIDATION",
  /** A valid user, but not allowed (another customer's room, admins only). HTTP 403. */
  FORBIDDEN: "FORBIDDEN",
  /** No such room, message or route. HTTP 404. */
  NOT_FOUND: "NOT_FOUND",
  /** The room is closed and the event would change it. HTTP 409. */
  ROOM_CLOSED: "ROOM_CLOSED",
  /** Over a rate limit; `retryAfterMs` says when to try again. HTTP 429. */
  RATE_LIMITED: "RATE_LIMITED",
  /** An upload or request body above the limit. HTTP 413. */
  TOO_LARGE: "TOO_LARGE",
  /** No valid token (HTTP; a socket is refused at the handshake instead). HTTP 401. */
  UNAUTHORIZED: "UNAUTHORIZED",
  /** A fault of the server: the outcome is unknown, and repeating the event is safe. HTTP 500. */
  INTERNAL: "INTERNAL",
  /** Contract v2: the thing to create is taken (a canned response's shortcode). HTTP 409. */
  CONFLICT: "CONFLICT",
} as const;

/** One of the {@link ErrorCode} values. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * Codes a refused handshake carries in `connect_error`'s `err.data.code`
 * (`err.message` is always `"unauthorized"`).
 *
 * @example
 * ```ts
 * socket.on("connect_error", (err) => {
 *   if (err.data?.code === AuthErrorCode.TOKEN_EXPIRED) refreshToken();
 * });
 * ```
 */
export const AuthErrorCode = {
  /** No token, a bad one, or one the server refuses. */
  UNAUTHORIZED: "UNAUTHORIZED",
  /** The token expired: get a fresh one and connect again. */
  TOKEN_EXPIRED: "TOKEN_EXPIRED",
} as const;

/** One of the {@link AuthErrorCode} values. */
export type AuthErrorCode = (typeof AuthErrorCode)[keyof typeof AuthErrorCode];

/** The `message` of the `connect_error` a refused handshake produces. */
export const CONNECT_ERROR_MESSAGE = "unauthorized";

/**
 * The HTTP status that goes with each error code on the REST routes.
 *
 * @example
 * ```ts
 * res.status(HTTP_STATUS[ErrorCode.NOT_FOUND]); // 404
 * ```
 */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  ROOM_CLOSED: 409,
  CONFLICT: 409,
  TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL: 500,
};

/**
 * The error body of a failed acknowledgement or HTTP request.
 *
 * @example
 * ```ts
 * const e: ErrorBody = { code: "NOT_FOUND", message: "room not found" };
 * ```
 */
export interface ErrorBody {
  /** What went wrong; clients branch on this. */
  code: ErrorCode;
  /** For people (logs, developer tools), not for branching. */
  message: string;
  /** Present with `RATE_LIMITED`: how long to wait before trying again. */
  retryAfterMs?: number;
}

/**
 * An error with a contract code. Services throw it; the transport turns it into an
 * acknowledgement or an HTTP answer.
 *
 * @example
 * ```ts
 * throw new ChatError("FORBIDDEN", "not your room");
 * ```
 */
export class ChatError extends Error {
  /**
   * @param code - The contract code the answer carries.
   * @param message - For people; becomes the answer's `message`.
   * @param retryAfterMs - With `RATE_LIMITED`: how long to wait before trying again.
   * @param options - The standard `Error` options (`cause`).
   */
  constructor(
    /** The contract code the answer carries. */
    readonly code: ErrorCode,
    message: string,
    /** With `RATE_LIMITED`: how long to wait before trying again, in ms. */
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "ChatError";
  }
}
