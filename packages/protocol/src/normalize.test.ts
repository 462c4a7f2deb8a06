import { describe, expect, it } from "vitest";
import { codePointLength, normalizeContent } from "./normalize.ts";

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
