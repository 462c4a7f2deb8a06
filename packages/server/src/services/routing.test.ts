import { describe, expect, it } from "vitest";
import type { AgentRecord } from "../persistence/agentRepository.ts";
import { pick } from "./routing.ts";

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
