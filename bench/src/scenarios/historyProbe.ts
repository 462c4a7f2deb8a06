// The `history` scenario's probe: one request at a time, its wall time and the CPU the
// server and the database spent on it (read from /proc), over a bounded count and time.
import fs from "node:fs";
import { io, type Socket } from "socket.io-client";
import { cpuSeconds, type Pids } from "../lib/env.ts";
import { summarize } from "../lib/stats.ts";
import type { Ctx } from "./context.ts";

/**
 * Up to `count` samples; no more once `budgetMs` has passed after 3 of them, or twice that
 * after 1 (on FerretDB/SQLite at 100,000 messages one request can take minutes).
 */
export interface Plan {
  count: number;
  budgetMs: number;
}
const MIN_SAMPLES = 3;
const ACK_TIMEOUT_MS = 600_000; // one request; the plans bound the rest

export interface OpRow {
  op: string;
  n: number;
  p50: number;
  p95: number;
  max: number;
  baseline: string;
  "× baseline p50": number | null;
  "server cpu ms/op": number;
  "db cpu ms/op": number;
  errors: number;
}

export type Timed = <R>(fn: () => Promise<R>) => Promise<R>;
/** One sample: true when the answer was the expected one, else what it was. */
export type Run = (i: number, timed: Timed) => Promise<true | string>;

/** Runs `run` up to the plan's count (and time), timing only what it passes to `timed`. */
export async function measure(
  out: OpRow[],
  op: string,
  plan: Plan,
  pids: { server: Pids; db: Pids },
  run: Run,
  baseline = "",
) {
  const samples: number[] = [];
  let [serverCpu, dbCpu, errors, lastError] = [0, 0, 0, ""];
  const timed: Timed = async (fn) => {
    const [s0, d0] = [cpuSeconds(pids.server), cpuSeconds(pids.db)];
    const t0 = performance.now();
    const r = await fn();
    samples.push(performance.now() - t0);
    serverCpu += cpuSeconds(pids.server) - s0;
    dbCpu += cpuSeconds(pids.db) - d0;
    return r;
  };
  const start = performance.now();
  for (let i = 0; i < plan.count; i++) {
    const elapsed = performance.now() - start;
    if (i >= MIN_SAMPLES && elapsed > plan.budgetMs) break;
    if (i >= 1 && elapsed > 2 * plan.budgetMs) break;
    try {
      const ok = await run(i, timed);
      if (ok !== true) [errors, lastError] = [errors + 1, `unexpected answer: ${ok}`];
    } catch (err) {
      [errors, lastError] = [errors + 1, String(err)];
    }
  }
  if (lastError) console.log(`  ${op}: ${errors} errors, last: ${lastError}`);
  const s = summarize(samples);
  const per = (cpuS: number) => (s.count ? Math.round((1000 * cpuS) / s.count) : NaN);
  const row: OpRow = {
    op,
    n: s.count,
    p50: s.p50,
    p95: s.p95,
    max: s.max,
    baseline,
    "× baseline p50": null,
    "server cpu ms/op": per(serverCpu),
    "db cpu ms/op": per(dbCpu),
    errors,
  };
  console.log(`  ${op}: n ${row.n}, p50 ${row.p50} ms, p95 ${row.p95} ms`);
  out.push(row);
}

export async function ask<T = unknown>(
  socket: Socket,
  event: string,
  payload: unknown,
): Promise<T> {
  const ack = (await socket.timeout(ACK_TIMEOUT_MS).emitWithAck(event, payload)) as {
    ok: boolean;
    data?: T;
    error?: { code: string; message: string };
  };
  if (!ack.ok) throw new Error(`${event}: ${ack.error?.code} ${ack.error?.message}`);
  return ack.data as T;
}

export function connect(url: string, token: string): Promise<Socket> {
  const s = io(`${url}/chat`, {
    auth: { token },
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (s.close(), reject(new Error("connect timed out"))), 30_000);
    s.once("connect", () => (clearTimeout(timer), resolve(s)));
    s.once("connect_error", (err) => (clearTimeout(timer), s.close(), reject(err)));
  });
}

/**
 * The database's processes: FerretDB, and on PostgreSQL only the backends serving this
 * run's database (other work on the shared PostgreSQL stays out of the figure).
 */
export function dbPids(ctx: Ctx): Pids {
  const all = ctx.db.pid();
  const url = process.env.FERRETDB_POSTGRESQL_URL;
  if (!url || !Array.isArray(all)) return all;
  const name = new URL(url).pathname.slice(1);
  return all.filter((pid) => {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
      return !cmd.startsWith("postgres: ") || cmd.includes(` ${name} `);
    } catch {
      return false;
    }
  });
}
