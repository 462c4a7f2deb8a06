import { describe, expect, it } from "vitest";
import type { AgentRepository } from "../persistence/agentRepository.ts";
import { DEFAULT_WIDGET_SETTINGS, WidgetConfigService } from "./widgetConfigService.ts";

/** A WidgetConfigService over a presence the test sets, with a clock that stands still. */
function setup() {
  let connected: string[] = [];
  let reads = 0;
  /** Resolves the read in flight, when the test holds it. */
  let hold: Promise<void> | null = null;
  const service = new WidgetConfigService({
    settings: DEFAULT_WIDGET_SETTINGS,
    agents: { list: async () => [] } as unknown as AgentRepository,
    presence: {
      connectedAgentIds: async () => {
        reads++;
        const now = connected;
        await hold;
        return now;
      },
    },
    clock: () => new Date("2026-12-01T10:00:00Z"),
  });
  return {
    service,
    reads: () => reads,
    setConnected: (ids: string[]) => (connected = ids),
    holdReads: () => {
      let release!: () => void;
      hold = new Promise((r) => (release = r));
      return () => {
        hold = null;
        release();
      };
    },
  };
}

describe("WidgetConfigService", () => {
  it("reuses an answer within 2 s of the same clock", async () => {
    const t = setup();
    expect((await t.service.config()).open).toBe(false);
    t.setConnected(["a1"]);
    expect((await t.service.config()).open).toBe(false);
    expect(t.reads()).toBe(1);
  });

  it("reads afresh after forget: an agent who connected shows at once", async () => {
    const t = setup();
    expect((await t.service.config()).open).toBe(false);
    t.setConnected(["a1"]);
    t.service.forget();
    expect(await t.service.config()).toMatchObject({ open: true, agentsOnline: 1 });
    expect(t.reads()).toBe(2);
    t.setConnected([]);
    expect((await t.service.config()).open).toBe(true); // reused again after the fresh read
    expect(t.reads()).toBe(2);
  });

  it("requests that arrive during a read share it: one read, not one per request", async () => {
    const t = setup();
    const release = t.holdReads();
    const answers = Promise.all([t.service.config(), t.service.config(), t.service.config()]);
    release();
    expect((await answers).map((a) => a.open)).toEqual([false, false, false]);
    expect(t.reads()).toBe(1);
  });

  it("does not keep an answer read before a forget", async () => {
    const t = setup();
    const release = t.holdReads();
    const before = t.service.config(); // reads "nobody" and waits
    await Promise.resolve();
    t.setConnected(["a1"]);
    t.service.forget();
    release();
    expect((await before).open).toBe(false);
    expect((await t.service.config()).open).toBe(true);
    expect(t.reads()).toBe(2);
    expect((await t.service.config()).open).toBe(true);
    expect(t.reads()).toBe(2);
  });
});
