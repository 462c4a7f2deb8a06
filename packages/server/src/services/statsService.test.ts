import { describe, expect, it } from "vitest";
import type { Identity } from "../auth/tokens.ts";
import type { MessageRepository } from "../persistence/messageRepository.ts";
import type { RoomRepository } from "../persistence/roomRepository.ts";
import { STATS_CACHE_MS, StatsService } from "./statsService.ts";

const admin: Identity = { userId: "a1", role: "admin" };

/** A StatsService over counting fakes, with a clock the test moves. */
function setup() {
  let now = Date.parse("2026-12-01T10:00:00Z");
  const calls = { users: 0, messages: 0 };
  let failNext = false;
  const service = new StatsService({
    clock: () => new Date(now),
    rooms: { countOpen: async () => 3, ratingsSince: async () => [] } as unknown as RoomRepository,
    messages: {
      countSince: async () => {
        calls.messages++;
        if (failNext) {
          failNext = false;
          throw new Error("database away");
        }
        return 7;
      },
    } as unknown as MessageRepository,
    sources: {
      connectedUsers: async () => ({ customers: ++calls.users, agents: 1 }),
      deliveryP95Ms: async () => null,
    },
  });
  return {
    service,
    calls,
    advance: (ms: number) => (now += ms),
    failOnce: () => (failNext = true),
  };
}

describe("StatsService", () => {
  it("answers every dashboard from one computation for STATS_CACHE_MS", async () => {
    const { service, calls, advance } = setup();
    const first = await Promise.all(Array.from({ length: 50 }, () => service.stats(admin)));
    expect(calls).toEqual({ users: 1, messages: 1 });
    expect(new Set(first.map((s) => s.connectedCustomers))).toEqual(new Set([1]));
    advance(STATS_CACHE_MS - 1);
    expect((await service.stats(admin)).connectedCustomers).toBe(1);
    advance(1);
    const fresh = await service.stats(admin);
    expect(fresh.connectedCustomers).toBe(2);
    expect(fresh.at).toBe(new Date(Date.parse("2026-12-01T10:00:02Z")).toISOString());
  });

  it("does not keep a failure", async () => {
    const { service, calls, failOnce } = setup();
    failOnce();
    await expect(service.stats(admin)).rejects.toThrow("database away");
    expect((await service.stats(admin)).messagesLastMinute).toBe(7);
    expect(calls.messages).toBe(2);
  });

  it("refuses customers, cached figures or not", async () => {
    const { service } = setup();
    await service.stats(admin);
    await expect(service.stats({ userId: "c1", role: "customer" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });
});
