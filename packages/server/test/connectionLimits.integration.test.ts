import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RateLimitOptions } from "../src/transport/rateLimits.ts";
import { createHarness, untilReady, type Harness } from "./support.ts";

// Regression (issue 10, section 6): the per-IP connection limit was charged before the token
// check, so 125 tokenless connections locked a real user on that IP out; and with
// TRUST_PROXY=1 the leftmost X-Forwarded-For entry, which any client can write, was the
// address: spoofed values got fresh budgets, and a spoofed address locked out its owner.
// Tight budgets, counted in real Redis as a cluster counts them.
const BUDGET = 10;
const limits: RateLimitOptions["limits"] = { handshakes: [BUDGET, 60], authFailures: [BUDGET, 60] };
const REDIS = "redis://127.0.0.1:6379";

type Outcome = { connected: boolean; code?: string };

/** One handshake with this token (and X-Forwarded-For), and what the server answered. */
function handshake(h: Harness, token: unknown, forwardedFor?: string): Promise<Outcome> {
  const socket = io(h.server.url + "/chat", {
    auth: { token },
    transports: ["websocket"],
    reconnection: false,
    ...(forwardedFor ? { extraHeaders: { "x-forwarded-for": forwardedFor } } : {}),
  });
  return new Promise((resolve) => {
    socket.once("connect", () => {
      socket.close();
      resolve({ connected: true });
    });
    socket.once("connect_error", (err: Error & { data?: { code?: string } }) => {
      socket.close();
      resolve({ connected: false, ...(err.data?.code ? { code: err.data.code } : {}) });
    });
  });
}

const codes = (outcomes: Outcome[]) => outcomes.map((o) => o.code ?? "connected");

describe("failed attempts are charged apart from authenticated ones", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ redisUrl: REDIS, rateLimits: { limits } });
    await untilReady(h);
  });
  afterAll(() => h.close());

  it("a tokenless handshake flood from an IP does not lock out a valid token from it", async () => {
    const flood: Outcome[] = [];
    for (let i = 0; i < 3 * BUDGET; i++) flood.push(await handshake(h, undefined));
    expect(codes(flood).slice(0, BUDGET)).toEqual(Array(BUDGET).fill("UNAUTHORIZED"));
    expect(codes(flood).slice(BUDGET)).toEqual(Array(2 * BUDGET).fill("RATE_LIMITED"));
    expect(await handshake(h, await h.server.token("same-ip-user"))).toEqual({ connected: true });
  });

  it("a bad-token HTTP flood gets 429 with Retry-After, and a valid token is still served", async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 2 * BUDGET; i++) {
      const res = await fetch(`${h.server.url}/api/chat/rooms`, {
        headers: { authorization: "Bearer not-a-token" },
      });
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get("retry-after");
    }
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s !== 429 && s !== 401)).toEqual([]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    const ok = await fetch(`${h.server.url}/api/chat/rooms`, {
      headers: { authorization: `Bearer ${await h.server.token("same-ip-agent", "admin")}` },
    });
    expect(ok.status).toBe(200);
  });
});

describe("TRUST_PROXY=1: the address is the one the trusted proxy saw, not the leftmost", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({
      redisUrl: REDIS,
      trustProxy: 1,
      rateLimits: { limits },
    });
    await untilReady(h);
  });
  afterAll(() => h.close());
  // The test client plays the proxy: it appends the address it saw, as nginx's
  // $proxy_add_x_forwarded_for does, to whatever the client sent.
  const via = (sent: string, seen: string) => `${sent}, ${seen}`;

  it("spoofed leftmost values get no fresh budgets, and the spoofed owner keeps hers", async () => {
    const attacker = "203.0.113.7";
    const owner = "198.51.100.9";
    const token = await h.server.token("spoofer");
    const spoofed: Outcome[] = [];
    for (let i = 0; i < 2 * BUDGET; i++) {
      const forged = i % 2 ? owner : `10.0.${i}.1`;
      spoofed.push(await handshake(h, token, via(forged, attacker)));
    }
    expect(codes(spoofed).slice(0, BUDGET)).toEqual(Array(BUDGET).fill("connected"));
    expect(codes(spoofed).slice(BUDGET)).toEqual(Array(BUDGET).fill("RATE_LIMITED"));
    expect(await handshake(h, await h.server.token("owner"), owner)).toEqual({ connected: true });
  });

  it("HTTP and Socket.IO take the same address: failures over both share one budget", async () => {
    const client = "203.0.113.8";
    for (let i = 0; i < BUDGET; i++) {
      const res = await fetch(`${h.server.url}/api/chat/rooms`, {
        headers: { authorization: "Bearer forged", "x-forwarded-for": via(`10.1.${i}.1`, client) },
      });
      expect(res.status).toBe(401);
    }
    expect(await handshake(h, "forged", via("10.2.0.1", client))).toEqual({
      connected: false,
      code: "RATE_LIMITED",
    });
    expect(await handshake(h, "forged", "203.0.113.9")).toEqual({
      connected: false,
      code: "UNAUTHORIZED",
    });
  });
});
