// Drill: stop the database (FerretDB) mid-flood and start it again on the same data
// directory and port; the server keeps running and must reconnect by itself.
import { freshUri, server, type Ctx } from "../scenarios/context.ts";
import { runDrill } from "./common.ts";

export async function dbRestart(ctx: Ctx) {
  const mongoUri = freshUri(ctx, "ddb");
  const srv = await server(ctx, mongoUri);
  try {
    return await runDrill(ctx, {
      name: "db-restart",
      what: `database (${ctx.db.kind}) stopped mid-flood and restarted on the same data and port`,
      url: srv.url,
      mongoUri,
      async fault() {
        await ctx.db.restart();
      },
    });
  } finally {
    await srv.stop();
  }
}
