// What every scenario gets from run.ts: the mode, a scratch directory, the database and the
// JWT secret, and the results of scenarios run before it in the same invocation.
import { readFile } from "node:fs/promises";
import type { Db } from "../lib/env.ts";
import { dbUri, newDbName, startServer, type Server, type ServerOptions } from "../lib/env.ts";
import { resultFile } from "../lib/report.ts";

export interface Ctx {
  quick: boolean;
  tmp: string;
  db: Db;
  secret: string;
  /** Max sustained one-node rate, once the throughput scenario ran (or from its last JSON). */
  maxRate?: number;
}

/** A fresh database (FerretDB scans: scenarios must not pay for each other's rows). */
export const freshUri = (ctx: Ctx, tag: string) => dbUri(ctx.db.uri, newDbName(tag));

export function server(
  ctx: Ctx,
  mongoUri: string,
  extra: Partial<ServerOptions> = {},
): Promise<Server> {
  return startServer({ mongoUri, secret: ctx.secret, logDir: ctx.tmp, ...extra });
}

/** The one-node max rate: this run's, else the last saved throughput result, else `fallback`. */
export async function maxRate(ctx: Ctx, fallback: number): Promise<number> {
  if (ctx.maxRate) return ctx.maxRate;
  try {
    const saved = JSON.parse(await readFile(resultFile("throughput"), "utf8"));
    if (typeof saved.max?.switchboard === "number" && saved.max.switchboard > 0)
      return saved.max.switchboard;
  } catch {
    // none saved yet
  }
  return fallback;
}

export const pidsOf = (ctx: Ctx, procs: Record<string, { pid(): number } | undefined>) => () => ({
  db: ctx.db.pid(),
  ...Object.fromEntries(Object.entries(procs).map(([k, p]) => [k, p?.pid() ?? null])),
});
