// Drill: SIGKILL the server in the middle of a flood, then start it again on the same port.
import { freshUri, server, type Ctx } from "../scenarios/context.ts";
import { runDrill } from "./common.ts";

export async function serverKill(ctx: Ctx) {
  const mongoUri = freshUri(ctx, "dkill");
  const srv = await server(ctx, mongoUri);
  try {
    return await runDrill(ctx, {
      name: "server-kill",
      what: "server SIGKILLed mid-flood, restarted 1 s later",
      url: srv.url,
      mongoUri,
      async fault() {
        await srv.kill();
        await new Promise((r) => setTimeout(r, 1000));
        await srv.restart();
      },
    });
  } finally {
    await srv.stop();
  }
}
