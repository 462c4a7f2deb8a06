// The contrast arithmetic: whatever accent a host picks, the text on it reaches WCAG AA
// (4.5:1), and the accent is used as text on white only where it reaches it there.
import { describe, expect, it } from "vitest";
import { accentTextFor, contrastRatio, DARK_TEXT, parseHex, textOn, type Rgb } from "./color.ts";

const WHITE: Rgb = [255, 255, 255];
const rgb = (hex: string) => parseHex(hex)!;

describe("contrastRatio", () => {
  it("is WCAG's: 21 for black on white, 1 for a colour on itself, symmetric", () => {
    expect(contrastRatio([0, 0, 0], WHITE)).toBeCloseTo(21, 5);
    expect(contrastRatio(rgb("#2457e6"), rgb("#2457e6"))).toBe(1);
    expect(contrastRatio(rgb("#767676"), WHITE)).toBeCloseTo(4.54, 2);
    expect(contrastRatio(WHITE, rgb("#767676"))).toBeCloseTo(4.54, 2);
  });
});

describe("textOn", () => {
  it.each([
    ["yellow", "#ffd400", DARK_TEXT],
    ["pure yellow", "#ffff00", DARK_TEXT],
    ["dark blue", "#0b1f4d", "#fff"],
    ["the default blue", "#2457e6", "#fff"],
    ["indigo (server default)", "#4f46e5", "#fff"],
    ["light grey", "#e3e6ea", DARK_TEXT],
    ["mid orange", "#f97316", DARK_TEXT],
    ["green", "#16a34a", DARK_TEXT],
    ["black", "#000", "#fff"],
    ["white", "#fff", DARK_TEXT],
  ])("%s %s takes %s, at 4.5:1 or more", (_name, hex, expected) => {
    const text = textOn(rgb(hex));
    expect(text).toBe(expected);
    expect(contrastRatio(rgb(hex), rgb(text))).toBeGreaterThanOrEqual(4.5);
  });

  it("reaches 4.5:1 on every colour of a coarse sweep of the RGB cube", () => {
    const worst: number[] = [];
    for (let r = 0; r <= 255; r += 17)
      for (let g = 0; g <= 255; g += 17)
        for (let b = 0; b <= 255; b += 17) {
          const bg: Rgb = [r, g, b];
          worst.push(contrastRatio(bg, rgb(textOn(bg))));
        }
    expect(Math.min(...worst)).toBeGreaterThanOrEqual(4.5);
  });
});

describe("accentTextFor", () => {
  it("keeps a dark accent as text on white and replaces a light one", () => {
    expect(accentTextFor(rgb("#0b1f4d"), "#0b1f4d")).toBe("#0b1f4d");
    expect(accentTextFor(rgb("#ffd400"), "#ffd400")).toBe(DARK_TEXT);
  });
});

describe("parseHex", () => {
  it("reads #rgb and #rrggbb, and nothing else", () => {
    expect(parseHex("#abc")).toEqual([0xaa, 0xbb, 0xcc]);
    expect(parseHex("#4F46E5")).toEqual([0x4f, 0x46, 0xe5]);
    expect(parseHex("rebeccapurple")).toBeNull();
  });
});
