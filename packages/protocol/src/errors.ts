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
  VALIDATION: "VALIDATION",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  ROOM_CLOSED: "ROOM_CLOSED",
  RATE_LIMITED: "RATE_LIMITED",
  TOO_LARGE: "TOO_LARGE",
  UNAUTHORIZED: "UNAUTHORIZED",
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
  UNAUTHORIZED: "UNAUTHORIZED",
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
  code: ErrorCode;
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
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "ChatError";
  }
}
