import { SignJWT, type JWTPayload } from "jose";
import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "./support.ts";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const sign = (claims: JWTPayload, secret = h.server.secret, alg = "HS256") =>
  new SignJWT(claims).setProtectedHeader({ alg }).sign(new TextEncoder().encode(secret));

/** Connects with this token and resolves with what the server said. */
function handshake(
  token: unknown,
): Promise<{ connected: boolean; message?: string; code?: string }> {
  const socket = io(h.server.url + "/chat", {
    auth: { token },
    transports: ["websocket"],
    reconnection: false,
  });
  return new Promise((resolve) => {
    socket.once("connect", () => {
      socket.close();
      resolve({ connected: true });
    });
    socket.once("connect_error", (err: Error & { data?: { code?: string } }) => {
      socket.close();
      resolve({ connected: false, message: err.message, code: err.data?.code });
    });
  });
}

const unsigned = (claims: object) =>
  `${Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url")}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.`;

describe("socket handshake", () => {
  it("accepts a valid customer or admin token", async () => {
    expect(await handshake(await h.server.token("u1", "customer"))).toEqual({ connected: true });
    expect(await handshake(await h.server.token("a1", "admin"))).toEqual({ connected: true });
  });

  it.each([
    ["no token", async () => undefined],
    ["a non-string token", async () => 42],
    ["garbage", async () => "not-a-jwt"],
    ["a bad signature", async () => sign({ sub: "u1", role: "customer" }, "another-secret")],
    ["alg none", async () => unsigned({ sub: "u1", role: "customer" })],
    ["HS512", async () => sign({ sub: "u1", role: "customer" }, h.server.secret, "HS512")],
    ["no sub", async () => sign({ role: "customer" })],
    ["an unknown role", async () => sign({ sub: "u1", role: "root" })],
  ])("refuses %s as UNAUTHORIZED", async (_name, token) => {
    expect(await handshake(await token())).toEqual({
      connected: false,
      message: "unauthorized",
      code: "UNAUTHORIZED",
    });
  });

  it("refuses an expired token as TOKEN_EXPIRED", async () => {
    const token = await sign({
      sub: "u1",
      role: "customer",
      exp: Math.floor(Date.now() / 1000) - 10,
    });
    expect(await handshake(token)).toEqual({
      connected: false,
      message: "unauthorized",
      code: "TOKEN_EXPIRED",
    });
  });
});

describe("token expiry", () => {
  it("disconnects a socket when its token expires", async () => {
    const token = await h.server.token("short-lived", "customer", "2s");
    const socket = io(h.server.url + "/chat", {
      auth: { token },
      transports: ["websocket"],
      reconnection: false,
    });
    await new Promise<void>((r) => socket.once("connect", () => r()));
    const reason = await new Promise<string>((r) => socket.once("disconnect", r));
    expect(reason).toBe("io server disconnect");
    socket.close();
  });
});
