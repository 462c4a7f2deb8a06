import { describe, expect, it } from "vitest";
import { labelProblem, normalizeLabel } from "./labels.ts";

describe("labels as the contract takes them", () => {
  it("normalises what was typed: trimmed, lower case, dashes for spaces", () => {
    expect(normalizeLabel("  Refund  Abuse ")).toBe("refund-abuse");
    expect(normalizeLabel("VIP")).toBe("vip");
  });

  it("refuses what the server would: characters, length, duplicates, more than 10", () => {
    expect(labelProblem("", [])).toBe("Type a label first.");
    expect(labelProblem("ok_1-2", [])).toBeNull();
    expect(labelProblem("café", [])).toMatch(/a–z, 0–9/);
    expect(labelProblem("x".repeat(33), [])).toMatch(/1 to 32/);
    expect(labelProblem("x".repeat(32), [])).toBeNull();
    expect(labelProblem("vip", ["vip"])).toBe("“vip” is already on this conversation.");
    const ten = Array.from({ length: 10 }, (_, i) => `l${i}`);
    expect(labelProblem("new", ten)).toBe("A conversation holds at most 10 labels.");
  });
});
