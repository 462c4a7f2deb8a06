// (2) Latency at 25, 50 and 75 % of the max sustained one-node rate: p50/p95/p99/max of
// send->ACK (at the customer) and send->delivered (new-message at the room's agent,
// measured from send start), against plain Socket.IO echo at the same offered rates.
import { spawnTs, stop, waitForLine } from "../lib/processes.ts";
import { DB_NOTE, lineChart, saveJson, table } from "../lib/report.ts";
import { chatLoad, type Level, type LoadGroup } from "./load.ts";
import { freshUri, maxRate, pidsOf, server, type Ctx } from "./context.ts";
import { shape } from "./throughput.ts";

export async function latency(ctx: Ctx) {
  const max = await maxRate(ctx, 40);
  const rates = [0.25, 0.5, 0.75].map((f) => Math.max(2, Math.round(max * f)));
  const seconds = ctx.quick ? 3 : 15;
  const s = shape(ctx.quick);
  console.log(
    `\n== latency at ${rates.join(", ")} msg/s (25/50/75 % of ${max}), ${seconds} s each`,
  );
  const levels: Level[] = [];
  const srv = await server(ctx, freshUri(ctx, "lat"));
  await sweep(
    await chatLoad({
      target: "switchboard",
      url: srv.url,
      secret: ctx.secret,
      tag: "lat",
      workers: 2,
      rooms: s.rooms,
      agents: s.agents,
      pids: pidsOf(ctx, { server: srv }),
    }),
    rates,
    seconds,
    levels,
  );
  await srv.stop();
  const echo = spawnTs("bench/src/echoServer.ts", []);
  const [, echoPort] = await waitForLine(echo, /PORT=(\d+)/);
  await sweep(
    await chatLoad({
      target: "socket.io echo",
      url: `http://127.0.0.1:${echoPort}`,
      secret: ctx.secret,
      tag: "late",
      workers: 2,
      rooms: s.rooms,
      agents: s.agents,
      pids: pidsOf(ctx, { echo: { pid: () => echo.pid! } }),
    }),
    rates,
    seconds,
    levels,
  );
  await stop(echo);

  const rows = levels.flatMap((l) => [
    {
      target: l.target,
      offered: l.offered,
      path: "send->ACK",
      ...pick(l.ackMs),
      lost: l.failed + l.timedOut,
    },
    {
      target: l.target,
      offered: l.offered,
      path: "send->delivered",
      ...pick(l.deliveredMs!),
      lost: l.acked - (l.deliveredMs?.count ?? 0),
    },
  ]);
  table(`Latency (ms), one node (${DB_NOTE})`, rows);
  const at = (t: string, r: number) => levels.find((l) => l.target === t && l.offered === r)!;
  const ratios = rates.map((r) => ({
    offered: r,
    ackP99VsEcho:
      Math.round((10 * at("switchboard", r).ackMs.p99) / at("socket.io echo", r).ackMs.p99) / 10,
    deliveredP99VsEcho:
      Math.round(
        (10 * at("switchboard", r).deliveredMs!.p99) / at("socket.io echo", r).deliveredMs!.p99,
      ) / 10,
  }));
  table("switchboard p99 / echo p99 (x)", ratios);
  await saveJson("latency", {
    quick: ctx.quick,
    dbKind: ctx.db.kind,
    note: DB_NOTE,
    maxRate: max,
    seconds,
    levels,
    ratios,
  });
  await lineChart({
    file: "latency",
    title: `latency percentiles vs offered load (25/50/75 % of max ${max} msg/s)`,
    x: "offered load (msg/s, open loop)",
    y: "latency (ms)",
    logY: true,
    series:
      levels.length === 0
        ? []
        : ["switchboard", "socket.io echo"].flatMap((t) =>
            (["p50", "p95", "p99"] as const).flatMap((p) => [
              {
                name: `${t} ACK ${p}`,
                points: levels
                  .filter((l) => l.target === t)
                  .map((l) => ({ x: l.offered, y: Math.max(0.1, l.ackMs[p]) })),
              },
              {
                name: `${t} delivered ${p}`,
                points: levels
                  .filter((l) => l.target === t)
                  .map((l) => ({ x: l.offered, y: Math.max(0.1, l.deliveredMs![p]) })),
              },
            ]),
          ),
    rules: [{ y: 100, label: "100 ms" }],
  });
}

async function sweep(g: LoadGroup, rates: number[], seconds: number, out: Level[]) {
  try {
    await g.level(rates[0]!, 1); // warm-up
    for (const r of rates) out.push(await g.level(r, seconds));
  } finally {
    await g.close();
  }
}

const pick = (s: { p50: number; p95: number; p99: number; max: number; count: number }) => ({
  n: s.count,
  p50: s.p50,
  p95: s.p95,
  p99: s.p99,
  max: s.max,
});
