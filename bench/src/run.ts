// `npm run bench` runs every scenario and drill (over half an hour); `-- --quick` a short
// version (about 8 minutes); `-- throughput latency ...` only the named ones; `-- drills`
// only the fault drills. Each scenario measures its baseline in the same run, prints a
// table and writes bench/results/<scenario>.json and .svg (see bench/README.md).
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { newSecret, startDb } from "./lib/env.ts";
import type { Ctx } from "./scenarios/context.ts";

type Step = (ctx: Ctx) => Promise<unknown>;

const SCENARIOS: Record<string, () => Promise<Step>> = {
  throughput: async () => (await import("./scenarios/throughput.ts")).throughput,
  latency: async () => (await import("./scenarios/latency.ts")).latency,
  connections: async () => (await import("./scenarios/connections.ts")).connections,
  reconnect: async () => (await import("./scenarios/reconnect.ts")).reconnectStorm,
  "two-nodes": async () => (await import("./scenarios/twoNodes.ts")).twoNodes,
  profile: async () => (await import("./scenarios/profile.ts")).profile,
  "cpu-per-message": async () => (await import("./scenarios/cpuPerMessage.ts")).cpuPerMessage,
  widget: async () => (await import("./scenarios/widget.ts")).widget,
  "idle-cpu": async () => (await import("./scenarios/idleCpu.ts")).idleCpu,
  history: async () => (await import("./scenarios/history.ts")).history,
  "in-flight": async () => (await import("./scenarios/inFlight.ts")).inFlight,
  webhooks: async () => (await import("./scenarios/webhooks.ts")).webhooks,
};
const DRILLS: Record<string, () => Promise<Step>> = {
  "drill-server-kill": async () => (await import("./drills/serverKill.ts")).serverKill,
  "drill-transport-cut": async () => (await import("./drills/transportCut.ts")).transportCut,
  "drill-redis-restart": async () => (await import("./drills/redisRestart.ts")).redisRestart,
  "drill-db-restart": async () => (await import("./drills/dbRestart.ts")).dbRestart,
};

function selection(args: string[]): string[] {
  const names = args.filter((a) => !a.startsWith("--"));
  if (names.length === 0) return [...Object.keys(SCENARIOS), ...Object.keys(DRILLS)];
  return names.flatMap((n) => {
    if (n === "drills") return Object.keys(DRILLS);
    if (n in SCENARIOS || n in DRILLS) return [n];
    throw new Error(
      `unknown scenario "${n}"; known: ${[...Object.keys(SCENARIOS), "drills", ...Object.keys(DRILLS)].join(", ")}`,
    );
  });
}

async function main() {
  const args = process.argv.slice(2);
  const quick = args.includes("--quick");
  const names = selection(args);
  const tmp = await mkdtemp(path.join(os.tmpdir(), "switchboard-bench-"));
  const started = Date.now();
  const db = await startDb(tmp);
  const ctx: Ctx = { quick, tmp, db, secret: newSecret() };
  console.log(
    `switchboard bench (${quick ? "quick" : "full"}): ${names.join(", ")}; database ${db.kind}; logs in ${tmp}`,
  );
  const failed: string[] = [];
  try {
    for (const name of names) {
      const t0 = Date.now();
      try {
        await (
          await (SCENARIOS[name] ?? DRILLS[name])!()
        )(ctx);
      } catch (err) {
        failed.push(name);
        console.error(`\n!! ${name} failed:`, err);
      }
      console.log(`-- ${name}: ${Math.round((Date.now() - t0) / 1000)} s`);
    }
  } finally {
    await db.stop();
  }
  console.log(
    `\ndone in ${Math.round((Date.now() - started) / 1000)} s${failed.length ? `; FAILED: ${failed.join(", ")}` : ""}`,
  );
  if (!process.env.BENCH_KEEP_TMP) await rm(tmp, { recursive: true, force: true });
  process.exit(failed.length ? 1 : 0);
}

await main();
