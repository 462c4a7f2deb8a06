// Regressions (issue 10, §6): a 700 KB `name` claim was stored as customerName and sent in
// every room-updated; a host verifier's user id was kept unbounded; a token without `exp`
// was good forever, in production too. Real servers, real database, real sockets.
import { randomBytes } from "node:crypto";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { SignJWT } from "jose";
import { pino } from "pino";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createChatServer, type ChatServer } from "../src/createChatServer.ts";
import type { Identity, TokenPolicy } from "../src/auth/tokens.ts";
import { startTestServer, type TestServer } from "../src/testing.ts";
import { callOn, nextWhere } from "./support.ts";

const now = () => Math.floor(Date.now() / 1000);
const sockets: Socket[] = [];
const servers: TestServer[] = [];
afterAll(async () => {
  sockets.forEach((s) => s.close());
  await Promise.all(servers.map((s) => s.close()));
});

async function server(tokenPolicy?: TokenPolicy) {
  const s = await startTestServer({
    mongoUri: inject("mongoUri"),
    ...(tokenPolicy ? { tokenPolicy } : {}),
  });
  servers.push(s);
  return s;
}

/** Connects with `token`; resolves with the socket, or the handshake's refusal code. */
function connect(url: string, token: string): Promise<{ socket: Socket; refused?: string }> {
  const socket = io(url + "/chat", {
    auth: { token },
    transports: ["websocket"],
    reconnection: false,
  });
  sockets.push(socket);
  return new Promise((resolve) => {
    socket.once("connect", () => resolve({ socket }));
    socket.once("connect_error", (err: Error & { data?: { code?: string } }) =>
      resolve({ socket, refused: err.data?.code ?? err.message }),
    );
  });
}

/** Signs claims as given (no `exp` or `iat` unless passed), with the server's secret. */
const sign = (s: TestServer, claims: Record<string, unknown>) =>
  new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode(s.secret));

const httpStatus = async (url: string, token: string) =>
  (await fetch(url + "/api/chat/rooms", { headers: { authorization: `Bearer ${token}` } })).status;

describe("the name claim", () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await server();
  });

  it("is kept normalised and cut to 100 code points, in the room and its room-updated", async () => {
    const agent = (await connect(s.url, await s.token("nm-agent", "admin"))).socket;
    const huge = " \u0000" + "e\u0301".repeat(100_000); // 300 KB of UTF-8, NFC-composable
    const token = await sign(s, { sub: "nm-long", role: "customer", name: huge, exp: now() + 600 });
    const { socket, refused } = await connect(s.url, token);
    expect(refused).toBeUndefined();
    const announced = nextWhere<{ customerId: string; customerName: string }>(
      agent,
      "room-updated",
      (r) => r.customerId === "nm-long",
    );
    const joined = await callOn(socket, "join-chat", {});
    expect(joined.data.room.customerName).toBe("\u00e9".repeat(100));
    expect((await announced).customerName).toBe("\u00e9".repeat(100));
  });

  it("is left out when nothing is left of it", async () => {
    const token = await sign(s, { sub: "nm-blank", role: "customer", name: " \u0007\n\t " });
    const joined = await callOn((await connect(s.url, token)).socket, "join-chat", {});
    expect(joined.data.room.customerName).toBeNull();
  });
});

describe("a host verifier's identity", () => {
  let chat: ChatServer;
  let http: HttpServer;
  let url: string;
  beforeAll(async () => {
    const app = express();
    http = createServer(app);
    chat = await createChatServer({
      httpServer: http,
      app,
      mongoose: { uri: `${inject("mongoUri")}sb_${randomBytes(6).toString("hex")}` },
      // A careless host: whatever the token says, as JSON.
      verifyToken: async (token) => JSON.parse(token) as Identity,
      logger: pino({ level: "silent" }),
    });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await chat?.close();
  });

  it("is refused with a user id over 128 characters or an unknown role", async () => {
    const long = JSON.stringify({ userId: "u".repeat(129), role: "customer" });
    expect((await connect(url, long)).refused).toBe("UNAUTHORIZED");
    expect(await httpStatus(url, long)).toBe(401);
    const odd = JSON.stringify({ userId: "host-odd", role: "root" });
    expect((await connect(url, odd)).refused).toBe("UNAUTHORIZED");
    const fine = JSON.stringify({ userId: "u".repeat(128), role: "customer" });
    expect((await connect(url, fine)).refused).toBeUndefined();
  });

  it("has its name bounded the same way", async () => {
    const token = JSON.stringify({
      userId: "host-named",
      role: "customer",
      name: "Z".repeat(5000),
    });
    const joined = await callOn((await connect(url, token)).socket, "join-chat", {});
    expect(joined.data.room.customerName).toBe("Z".repeat(100));
  });
});

describe("tokens without exp, and old tokens", () => {
  it("are accepted by default (development)", async () => {
    const s = await server();
    const token = await sign(s, { sub: "exp-dev", role: "customer" });
    expect((await connect(s.url, token)).refused).toBeUndefined();
  });

  it("are refused as UNAUTHORIZED when exp is required (production)", async () => {
    const s = await server({ requireExp: true });
    const endless = await sign(s, { sub: "exp-prod", role: "customer", iat: now() });
    expect((await connect(s.url, endless)).refused).toBe("UNAUTHORIZED");
    expect(await httpStatus(s.url, endless)).toBe(401);
    const bounded = await sign(s, { sub: "exp-prod", role: "customer", exp: now() + 600 });
    expect((await connect(s.url, bounded)).refused).toBeUndefined();
  });

  it("are refused past the maximum age, counted from iat", async () => {
    const s = await server({ maxAgeS: 60 });
    const claims = { sub: "age", role: "customer", exp: now() + 3600 };
    const old = await sign(s, { ...claims, iat: now() - 120 });
    expect((await connect(s.url, old)).refused).toBe("TOKEN_EXPIRED");
    const undated = await sign(s, claims);
    expect((await connect(s.url, undated)).refused).toBe("UNAUTHORIZED");
    const iat = now() - 10;
    const young = await connect(s.url, await sign(s, { ...claims, iat }));
    expect(young.refused).toBeUndefined();
    // The socket lives no longer than the maximum age, not until exp.
    const fresh = await sign(s, { ...claims, iat });
    const swapped = await callOn(young.socket, "refresh-token", { token: fresh });
    expect(Date.parse(swapped.data.expiresAt)).toBe((iat + 60) * 1000);
  });
});
