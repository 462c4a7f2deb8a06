import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, untilReady, type ClientSocket, type Harness } from "./support.ts";

// Regression (issue 10, section 6): the `events` limit was per socket only, so one token on
// five sockets flooding join-chat got five budgets and pushed a normal client's p95 to 6.8 s.
// Tight limits keep it quick: each socket alone stays within its own 20 per 60 s.
const PER_SOCKET = 20;
const PER_USER = 30;
let h: Harness;
beforeAll(async () => {
  h = await createHarness({
    redisUrl: "redis://127.0.0.1:6379",
    rateLimits: { limits: { events: [PER_SOCKET, 60], userEvents: [PER_USER, 60] } },
  });
  await untilReady(h);
});
afterAll(() => h.close());

const joinAll = (s: ClientSocket, n: number) =>
  Promise.all(Array.from({ length: n }, () => h.call(s, "join-chat", {})));

describe("socket events limit per user", () => {
  it("gives one user's five sockets one budget between them, and serves another user", async () => {
    const sockets = await Promise.all(Array.from({ length: 5 }, () => h.connect("five-sockets")));
    const acks = (await Promise.all(sockets.map((s) => joinAll(s, PER_SOCKET)))).flat();
    const ok = acks.filter((a) => a.ok).length;
    const refused = acks.filter((a) => !a.ok);
    expect(ok).toBe(PER_USER);
    expect(refused).toHaveLength(5 * PER_SOCKET - PER_USER);
    for (const a of refused) {
      expect(a.error.code).toBe("RATE_LIMITED");
      expect(a.error.retryAfterMs).toBeGreaterThan(0);
    }
    const other = await h.connect("quiet-neighbour");
    expect((await h.call(other, "join-chat", {})).ok).toBe(true);
  });

  it("still holds one socket to its own budget, below the user's", async () => {
    const s = await h.connect("one-socket");
    const acks = await joinAll(s, PER_SOCKET + 5);
    expect(acks.filter((a) => a.ok)).toHaveLength(PER_SOCKET);
  });
});
