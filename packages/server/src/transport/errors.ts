import { ChatError, type ErrorBody } from "@switchboard/protocol";
import type { ZodError } from "zod";

/** Turns anything thrown into the contract's error body; unknown errors become INTERNAL. */
export function toErrorBody(err: unknown): ErrorBody {
  if (err instanceof ChatError) {
    return {
      code: err.code,
      message: err.message,
      ...(err.retryAfterMs !== undefined ? { retryAfterMs: err.retryAfterMs } : {}),
    };
  }
  return { code: "INTERNAL", message: "internal error" };
}

/** A readable one-line summary of a zod failure, e.g. `roomId: must be a 24-hex-digit id`. */
export function describeZodError(error: ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join("; ");
}

/** Whether an error is ours to report plainly (a ChatError) or a fault to log. */
export function isFault(err: unknown): boolean {
  return !(err instanceof ChatError);
}
