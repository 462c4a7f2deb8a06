// (1) Throughput: the highest OPEN-LOOP offered rate that one node sustains (every message
// stored and ACKed, p99 send->ACK < 100 ms, no failures), against (a) plain Socket.IO echo
// and (b) the driver's insertOne, each ramped on the same ladder in the same run.
import { spawnTs, stop, waitForLine } from "../lib/processes.ts";
import { DB_NOTE, lineChart, saveJson, table, type Series } from "../lib/report.ts";
import {
  chatLoad,
  driverLoad,
  ramp,
  row,
  P99_BUDGET_MS,
  type Level,
  type LoadGroup,
} from "./load.ts";
import { freshUri, pidsOf, server, type Ctx } from "./context.ts";
import { countingDbOps } from "../lib/dbOps.ts";

export const shape = (quick: boolean) => ({
  ladder: quick ? [25, 50, 100, 200, 400, 800] : [25, 50, 100, 200, 400, 800, 1600, 3200],
  seconds: quick ? 2 : 6,
  workers: 2,
  rooms: quick ? 100 : 400,
  agents: quick ? 4 : 8,
});

export async function throughput(ctx: Ctx) {
  const s = shape(ctx.quick);
  console.log(
    `\n== throughput: open-loop ramp ${s.ladder.join(", ")} msg/s, ${s.seconds} s a level, ${s.rooms} rooms, ${s.agents} agents`,
  );
  const results: Record<string, { levels: Level[]; max: number }> = {};

  const echo = spawnTs("bench/src/echoServer.ts", []);
  const [, echoPort] = await waitForLine(echo, /PORT=(\d+)/);
  const echoPid = { pid: () => echo.pid! };
  results.echo = await measure(
    await chatLoad({
      target: "socket.io echo",
      url: `http://127.0.0.1:${echoPort}`,
      secret: ctx.secret,
      tag: "echo",
      workers: s.workers,
      rooms: s.rooms,
      agents: s.agents,
      pids: pidsOf(ctx, { echo: echoPid }),
    }),
    s.ladder,
    s.seconds,
  );
  await stop(echo);

  results.driver = await measure(
    await driverLoad(freshUri(ctx, "driver"), "drv", pidsOf(ctx, {})),
    s.ladder,
    s.seconds,
  );
  results.chain = await measure(
    await driverLoad(freshUri(ctx, "chain"), "chn", pidsOf(ctx, {}), "chain"),
    s.ladder,
    s.seconds,
  );

  // Counting its database commands (the driver's command monitoring) costs the server a
  // little CPU per command; with batching that is a few hundred commands a second at most.
  const srv = await server(ctx, freshUri(ctx, "tp"), { env: { DB_COMMAND_METRICS: "on" } });
  results.switchboard = await measure(
    countingDbOps(
      await chatLoad({
        target: "switchboard",
        url: srv.url,
        secret: ctx.secret,
        tag: "tp",
        workers: s.workers,
        rooms: s.rooms,
        agents: s.agents,
        pids: pidsOf(ctx, { server: srv }),
      }),
      srv.url,
    ),
    s.ladder,
    s.seconds,
  );
  await srv.stop();

  const max = {
    switchboard: results.switchboard!.max,
    echo: results.echo!.max,
    driver: results.driver!.max,
    chain: results.chain!.max,
  };
  ctx.maxRate = max.switchboard;
  const ratio = (a: number, b: number) => (b > 0 ? Math.round((100 * a) / b) / 100 : null);
  const ratios = {
    vsEcho: ratio(max.switchboard, max.echo),
    vsDriver: ratio(max.switchboard, max.driver),
    vsChain: ratio(max.switchboard, max.chain),
  };
  const all = Object.values(results).flatMap((r) => r.levels);
  table(`Throughput, one node (${DB_NOTE})`, all.map(row));
  table("Max sustained rate (p99 send->ACK < 100 ms, no failures)", [
    {
      target: "switchboard",
      "msg/s": max.switchboard,
      "x echo": ratios.vsEcho,
      "x driver": ratios.vsDriver,
      "x chain": ratios.vsChain,
    },
    { target: "socket.io echo", "msg/s": max.echo },
    { target: "driver insertOne", "msg/s": max.driver },
    { target: "driver 3-op chain", "msg/s": max.chain },
  ]);
  await saveJson("throughput", {
    quick: ctx.quick,
    dbKind: ctx.db.kind,
    note: DB_NOTE,
    shape: s,
    max,
    ratios,
    levels: all,
  });
  await lineChart({
    file: "throughput",
    title: `send->ACK latency vs offered load, one node (${ctx.db.kind})`,
    x: "offered load (msg/s, open loop)",
    y: "latency (ms)",
    logX: true,
    logY: true,
    series: percentileSeries(all),
    rules: [{ y: P99_BUDGET_MS, label: "p99 budget 100 ms" }],
  });
  return { max, ratios };
}

async function measure(g: LoadGroup, ladder: number[], seconds: number) {
  try {
    await g.level(ladder[0]!, 1); // warm-up: JIT, connection pools
    return await ramp(g, ladder, seconds);
  } finally {
    await g.close();
  }
}

/** p50 and p99 lines per target (send->ACK). */
export function percentileSeries(
  levels: Level[],
  which: ("p50" | "p95" | "p99")[] = ["p50", "p99"],
): Series[] {
  const targets = [...new Set(levels.map((l) => l.target))];
  return targets.flatMap((t) =>
    which.map((p) => ({
      name: `${t} ${p}`,
      points: levels
        .filter((l) => l.target === t && l.ackMs.count > 0)
        .map((l) => ({ x: l.offered, y: Math.max(0.1, l.ackMs[p]) })),
    })),
  );
}
