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
  /** A socket on a token of `lifetime`, with the events it received in order. */
  async function shortLived(sub: string, lifetime: string | number = "2s") {
    const token = await h.server.token(sub, "customer", lifetime);
    const socket = io(h.server.url + "/chat", {
      auth: { token },
      transports: ["websocket"],
      reconnection: false,
    });
    const seen: string[] = [];
    socket.onAny((event: string) => seen.push(event));
    socket.on("disconnect", (reason) => seen.push(`disconnect: ${reason}`));
    await new Promise<void>((r) => socket.once("connect", () => r()));
    return { socket, seen };
  }
  const ended = (socket: ReturnType<typeof io>) =>
    new Promise<void>((r) => socket.once("disconnect", () => r()));

  it("tells the socket its session expired, then disconnects it", async () => {
    const { socket, seen } = await shortLived("short-lived");
    await ended(socket);
    expect(seen).toEqual(["session-expired", "disconnect: io server disconnect"]);
    socket.close();
  });

  it("keeps a socket past its first token's expiry after refresh-token with a fresh one", async () => {
    const { socket, seen } = await shortLived("refreshed", "2s");
    const fresh = await h.server.token("refreshed", "customer", "1h");
    const ack = await h.call(socket, "refresh-token", { token: fresh });
    expect(ack.ok).toBe(true);
    expect(Date.parse(ack.data.expiresAt) - Date.now()).toBeGreaterThan(3500_000);
    await new Promise((r) => setTimeout(r, 2500));
    expect(socket.connected).toBe(true);
    expect(seen).toEqual([]);
    expect((await h.call(socket, "join-chat", {})).ok).toBe(true);
    socket.close();
  });

  it("refuses another user's, another role's, an expired or a forged token and keeps the old deadline", async () => {
    const { socket } = await shortLived("refresh-refused", "3s");
    const refused = [
      await h.server.token("someone-else", "customer"),
      await h.server.token("refresh-refused", "admin"),
      await h.server.token("refresh-refused", "customer", -10),
      await sign({ sub: "refresh-refused", role: "customer" }, "not-the-secret"),
    ];
    for (const token of refused) {
      expect(await h.call(socket, "refresh-token", { token })).toMatchObject({
        ok: false,
        error: { code: "UNAUTHORIZED" },
      });
    }
    for (const payload of [{}, { token: "" }, { token: 42 }, null]) {
      expect((await h.call(socket, "refresh-token", payload)).error.code).toBe("VALIDATION");
    }
    await ended(socket); // the first token's deadline still holds
    socket.close();
  });
});
