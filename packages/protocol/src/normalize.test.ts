import { describe, expect, it } from "vitest";
import { LIMITS } from "./limits.ts";
import { codePointLength, normalizeContent, normalizeName } from "./normalize.ts";

describe("normalizeContent", () => {
  it.each([
    ["composes to NFC", "e\u0301", "\u00e9"],
    ["removes NUL and other C0 controls", "a\u0000b\u0007c\u001b", "abc"],
    ["removes C1 controls and DEL", "a\u0085b\u007f", "ab"],
    ["keeps newline and tab, drops carriage return", "a\r\n\tb", "a\n\tb"],
    ["trims", " \n hi \t\n", "hi"],
    ["replaces a lone surrogate", "a\ud800b", "a\ufffdb"],
    ["keeps emoji sequences and RTL marks as text", "👩‍👩‍👧 \u202e", "👩‍👩‍👧 \u202e"],
    ["keeps HTML as text", "<script>alert(1)</script>", "<script>alert(1)</script>"],
  ])("%s", (_name, input, output) => {
    expect(normalizeContent(input)).toBe(output);
  });

  it("counts code points", () => {
    expect(codePointLength("a😀")).toBe(2);
  });
});

describe("normalizeName", () => {
  it.each([
    ["normalises like content", " e\u0301\u0000va ", "\u00e9va"],
    ["makes one line of it", "Dana\r\n\t Demo", "Dana Demo"],
    ["is null when nothing is left", " \u0000\n\u0085 ", null],
  ])("%s", (_name, input, output) => {
    expect(normalizeName(input)).toBe(output);
  });

  it("cuts a long name to LIMITS.nameMaxCodePoints code points, not UTF-16 units", () => {
    expect(normalizeName("😀".repeat(700_000))).toBe("😀".repeat(LIMITS.nameMaxCodePoints));
    expect(normalizeName("a".repeat(99) + " b")).toBe("a".repeat(99));
  });
});
