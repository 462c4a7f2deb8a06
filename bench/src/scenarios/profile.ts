// The hot path: one node under a steady open-loop load at ~70 % of its max sustained rate
// (and at 2x that, past saturation), run with `node --cpu-prof`; the profile's self time is
// summed by function and by package (lib/cpuprofile.ts).
import { mkdir, readdir } from "node:fs/promises";
import path from "node:path";
import { monotonicUs, readProfile } from "../lib/cpuprofile.ts";
import { DB_NOTE, saveJson, table } from "../lib/report.ts";
import { chatLoad, line } from "./load.ts";
import { freshUri, maxRate, pidsOf, server, type Ctx } from "./context.ts";

export async function profile(ctx: Ctx) {
  const max = await maxRate(ctx, 40);
  const seconds = ctx.quick ? 4 : 12;
  const runs = [];
  for (const [label, rate] of [
    ["at 70% of max", Math.max(10, Math.round(max * 0.7))],
    ["at 2x max (saturated)", max * 2],
  ] as const) {
    const dir = path.join(ctx.tmp, `cpuprof-${rate}`);
    await mkdir(dir, { recursive: true });
    const srv = await server(ctx, freshUri(ctx, "prof"), { cpuProfDir: dir, name: "profiled" });
    const load = await chatLoad({
      target: "switchboard",
      url: srv.url,
      secret: ctx.secret,
      tag: `prof${rate}`,
      workers: 2,
      rooms: ctx.quick ? 100 : 400,
      agents: ctx.quick ? 4 : 8,
      pids: pidsOf(ctx, { server: srv }),
    });
    let level, fromUs, toUs;
    try {
      await load.level(Math.min(rate, 25), 2); // warm-up: JIT, connection pools
      fromUs = monotonicUs();
      level = await load.level(rate, seconds);
      toUs = monotonicUs();
    } finally {
      // Also when the load failed: nothing of a scenario may outlive it.
      await load.close();
      await srv.stop(); // graceful exit writes the profile
    }
    console.log(`\n== profile ${label}: ${rate} msg/s for ${seconds} s: ${line(level)}`);
    // One file per thread (tsx's loader runs in a worker thread): the main one is thread 0.
    const file = (await readdir(dir)).find((f) =>
      /^CPU\.\d+\.\d+\.\d+\.0\.\d+\.cpuprofile$/.test(f),
    );
    if (!file) throw new Error(`no main-thread .cpuprofile written in ${dir}`);
    const summary = readProfile(path.join(dir, file), { fromUs, toUs });
    table(
      `Server main thread, self time by package (${label}; ${summary.totalMs} ms sampled during the load)`,
      summary.packages,
    );
    table(`Top self-time functions (${label})`, summary.functions);
    runs.push({ label, rate, seconds, level, ...summary });
  }
  await saveJson("profile", { quick: ctx.quick, dbKind: ctx.db.kind, note: DB_NOTE, runs });
}
