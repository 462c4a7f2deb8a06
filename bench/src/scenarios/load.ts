// A load group (chat or driver workers) and the open-loop ramp shared by the scenarios.
import { callAll, Worker } from "../lib/ipc.ts";
import { summarize, type LatencySummary } from "../lib/stats.ts";
import { cpuMeter, type Pids } from "../lib/env.ts";
import type { DbOps } from "../lib/dbOps.ts";

/** The budget: a rate counts as sustained while p99 send->ACK stays under it. */
export const P99_BUDGET_MS = 100;

export interface Level {
  target: string;
  offered: number;
  achieved: number;
  sent: number;
  acked: number;
  failed: number;
  timedOut: number;
  ackMs: LatencySummary;
  deliveredMs: LatencySummary | null;
  cpu: Record<string, number>;
  /** Database commands per stored message, when counted (lib/dbOps.ts). */
  dbOps?: DbOps;
}

interface WorkerRun {
  sent: number;
  acked: number;
  failed: number;
  timedOut: number;
  ackedInWindow: number;
  ack: number[];
  delivered: number[];
}

export interface LoadGroup {
  target: string;
  level(rate: number, seconds: number): Promise<Level>;
  /**
   * Closed loop (chat groups): every room keeps `perRoom` sends in flight for `seconds`;
   * the level's `offered` is the number in flight.
   */
  closed(perRoom: number, seconds: number): Promise<Level>;
  close(): Promise<void>;
}

export interface ChatLoadOptions {
  target: string;
  url: string;
  agentUrl?: string;
  secret: string;
  tag: string;
  workers: number;
  rooms: number; // in all
  agents: number; // in all
  /** Processes whose CPU is measured per level (name -> pid). */
  pids: () => Record<string, Pids>;
}

export async function chatLoad(o: ChatLoadOptions): Promise<LoadGroup> {
  const workers = Array.from({ length: o.workers }, () =>
    Worker.start("chat", { BENCH_SECRET: o.secret }),
  );
  await callAll(workers, "connect", (i) => ({
    url: o.url,
    agentUrl: o.agentUrl,
    tag: `${o.tag}-${i}`,
    rooms: Math.ceil(o.rooms / o.workers),
    agents: Math.max(1, Math.ceil(o.agents / o.workers)),
  }));
  return group(o.target, workers, o.pids, true, o.rooms);
}

export async function driverLoad(
  uri: string,
  tag: string,
  pids: () => Record<string, Pids>,
  mode: "insert" | "chain" = "insert",
): Promise<LoadGroup> {
  const workers = [Worker.start("driver")];
  await callAll(workers, "connect", () => ({ uri, tag, mode }));
  return group(mode === "insert" ? "driver insertOne" : "driver 3-op chain", workers, pids, false);
}

function group(
  target: string,
  workers: Worker[],
  pids: () => Record<string, Pids>,
  withDelivery: boolean,
  rooms = 0,
): LoadGroup {
  const measure = async (
    method: "run" | "closed",
    args: () => unknown,
    offered: number,
    seconds: number,
  ): Promise<Level> => {
    const meter = cpuMeter(pids());
    const runs = await callAll<WorkerRun>(workers, method, args, seconds * 1000 + 60_000);
    const cpu = meter();
    const sum = (k: keyof WorkerRun) => runs.reduce((a, r) => a + (r[k] as number), 0);
    return {
      target,
      offered,
      achieved: Math.round(sum("ackedInWindow") / seconds),
      sent: sum("sent"),
      acked: sum("acked"),
      failed: sum("failed"),
      timedOut: sum("timedOut"),
      ackMs: summarize(runs.flatMap((r) => r.ack)),
      deliveredMs: withDelivery ? summarize(runs.flatMap((r) => r.delivered)) : null,
      cpu,
    };
  };
  return {
    target,
    level: (rate, seconds) =>
      measure(
        "run",
        () => ({ rate: rate / workers.length, seconds, drainMs: 10_000 }),
        rate,
        seconds,
      ),
    closed: (perRoom, seconds) =>
      measure("closed", () => ({ perRoom, seconds }), perRoom * rooms, seconds),
    async close() {
      await Promise.all(
        workers.map((w) =>
          w
            .call("close")
            .catch(() => undefined)
            .then(() => w.close()),
        ),
      );
    },
  };
}

export const sustained = (l: Level) =>
  l.failed === 0 &&
  l.timedOut === 0 &&
  l.ackMs.p99 <= P99_BUDGET_MS &&
  l.achieved >= 0.9 * l.offered;

/**
 * Open-loop ramp: the ladder's rates in order until one is not sustained, then one step
 * between the last good rate and that one. Returns every level run and the best rate.
 */
export async function ramp(
  g: LoadGroup,
  ladder: number[],
  seconds: number,
  log = true,
): Promise<{ levels: Level[]; max: number }> {
  const levels: Level[] = [];
  let max = 0;
  let bad: number | null = null;
  for (const rate of ladder) {
    const l = await g.level(rate, seconds);
    levels.push(l);
    if (log) console.log(`  ${g.target} @ ${rate}/s: ${line(l)}`);
    if (!sustained(l)) {
      bad = rate;
      break;
    }
    max = rate;
  }
  if (bad !== null && max > 0) {
    const mid = Math.round(Math.sqrt(max * bad));
    const l = await g.level(mid, seconds);
    levels.push(l);
    if (log) console.log(`  ${g.target} @ ${mid}/s: ${line(l)}`);
    if (sustained(l)) max = mid;
  }
  return { levels: levels.sort((a, b) => a.offered - b.offered), max };
}

export const line = (l: Level) =>
  `achieved ${l.achieved}/s, ack p50 ${l.ackMs.p50} p99 ${l.ackMs.p99} max ${l.ackMs.max} ms` +
  (l.deliveredMs ? `, delivered p99 ${l.deliveredMs.p99} ms` : "") +
  `, failed ${l.failed}, timed out ${l.timedOut}, cpu ${JSON.stringify(l.cpu)}`;

/** A row for console.table. */
export const row = (l: Level) => ({
  target: l.target,
  offered: l.offered,
  "ok/s": l.achieved,
  "ack p50": l.ackMs.p50,
  "ack p95": l.ackMs.p95,
  "ack p99": l.ackMs.p99,
  "ack max": l.ackMs.max,
  "dlv p99": l.deliveredMs?.p99 ?? "",
  fail: l.failed + l.timedOut,
  "srv cpu%": l.cpu.server ?? l.cpu.echo ?? "",
  "db cpu%": l.cpu.db ?? "",
  "db ops/msg": l.dbOps ? Number(l.dbOps.perMessage.toFixed(2)) : "",
});
