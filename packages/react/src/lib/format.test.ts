import { describe, expect, it } from "vitest";
import { formatDay, initials } from "./format.ts";

describe("initials", () => {
  it.each([
    ["Acme Support", "AS"],
    ["Ana Lima", "AL"],
    ["visitor-4dc5ca", "VI"],
    ["agent_ana.lima", "AA"],
    ["42", "42"],
    ["  ", "?"],
    ["Élodie Ørsted", "ÉØ"],
  ])("%s -> %s", (name, letters) => {
    expect(initials(name)).toBe(letters);
  });
});

describe("formatDay", () => {
  it("names today and yesterday, and dates the rest", () => {
    const now = new Date(2025, 2, 12, 15, 0);
    expect(formatDay(new Date(2025, 2, 12, 0, 5).toISOString(), now)).toBe("Today");
    expect(formatDay(new Date(2025, 2, 11, 23, 55).toISOString(), now)).toBe("Yesterday");
    expect(formatDay(new Date(2025, 2, 3, 12, 0).toISOString(), now)).not.toMatch(
      /Today|Yesterday/,
    );
  });
});
