import { describe, expect, it } from "vitest";
import { formatAge } from "./formatAge.ts";

describe("formatAge", () => {
  it("is compact", () => {
    const now = Date.parse("2025-01-02T00:00:00.000Z");
    const ago = (ms: number) => new Date(now - ms).toISOString();
    expect(
      [0, 5 * 60_000, 3 * 3_600_000, 2 * 86_400_000].map((ms) => formatAge(ago(ms), now)),
    ).toEqual(["now", "5m", "3h", "2d"]);
  });
});
