// The embedding API as a host application uses it: docs/examples/embed.ts, run for real
// (its own HTTP server, Express app, token verifier, logger and Mongoose connection).
import { randomBytes } from "node:crypto";
import mongoose from "mongoose";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { signToken } from "@switchboard/server";
import { startHostApp, type HostApp } from "../../../docs/examples/embed.ts";
import { DEV_JWT_SECRET } from "../src/config.ts";

declare module "vitest" {
  export interface ProvidedContext {
    mongoUri: string;
  }
}

let shop: HostApp;
let mongoUri: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  mongoUri = inject("mongoUri") + `sb_embed_${randomBytes(6).toString("hex")}`;
  shop = await startHostApp({
    mongoUri,
    port: 0,
    logLevel: process.env.TEST_LOG_LEVEL ?? "silent",
  });
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await shop?.close();
});

/** Connects to the shop's /chat namespace; resolves once connected or refused. */
function connect(token: string): Promise<{ socket: Socket; error?: Error & { data?: unknown } }> {
  const socket = io(shop.url + "/chat", {
    auth: { token },
    transports: ["websocket"],
    reconnection: false,
  });
  sockets.push(socket);
  return new Promise((resolve) => {
    socket.once("connect", () => resolve({ socket }));
    socket.once("connect_error", (error) => resolve({ socket, error }));
  });
}

const call = (socket: Socket, event: string, payload: unknown) =>
  socket.timeout(10_000).emitWithAck(event, payload);

describe("embedding: docs/examples/embed.ts", () => {
  it("keeps the host's own routes working next to the chat's", async () => {
    const home = await fetch(shop.url + "/");
    expect(home.status).toBe(200);
    expect(await home.text()).toContain("Acme Shop");
    const products = await fetch(shop.url + "/api/shop/products");
    expect(products.status).toBe(200);
    expect(await products.json()).toEqual({
      products: [{ sku: "RR3", title: "Ridge Runner 3", price: 139 }],
    });
    expect(await (await fetch(shop.url + "/healthz")).json()).toEqual({ status: "ok" });
    expect((await fetch(shop.url + "/readyz")).status).toBe(200);
  });

  it("chats with the host's own tokens, over Socket.IO and HTTP", async () => {
    const customer = await connect(await shop.tokenFor({ id: "shopper-1", name: "Sam" }));
    expect(customer.error).toBeUndefined();
    const joined = await call(customer.socket, "join-chat", {});
    expect(joined).toMatchObject({ ok: true, data: { room: { customerId: "shopper-1" } } });
    const roomId: string = joined.data.room.id;

    const staffToken = await shop.tokenFor({ id: "staff-1", staff: true });
    const agent = await connect(staffToken);
    expect(agent.error).toBeUndefined();
    expect(await call(agent.socket, "join-chat", { roomId })).toMatchObject({ ok: true });

    const arrived = new Promise((resolve) => agent.socket.once("new-message", resolve));
    const sent = await call(customer.socket, "send-message", {
      roomId,
      clientMessageId: "embed-1",
      content: "Do the Ridge Runners run small?",
    });
    expect(sent).toMatchObject({
      ok: true,
      data: { message: { roomId, senderId: "shopper-1", senderRole: "customer" } },
    });
    expect(await arrived).toEqual(sent.data.message);

    const res = await fetch(`${shop.url}/api/chat/rooms/${roomId}/messages`, {
      headers: { authorization: `Bearer ${staffToken}` },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ messages: [sent.data.message], hasMore: false });
  });

  it("swaps in a fresh host token on a live socket; what the host's verifier rejects is UNAUTHORIZED", async () => {
    const { socket } = await connect(await shop.tokenFor({ id: "shopper-2" }));
    const fresh = await call(socket, "refresh-token", {
      token: await shop.tokenFor({ id: "shopper-2" }),
    });
    expect(fresh).toMatchObject({ ok: true });
    for (const token of ["not-a-jwt", await shop.tokenFor({ id: "shopper-3" })]) {
      expect(await call(socket, "refresh-token", { token })).toMatchObject({
        ok: false,
        error: { code: "UNAUTHORIZED" },
      });
    }
  });

  it("stores the chat in the host's database, next to the host's collections", async () => {
    const db = await mongoose.createConnection(mongoUri).asPromise();
    try {
      const names = (await db.listCollections()).map((c) => c.name);
      expect(names).toEqual(expect.arrayContaining(["products", "chat_rooms", "chat_messages"]));
      expect(await db.collection("chat_messages").countDocuments()).toBe(1);
    } finally {
      await db.close();
    }
  });

  it("refuses a token of the built-in JWT kind: the host's verifier decides", async () => {
    for (const secret of [DEV_JWT_SECRET, randomBytes(32).toString("hex")]) {
      const builtIn = await signToken(secret, { sub: "shopper-1", role: "customer" });
      const { error } = await connect(builtIn);
      expect(error?.message).toBe("unauthorized");
      expect(error?.data).toEqual({ code: "UNAUTHORIZED" });

      const res = await fetch(`${shop.url}/api/chat/rooms?status=open`, {
        headers: { authorization: `Bearer ${builtIn}` },
      });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: "UNAUTHORIZED" } });
    }
  });
});
