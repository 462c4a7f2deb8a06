import { describe, expect, it } from "vitest";
import { stampAfter } from "./stamp.ts";

describe("stampAfter", () => {
  const last = "2026-12-04T10:00:02.000Z";

  it("is now when now is after the room's newest message", () => {
    const now = new Date("2026-12-04T10:00:03.000Z");
    expect(stampAfter(now, last)).toBe(now);
    expect(stampAfter(now, null)).toBe(now);
  });

  it("is 1 ms after the newest message when this node's clock is behind", () => {
    const behind = new Date("2026-12-04T10:00:01.000Z");
    expect(stampAfter(behind, last).toISOString()).toBe("2026-12-04T10:00:02.001Z");
    expect(stampAfter(new Date(last), last).toISOString()).toBe("2026-12-04T10:00:02.001Z");
  });
});
