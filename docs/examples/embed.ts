/**
 * Embedding Switchboard into a host application (see docs/embedding.md).
 *
 * "Acme Shop" is an Express app with its own HTTP server, its own sign-in tokens (a JWT
 * with the shop's own secret, issuer and claims), its own pino logger and its own
 * Mongoose connection. It mounts the chat with `createChatServer` and passes its token
 * check as `verifyToken`: Switchboard never sees the shop's secret.
 *
 * Run it on its own (needs a MongoDB-compatible database, e.g. from `npm run db`):
 *
 *   MONGODB_URI=mongodb://127.0.0.1:27017/acme \
 *     node --conditions=@switchboard/source --import tsx docs/examples/embed.ts
 *
 * packages/server/test/embedding.integration.test.ts runs it as a test.
 */
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import express from "express";
import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import mongoose from "mongoose";
import { pino } from "pino";
import { ChatError } from "@switchboard/protocol";
import { createChatServer, type Identity, type VerifyToken } from "@switchboard/server";

/** A user of the shop, as the shop knows it. */
export interface ShopUser {
  id: string;
  name?: string;
  /** Shop staff answer chats (Switchboard role "admin"); everyone else is a customer. */
  staff?: boolean;
}

export interface HostApp {
  /** Where the shop listens, e.g. `http://127.0.0.1:4000`. */
  url: string;
  /** A sign-in token of the shop for this user: the one its pages pass to the chat. */
  tokenFor(user: ShopUser): Promise<string>;
  /** Stops the chat, the HTTP server and the database connection. */
  close(): Promise<void>;
}

const ISSUER = "acme-shop";
const AUDIENCE = "acme-shop-web";

/**
 * The shop's own token check, in the shape Switchboard wants: resolve an Identity or
 * throw a ChatError with code UNAUTHORIZED. (A plain Error also refuses the socket, but
 * over HTTP it would answer 500 INTERNAL instead of 401.)
 */
function shopVerifier(key: Uint8Array): VerifyToken {
  return async (token) => {
    let payload;
    try {
      ({ payload } = await jwtVerify(token, key, {
        algorithms: ["HS256"],
        issuer: ISSUER,
        audience: AUDIENCE,
        requiredClaims: ["exp", "sub"],
      }));
    } catch (err) {
      const why = err instanceof joseErrors.JWTExpired ? "token expired" : "not a shop token";
      throw new ChatError("UNAUTHORIZED", why, undefined, { cause: err });
    }
    if (typeof payload.sub !== "string" || payload.sub === "") {
      throw new ChatError("UNAUTHORIZED", "not a shop token");
    }
    const identity: Identity = {
      userId: payload.sub,
      role: payload.staff === true ? "admin" : "customer",
    };
    if (typeof payload.name === "string") identity.name = payload.name;
    if (typeof payload.exp === "number") identity.expiresAt = payload.exp * 1000;
    return identity;
  };
}

/** A model of the shop's own, next to the chat's collections in the same database. */
const productSchema = new mongoose.Schema({ sku: String, title: String, price: Number });

/**
 * Starts the shop with the chat mounted. `mongoUri` names the shop's database (the chat
 * adds its collections there); `port` 0 picks a free port.
 */
export async function startHostApp(opts: {
  mongoUri: string;
  port: number;
  /** pino level of the shop's logger; default `LOG_LEVEL` or "info". */
  logLevel?: string;
}): Promise<HostApp> {
  const logger = pino({
    level: opts.logLevel ?? process.env.LOG_LEVEL ?? "info",
    base: { app: "acme-shop" },
  });
  const secret = new TextEncoder().encode(
    process.env.SHOP_SECRET ?? randomBytes(32).toString("hex"),
  );

  // The shop's own database connection; Switchboard registers its models on it.
  const connection = await mongoose.createConnection(opts.mongoUri).asPromise();
  const Product = connection.model("Product", productSchema, "products");
  if ((await Product.countDocuments()) === 0) {
    await Product.create({ sku: "RR3", title: "Ridge Runner 3", price: 139 });
  }

  // The shop's own app and HTTP server.
  const app = express();
  app.disable("x-powered-by");
  const httpServer = createServer(app);
  app.get("/", (_req, res) => {
    res.type("html").send("<h1>Acme Shop</h1><p>Questions? Use the chat.</p>");
  });

  // Mounts Socket.IO (/socket.io, namespace /chat) on the shop's HTTP server and
  // /api/chat, /healthz, /readyz on the shop's app.
  const chat = await createChatServer({
    httpServer,
    app,
    mongoose: { connection },
    verifyToken: shopVerifier(secret),
    logger: logger.child({ component: "chat" }),
  });

  // The shop's own routes keep working next to the chat's, /api included.
  app.get("/api/shop/products", async (_req, res) => {
    const products = await Product.find({}, { _id: 0, sku: 1, title: 1, price: 1 }).lean();
    res.json({ products });
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(opts.port, "127.0.0.1", () => resolve());
  });
  const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  logger.info({ url }, "acme shop listening");

  return {
    url,
    tokenFor: (user) =>
      new SignJWT({
        ...(user.name ? { name: user.name } : {}),
        ...(user.staff ? { staff: true } : {}),
      })
        .setProtectedHeader({ alg: "HS256" })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setSubject(user.id)
        .setIssuedAt()
        .setExpirationTime("2h")
        .sign(secret),
    async close() {
      // chat.close() disconnects the sockets and also closes the HTTP server that
      // Socket.IO is attached to (Socket.IO's own behaviour); it leaves the shop's
      // database connection open, so the shop closes that itself.
      await chat.close();
      await connection.close();
    },
  };
}

// `node --conditions=@switchboard/source --import tsx docs/examples/embed.ts`: run the shop and
// print two sign-in tokens.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const shop = await startHostApp({
    mongoUri: process.env.MONGODB_URI ?? "mongodb://127.0.0.1:27017/acme",
    port: Number(process.env.PORT ?? 4000),
  });
  const customer = await shop.tokenFor({ id: "shopper-1", name: "Sam Shopper" });
  const agent = await shop.tokenFor({ id: "staff-1", name: "Kim Staff", staff: true });
  process.stdout.write(
    `Acme Shop on ${shop.url}\n  customer token: ${customer}\n  staff token:    ${agent}\n`,
  );
  const stop = () => void shop.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
