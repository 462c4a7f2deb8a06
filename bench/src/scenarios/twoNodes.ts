// (5) Two nodes + Redis: customers on node A, their agents on node B (every new-message
// crosses the Redis adapter; every send takes the Redis room lock), ramped like the
// throughput scenario, against one node without Redis in the same run. Redis is a private
// redis-server on a free port.
import { startRedis } from "../lib/env.ts";
import { DB_NOTE, lineChart, saveJson, table } from "../lib/report.ts";
import { chatLoad, ramp, row, P99_BUDGET_MS, type Level } from "./load.ts";
import { freshUri, pidsOf, server, type Ctx } from "./context.ts";
import { shape } from "./throughput.ts";

export async function twoNodes(ctx: Ctx) {
  const s = shape(ctx.quick);
  const ladder = s.ladder.filter((r) => r <= 400);
  console.log(
    `\n== two nodes + Redis vs one node: ramp ${ladder.join(", ")} msg/s, ${s.seconds} s a level`,
  );
  const levels: Level[] = [];
  const max: Record<string, number> = {};

  const one = await server(ctx, freshUri(ctx, "one"));
  const g1 = await chatLoad({
    target: "one node",
    url: one.url,
    secret: ctx.secret,
    tag: "one",
    workers: 2,
    rooms: s.rooms,
    agents: s.agents,
    pids: pidsOf(ctx, { server: one }),
  });
  try {
    await g1.level(ladder[0]!, 1);
    const r = await ramp(g1, ladder, s.seconds);
    levels.push(...r.levels);
    max["one node"] = r.max;
  } finally {
    await g1.close();
    await one.stop();
  }

  const redis = await startRedis();
  const uri = freshUri(ctx, "two");
  const a = await server(ctx, uri, { redisUrl: redis.url, name: "nodeA" });
  const b = await server(ctx, uri, { redisUrl: redis.url, name: "nodeB" });
  const g2 = await chatLoad({
    target: "two nodes (A->B)",
    url: a.url,
    agentUrl: b.url,
    secret: ctx.secret,
    tag: "two",
    workers: 2,
    rooms: s.rooms,
    agents: s.agents,
    pids: pidsOf(ctx, { server: a, serverB: b }),
  });
  try {
    await g2.level(ladder[0]!, 1);
    const r = await ramp(g2, ladder, s.seconds);
    levels.push(...r.levels);
    max["two nodes (A->B)"] = r.max;
  } finally {
    await g2.close();
    await Promise.all([a.stop(), b.stop()]);
    await redis.stop();
  }

  table(
    `Two nodes + Redis (customer on A, agent on B) vs one node (${DB_NOTE})`,
    levels.map((l) => ({
      ...row(l),
      "dlv p50": l.deliveredMs?.p50,
      "B cpu%": l.cpu.serverB ?? "",
    })),
  );
  const ratio = max["one node"]
    ? Math.round((100 * max["two nodes (A->B)"]!) / max["one node"]) / 100
    : null;
  table("Max sustained rate", [
    { "one node": max["one node"], "two nodes": max["two nodes (A->B)"], "two / one": ratio },
  ]);
  await saveJson("two-nodes", {
    quick: ctx.quick,
    dbKind: ctx.db.kind,
    note: DB_NOTE,
    max,
    ratio,
    levels,
  });
  const targets = ["one node", "two nodes (A->B)"];
  await lineChart({
    file: "two-nodes",
    title: "one node vs two nodes + Redis: p99 latency vs offered load",
    x: "offered load (msg/s, open loop)",
    y: "latency (ms)",
    logY: true,
    logX: true,
    series: targets.flatMap((t) => [
      {
        name: `${t} ACK p99`,
        points: levels
          .filter((l) => l.target === t)
          .map((l) => ({ x: l.offered, y: Math.max(0.1, l.ackMs.p99) })),
      },
      {
        name: `${t} delivered p99`,
        points: levels
          .filter((l) => l.target === t && l.deliveredMs)
          .map((l) => ({ x: l.offered, y: Math.max(0.1, l.deliveredMs!.p99) })),
      },
      {
        name: `${t} delivered p50`,
        points: levels
          .filter((l) => l.target === t && l.deliveredMs)
          .map((l) => ({ x: l.offered, y: Math.max(0.1, l.deliveredMs!.p50) })),
      },
    ]),
    rules: [{ y: P99_BUDGET_MS, label: "p99 budget 100 ms" }],
  });
}
