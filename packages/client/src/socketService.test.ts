/**
 * The socket service against a real, in-process Socket.IO server (no database, no
 * mocks): the handshake, the status mapping and the retry rules depend on Socket.IO's
 * actual behaviour, which a fake would only restate.
 */
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createSocketService, type SocketService } from "./socketService.ts";
import type { ConnectionStatus } from "./types.ts";

let http: HttpServer;
let io: Server;
let url: string;
let service: SocketService | undefined;
/** The server's verdict on each handshake token. */
let verdict: (token: unknown) => "ok" | "TOKEN_EXPIRED" | "UNAUTHORIZED";
/** Tokens the server received by `refresh-token`, and its answer to each. */
let refreshed: string[];
let refreshAnswer: (token: string) => unknown;

/** A JWT-shaped token for `sub` that expires in `seconds` (this server checks no signature). */
const expiring = (sub: string, seconds: number) => {
  const iat = Date.now() / 1000;
  const payload = { sub, role: "customer", iat, exp: iat + seconds };
  return `e30.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.sig`;
};

beforeEach(async () => {
  verdict = () => "ok";
  refreshed = [];
  refreshAnswer = () => ({ ok: true, data: { expiresAt: null } });
  http = createServer();
  io = new Server(http);
  io.of("/chat").use((socket, next) => {
    const v = verdict(socket.handshake.auth.token);
    if (v === "ok") return next();
    next(Object.assign(new Error("unauthorized"), { data: { code: v } }));
  });
  io.of("/chat").on("connection", (socket) => {
    socket.on("join-chat", (_p: unknown, ack: (a: unknown) => void) =>
      ack({ ok: true, data: { token: socket.handshake.auth.token } }),
    );
    socket.on("fetch-messages", () => undefined); // never answers
    socket.on("refresh-token", (p: { token: string }, ack: (a: unknown) => void) => {
      refreshed.push(p.token);
      ack(refreshAnswer(p.token));
    });
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/`;
});

afterEach(async () => {
  service?.disconnect();
  service = undefined;
  await io.close();
});

function start(getToken: () => string | Promise<string>) {
  const statuses: ConnectionStatus[] = [];
  const hooks = {
    onStatus: (s: ConnectionStatus) => statuses.push(s),
    onConnect: vi.fn(),
    onDisconnect: vi.fn(),
    onToken: vi.fn(),
    onAuthError: vi.fn(),
  };
  service = createSocketService({ url, getToken }, hooks);
  service.connect();
  return { statuses, hooks, service };
}

const until = (check: () => unknown) =>
  vi.waitFor(() => expect(check()).toBeTruthy(), { timeout: 5000 });

describe("socket service", () => {
  it("connects to /chat with the token from getToken and answers requests", async () => {
    const { statuses, hooks, service } = start(async () => "t1");
    await until(() => service.connected);
    expect(statuses).toEqual(["connecting", "online"]);
    expect(hooks.onToken).toHaveBeenCalledWith("t1");
    expect(hooks.onConnect).toHaveBeenCalledTimes(1);
    await expect(service.request("join-chat", {}, 2000)).resolves.toEqual({
      ok: true,
      data: { token: "t1" },
    });
  });

  it("rejects a request whose ack does not come in time", async () => {
    const { service } = start(() => "t1");
    await until(() => service.connected);
    await expect(service.request("fetch-messages", { roomId: "x" }, 100)).rejects.toThrow();
  });

  it("keeps retrying on TOKEN_EXPIRED, with a fresh token each attempt", async () => {
    verdict = (t) => (t === "fresh" ? "ok" : "TOKEN_EXPIRED");
    const tokens = ["old", "old", "fresh"];
    const { statuses, hooks, service } = start(() => tokens.shift() ?? "fresh");
    await until(() => service.connected);
    expect(hooks.onToken.mock.calls.map((c) => c[0])).toEqual(["old", "old", "fresh"]);
    expect(hooks.onAuthError).not.toHaveBeenCalled();
    expect(statuses.at(-1)).toBe("online");
    expect(statuses).not.toContain("offline");
  });

  it("retries when getToken fails", async () => {
    let calls = 0;
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    verdict = (t) => (t ? "ok" : "UNAUTHORIZED"); // no token: refused as UNAUTHORIZED
    const { service } = start(() => {
      if (++calls === 1) throw new Error("auth server down");
      return "t";
    });
    await until(() => service.connected);
    expect(calls).toBe(2);
    warn.mockRestore();
  });

  it("stops and reports on UNAUTHORIZED", async () => {
    verdict = () => "UNAUTHORIZED";
    const { statuses, hooks } = start(() => "bad");
    await until(() => hooks.onAuthError.mock.calls.length > 0);
    expect(hooks.onAuthError.mock.calls[0]![0]).toBe("UNAUTHORIZED");
    expect(statuses).toEqual(["connecting", "offline"]);
  });

  it("reports reconnecting after the server drops it, then online again", async () => {
    const { statuses, hooks, service } = start(() => "t");
    await until(() => service.connected);
    io.of("/chat").disconnectSockets(); // "io server disconnect": Socket.IO would not come back alone
    await until(() => hooks.onConnect.mock.calls.length === 2);
    expect(statuses).toEqual(["connecting", "online", "reconnecting", "online"]);
    expect(hooks.onDisconnect).toHaveBeenCalledTimes(1);
  });

  it("hands a fresh token to the live socket before the old one expires", async () => {
    let issued = 0;
    const { hooks, service } = start(() => (issued++, expiring("u", 2))); // 2 s each
    await until(() => service.connected);
    await until(() => refreshed.length >= 2); // at 1.6 s, then 1.6 s after that
    expect(hooks.onConnect).toHaveBeenCalledTimes(1);
    expect(hooks.onDisconnect).not.toHaveBeenCalled();
    expect(issued).toBe(3);
  });

  it("asks again later when getToken has nothing newer, and gives up on a refusal", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const first = expiring("u", 2);
    let calls = 0;
    refreshAnswer = () => ({ ok: false, error: { code: "UNAUTHORIZED", message: "no" } });
    const { service } = start(() => (++calls < 3 ? first : expiring("u", 2)));
    await until(() => service.connected);
    await until(() => refreshed.length === 1); // same token at 1.6 s: not sent; the next one is
    expect(calls).toBe(3);
    await new Promise((r) => setTimeout(r, 1500));
    expect(refreshed).toHaveLength(1); // refused: no more tries on this session
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/refresh-token failed/),
      expect.anything(),
    );
    warn.mockRestore();
  });

  it("reconnects at once after session-expired, without backing off", async () => {
    const { hooks, service } = start(() => "t");
    await until(() => service.connected);
    const [socket] = await io.of("/chat").fetchSockets();
    const cut = Date.now();
    socket!.emit("session-expired", { code: "TOKEN_EXPIRED" });
    socket!.disconnect(true);
    await until(() => hooks.onConnect.mock.calls.length === 2);
    // A plain server disconnect waits 0.5-1.5 s before the first retry.
    expect(Date.now() - cut).toBeLessThan(400);
  });

  it("goes offline on disconnect() and fails the acks in flight", async () => {
    const { statuses, service } = start(() => "t");
    await until(() => service.connected);
    const inFlight = service.request("fetch-messages", { roomId: "x" }, 10_000);
    service.disconnect();
    await expect(inFlight).rejects.toThrow();
    expect(statuses.at(-1)).toBe("offline");
    expect(service.connected).toBe(false);
  });
});
