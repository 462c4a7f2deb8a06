import { describe, expect, inject, it } from "vitest";
import { runDrill } from "./webhookDrill.ts";

// The webhook fault drill, small (bench/ runs it large): 500s, the receiver down, the server
// SIGKILLed mid-flood and restarted; every event received at least once, in each room's order,
// signed, duplicates only as resends of the same id, notes never sent.
describe("webhook fault drill", () => {
  it("loses nothing across 500s, a receiver outage and a SIGKILL", async () => {
    const r = await runDrill({ mongoUri: inject("mongoUri"), rooms: 4, before: 15, after: 3 });
    expect(r).toMatchObject({
      lost: 0,
      outOfOrder: 0,
      unknown: 0,
      badSignatures: 0,
      notesSeen: 0,
      ackedMissing: 0,
    });
    expect(r.delivered).toBe(r.expected);
    expect(r.refused).toBeGreaterThanOrEqual(5);
    console.log(`webhook drill: ${JSON.stringify(r)}`);
  }, 120_000);
});
