// Drill: every client connection is reset abruptly (TCP RST through a proxy), again and
// again at random intervals, while both sides of every room keep sending.
import { startProxy } from "../lib/proxy.ts";
import { freshUri, server, type Ctx } from "../scenarios/context.ts";
import { runDrill } from "./common.ts";

export async function transportCut(ctx: Ctx) {
  const mongoUri = freshUri(ctx, "dcut");
  const srv = await server(ctx, mongoUri);
  const proxy = await startProxy(srv.port);
  const cuts = ctx.quick ? 3 : 6;
  try {
    return await runDrill(ctx, {
      name: "transport-cut",
      what: `all client connections reset (RST) ${cuts} times, 0.4-1.6 s apart`,
      url: proxy.url,
      mongoUri,
      async fault() {
        for (let i = 0; i < cuts; i++) {
          proxy.cut();
          await new Promise((r) => setTimeout(r, 400 + Math.random() * 1200));
        }
      },
    });
  } finally {
    await proxy.close();
    await srv.stop();
  }
}
