import type { NextFunction, Request, Response } from "express";
import { ChatError } from "@switchboard/protocol";
import type { ZodType } from "zod";
import type { Identity } from "../auth/tokens.ts";
import { describeZodError } from "./errors.ts";

export type Authed = Request & { user?: Identity };

/** Express 5 passes rejected promises on; this keeps handlers one-liners with `req.user`. */
export const route =
  (fn: (req: Authed, res: Response) => Promise<unknown>) =>
  (req: Request, res: Response, next: NextFunction) =>
    fn(req as Authed, res).catch(next);

/** Validates with a protocol schema or throws VALIDATION. */
export function parse<T>(schema: ZodType<T, unknown>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new ChatError("VALIDATION", describeZodError(result.error));
  return result.data;
}

/** A middleware step: runs `fn`, then the next handler (or the error handler). */
export const step =
  (fn: (req: Authed) => Promise<unknown>) => (req: Request, _res: Response, next: NextFunction) => {
    fn(req as Authed).then(() => next(), next);
  };
