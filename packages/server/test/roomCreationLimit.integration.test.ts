// Regression (issue 10, §6): one customer opened 50 rooms in seconds with join-chat +
// close-chat cycles, each pushed to every admin. A customer's closes are now limited
// (`rooms` in RATE_LIMITS), and without a close their next join-chat opens no new room.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_LIMITS, parseRateLimits } from "../src/transport/rateLimits.ts";
import { countRooms, createHarness, openRoom, type Harness } from "./support.ts";

let h: Harness;
beforeAll(async () => {
  // Three instead of the default, read the way RATE_LIMITS is.
  h = await createHarness({ rateLimits: parseRateLimits("rooms=3/3600") });
});
afterAll(() => h.close());

describe("room creation per customer", () => {
  it("is on by default", () => {
    expect(DEFAULT_LIMITS.rooms).toEqual([10, 3600]);
  });

  it("stops join-chat + close-chat cycles once the customer's closes are spent", async () => {
    const customer = await h.connect("rl-cycler");
    const opened: string[] = [];
    for (let i = 0; i < 3; i++) {
      opened.push(await openRoom(h, customer));
      const closed = await h.call(customer, "close-chat", { roomId: opened.at(-1) });
      expect(closed).toMatchObject({ ok: true, data: { room: { status: "closed" } } });
    }
    const last = await openRoom(h, customer);
    const refused = await h.call(customer, "close-chat", { roomId: last });
    expect(refused).toMatchObject({ ok: false, error: { code: "RATE_LIMITED" } });
    expect(refused.error.retryAfterMs).toBeGreaterThan(0);

    // The refused close changed nothing: the room stays open and the next join is that room.
    expect(await openRoom(h, customer)).toBe(last);
    expect(await countRooms(h, { customerId: "rl-cycler" })).toBe(4);
    expect(new Set([...opened, last]).size).toBe(4);
  });

  it("does not count an agent's closes, nor other customers' budgets", async () => {
    const customer = await h.connect("rl-served");
    const agent = await h.connect("rl-agent", "admin");
    for (let i = 0; i < 4; i++) {
      const roomId = await openRoom(h, customer);
      expect(await h.call(agent, "close-chat", { roomId })).toMatchObject({ ok: true });
    }
    const roomId = await openRoom(h, customer);
    expect(await h.call(customer, "close-chat", { roomId })).toMatchObject({ ok: true });
    expect(await countRooms(h, { customerId: "rl-served" })).toBe(5);
  });
});
