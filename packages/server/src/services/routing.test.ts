import { describe, expect, it } from "vitest";
import type { AgentRecord } from "../persistence/agentRepository.ts";
import { pick, Router, type RouterDeps } from "./routing.ts";

const agent = (agentId: string, lastRoutedAt: number | null = null): AgentRecord => ({
  agentId,
  name: null,
  availability: "online",
  lastRoutedAt: lastRoutedAt === null ? null : new Date(lastRoutedAt),
});

describe("routing's pick", () => {
  it("takes the fewest open rooms below capacity", () => {
    const load = new Map([
      ["a", 3],
      ["b", 1],
      ["c", 2],
    ]);
    expect(pick([agent("a"), agent("b"), agent("c")], load, 5)?.agentId).toBe("b");
  });

  it("skips agents at capacity, and answers null when all are", () => {
    const load = new Map([
      ["a", 2],
      ["b", 2],
    ]);
    expect(pick([agent("a"), agent("b"), agent("c")], load, 2)?.agentId).toBe("c");
    expect(pick([agent("a"), agent("b")], load, 2)).toBeNull();
    expect(pick([], new Map(), 5)).toBeNull();
  });

  it("breaks ties by the longest wait since the last routed room, never routed first", () => {
    const load = new Map<string, number>();
    expect(pick([agent("a", 2000), agent("b", 1000)], load, 5)?.agentId).toBe("b");
    expect(pick([agent("a", 2000), agent("b", null)], load, 5)?.agentId).toBe("b");
    expect(pick([agent("b"), agent("a")], load, 5)?.agentId).toBe("a"); // then by id
  });
});

describe("a routing run", () => {
  /** A router over fakes: two waiting rooms, agents as given; what it read and assigned. */
  function router(opts: {
    online: string[];
    load?: Record<string, number>;
    failRoom?: string;
    abortAfterFirst?: boolean;
  }) {
    const reads: string[] = [];
    const assigned: string[] = [];
    const controller = new AbortController();
    const deps = {
      agents: {
        list: async () => (reads.push("agents"), [agent("a"), agent("b")]),
        routed: async () => {},
      },
      presence: { connectedAgentIds: async () => (reads.push("presence"), opts.online) },
      rooms: {
        openRoomsByAgent: async () => (
          reads.push("load"),
          new Map(Object.entries(opts.load ?? {}))
        ),
        waiting: async () => (reads.push("waiting"), [{ id: "r1" }, { id: "r2" }]),
      },
      lock: {
        withRoom: async (key: string, fn: (signal: AbortSignal, ours: boolean) => unknown) => {
          if (key === opts.failRoom) throw new Error("lock lost");
          return fn(controller.signal, true);
        },
      },
      activities: {
        record: async (roomId: string) => {
          assigned.push(roomId);
          if (opts.abortAfterFirst) controller.abort();
          return { written: { message: {}, room: {} }, state: {} };
        },
      },
      announce: () => {},
      clock: () => new Date(),
      logger: { warn: () => {} },
    };
    const r = new Router(deps as unknown as RouterDeps, { enabled: true, capacity: 1 });
    return { r, reads, assigned };
  }

  it("reads no room when no agent is online, or all are full", async () => {
    const nobody = router({ online: [] });
    nobody.r.kick();
    await nobody.r.idle();
    expect(nobody.reads.sort()).toEqual(["agents", "presence"]);
    const full = router({ online: ["a", "b"], load: { a: 1, b: 1 } });
    full.r.kick();
    await full.r.idle();
    expect(full.reads).not.toContain("waiting");
    expect(full.assigned).toEqual([]);
  });

  it("goes on past a room that fails, and stops when it loses the routing lock", async () => {
    const failing = router({ online: ["a", "b"], failRoom: "r1" });
    failing.r.kick();
    await failing.r.idle();
    expect(failing.assigned).toEqual(["r2"]);
    const aborted = router({ online: ["a", "b"], abortAfterFirst: true });
    aborted.r.kick();
    await aborted.r.idle();
    expect(aborted.assigned).toEqual(["r1"]);
  });
});
