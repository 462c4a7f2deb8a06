// Drill: two nodes on a private Redis, customers on node A and agents on node B; Redis is
// stopped mid-flood and started again 1 s later on the same port (empty: no persistence).
import { startRedis } from "../lib/env.ts";
import { freshUri, server, type Ctx } from "../scenarios/context.ts";
import { runDrill } from "./common.ts";

export async function redisRestart(ctx: Ctx) {
  const mongoUri = freshUri(ctx, "dredis");
  const redis = await startRedis();
  const a = await server(ctx, mongoUri, { redisUrl: redis.url, name: "nodeA" });
  const b = await server(ctx, mongoUri, { redisUrl: redis.url, name: "nodeB" });
  const crashed: string[] = [];
  try {
    return await runDrill(ctx, {
      name: "redis-restart",
      what: "private Redis of a two-node cluster stopped mid-flood, restarted 1 s later",
      url: a.url,
      agentUrl: b.url,
      mongoUri,
      async fault() {
        await redis.stop();
        await new Promise((r) => setTimeout(r, 1000));
        await redis.restart();
        // A node that died of the outage is restarted, as a process supervisor would.
        await new Promise((r) => setTimeout(r, 1000));
        for (const [name, node] of [
          ["A", a],
          ["B", b],
        ] as const) {
          if (!node.alive()) {
            crashed.push(name);
            await node.restart();
          }
        }
      },
      notes: () => ({ "nodes crashed (restarted)": crashed.join(", ") || "none" }),
    });
  } finally {
    await Promise.all([a.stop(), b.stop()]);
    await redis.stop();
  }
}
