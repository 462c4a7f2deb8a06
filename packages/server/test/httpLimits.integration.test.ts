import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_DEVICES_PER_USER } from "../src/persistence/uploadRepository.ts";
import { createHarness, untilReady, openRoom, type Harness } from "./support.ts";

// Regression (issue 10, section 6): 2,000 GET /rooms/:id/messages from one customer were all
// answered and slowed every other client; 500 POST /devices stored 500 rows for one user.
// Counted in real Redis as a cluster counts them; a budget of 50 in a window of 60 s, so that
// a slow machine cannot see the window refill mid-flood (the defaults' own figures are checked
// in rateLimits.test.ts).
const BUDGET = 50;
let h: Harness;
beforeAll(async () => {
  h = await createHarness({
    redisUrl: "redis://127.0.0.1:6379",
    rateLimits: { limits: { http: [BUDGET, 60] } },
  });
  await untilReady(h);
});
afterAll(() => h.close());

const get = (path: string, token: string) =>
  fetch(h.server.url + path, { headers: { authorization: `Bearer ${token}` } });

/** Runs `count` calls of `fn`, `width` at a time, and resolves with their answers in order. */
async function flood<T>(count: number, width: number, fn: (i: number) => Promise<T>) {
  const out: T[] = [];
  for (let i = 0; i < count; i += width) {
    const batch = Array.from({ length: Math.min(width, count - i) }, (_, j) => fn(i + j));
    out.push(...(await Promise.all(batch)));
  }
  return out;
}

describe("HTTP rate limit per user", () => {
  it("answers a flood of message fetches 429 RATE_LIMITED with Retry-After, while another user is served", async () => {
    const flooder = await h.connect("http-flooder");
    const roomId = await openRoom(h, flooder);
    const token = await h.server.token("http-flooder");
    const answers = await flood(BUDGET + 30, 20, async () => {
      const res = await get(`/api/chat/rooms/${roomId}/messages?limit=50`, token);
      const body = (await res.json()) as { error?: { code: string; retryAfterMs?: number } };
      return { status: res.status, retryAfter: res.headers.get("retry-after"), body };
    });
    const limited = answers.filter((a) => a.status === 429);
    // openRoom was a socket event, not a request: the whole budget is the flood's.
    expect(answers.filter((a) => a.status === 200)).toHaveLength(BUDGET);
    expect(limited).toHaveLength(30);
    for (const a of limited) {
      expect(a.body.error?.code).toBe("RATE_LIMITED");
      expect(Number(a.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(a.retryAfter)).toBeLessThanOrEqual(60);
    }
    expect(answers.every((a) => a.status === 200 || a.status === 429)).toBe(true);

    const other = await h.connect("http-bystander");
    const otherRoom = await openRoom(h, other);
    const res = await get(
      `/api/chat/rooms/${otherRoom}/messages`,
      await h.server.token("http-bystander"),
    );
    expect(res.status).toBe(200);
  });
});

describe("POST /api/chat/devices", () => {
  it(`keeps a user's ${MAX_DEVICES_PER_USER} newest devices: registering one more replaces the oldest`, async () => {
    const token = await h.server.token("many-devices");
    const register = (i: number) =>
      fetch(`${h.server.url}/api/chat/devices`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ token: `device-${i}`, platform: "android" }),
      });
    const extra = 5;
    for (let i = 0; i < MAX_DEVICES_PER_USER + extra; i++)
      expect((await register(i)).status).toBe(201);
    const kept = await h.db
      .collection("chat_devices")
      .find({ userId: "many-devices" })
      .map((d) => d.token as string)
      .toArray();
    expect(kept.sort()).toEqual(
      Array.from({ length: MAX_DEVICES_PER_USER }, (_, i) => `device-${i + extra}`).sort(),
    );
    // Re-registering a kept device refreshes it rather than adding a row.
    expect((await register(extra)).status).toBe(201);
    expect(await h.db.collection("chat_devices").countDocuments({ userId: "many-devices" })).toBe(
      MAX_DEVICES_PER_USER,
    );
  });
});
