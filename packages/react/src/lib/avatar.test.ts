import { describe, expect, it } from "vitest";
import { AVATAR_COLORS, avatarColor } from "./avatar.ts";

/** WCAG 2 contrast ratio of two `#rrggbb` colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe("avatarColor", () => {
  it("gives white initials at least 4.5:1 on every colour", () => {
    for (const color of AVATAR_COLORS) {
      expect(contrast(color, "#ffffff"), color).toBeGreaterThanOrEqual(4.5);
    }
  });

  it("is the same for the same id, and spreads ids over the colours", () => {
    expect(avatarColor("agent-grace")).toBe(avatarColor("agent-grace"));
    const used = new Set(Array.from({ length: 200 }, (_, i) => avatarColor(`agent-${i}`)));
    expect(used.size).toBe(AVATAR_COLORS.length);
    expect(AVATAR_COLORS).toContain(avatarColor(""));
  });
});
