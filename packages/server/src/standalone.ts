import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import type { Logger } from "pino";
import { createChatServer, type ChatServer, type ChatServerOptions } from "./createChatServer.ts";
import { serveWebApp } from "./transport/webApp.ts";
import { proxyHops } from "./transport/clientAddress.ts";

/**
 * Options of {@link startStandalone}: those of {@link ChatServerOptions} but the HTTP server
 * and the Express app, which it creates itself.
 */
export interface StandaloneOptions extends Omit<ChatServerOptions, "httpServer" | "app"> {
  /** The port to listen on; 0 picks a free one (see {@link Standalone.port}). */
  port: number;
  /** Serves the built web app (widget, agent dashboard) from here when given. */
  webDist?: string;
  /** The address to listen on; default `0.0.0.0`. */
  host?: string;
}

/** A running standalone server, as {@link startStandalone} returns it. */
export interface Standalone {
  /** The chat mounted on it. */
  chat: ChatServer;
  /** Its HTTP server. */
  httpServer: HttpServer;
  /** The port it listens on (the one picked when `port` was 0). */
  port: number;
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Stops it: the HTTP server stops accepting, sockets close, the database closes. */
  close(): Promise<void>;
}

/**
 * The standalone server `npm start` runs: one caller of the embedding API, with an Express
 * app of its own that also serves the web app.
 */
export async function startStandalone(options: StandaloneOptions): Promise<Standalone> {
  const { port, webDist, host = "0.0.0.0", ...chatOptions } = options;
  const app = express();
  app.disable("x-powered-by");
  // req.ip (in the host's own routes and logs) then agrees with the chat's per-IP limits.
  const hops = proxyHops(chatOptions.trustProxy);
  if (hops > 0) app.set("trust proxy", hops);
  const httpServer = createServer(app);
  const chat = await createChatServer({ ...chatOptions, httpServer, app });
  if (webDist) app.use(serveWebApp(webDist));
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(port, host, () => resolve());
  });
  const actual = (httpServer.address() as AddressInfo).port;
  return {
    chat,
    httpServer,
    port: actual,
    url: `http://127.0.0.1:${actual}`,
    close: () => chat.close(),
  };
}

/** Stops on SIGTERM/SIGINT: stop accepting, close sockets (clients reconnect elsewhere). */
export function closeOnSignals(server: Standalone, logger: Logger): void {
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, "shutting down");
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}
