/**
 * Text colours that stay readable on whatever theme colour a host picks (WCAG 2.x AA: 4.5:1
 * for body text). The arithmetic is pure (unit-tested); `readableOn` and `accentTextOn` only
 * ask the browser to turn any CSS colour into RGB first.
 */

/** Red, green and blue, 0 to 255. */
export type Rgb = readonly [number, number, number];

/** Dark text: the widget's own text colour. */
export const DARK_TEXT = "#1b1f24";
const DARK: Rgb = [0x1b, 0x1f, 0x24];
const WHITE: Rgb = [255, 255, 255];

/** `#rgb` or `#rrggbb` as RGB; null for anything else. */
export function parseHex(hex: string): Rgb | null {
  const m = /^#?([\da-f]{3}|[\da-f]{6})$/i.exec(hex.trim());
  if (!m) return null;
  const h = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join("") : m[1]!;
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as unknown as Rgb;
}

/** WCAG relative luminance, 0 (black) to 1 (white). */
export function luminance([r, g, b]: Rgb): number {
  const [lr, lg, lb] = [r, g, b].map((v) => {
    const c = v / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * lr + 0.7152 * lg + 0.0722 * lb;
}

/** WCAG contrast ratio of two colours, 1 to 21. */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * White text on `background` while it reaches 4.5:1 (as brand colours usually want), else
 * the widget's dark text, else black: for any colour, white or black reaches 4.58:1 at least.
 */
export function textOn(background: Rgb): string {
  if (contrastRatio(background, WHITE) >= 4.5) return "#fff";
  return contrastRatio(background, DARK) >= 4.5 ? DARK_TEXT : "#000";
}

/** The colour itself as text on white when it reaches 4.5:1 there, else dark text. */
export function accentTextFor(color: Rgb, css: string): string {
  return contrastRatio(color, WHITE) >= 4.5 ? css : DARK_TEXT;
}

/** Any CSS colour the browser understands, as RGB; null when it does not. */
export function toRgb(color: string): Rgb | null {
  const hex = parseHex(color);
  if (hex) return hex;
  if (typeof CSS === "undefined" || !CSS.supports("color", color)) return null;
  const probe = document.createElement("i");
  probe.style.color = color;
  probe.style.display = "none";
  document.documentElement.append(probe);
  const rgb = getComputedStyle(probe)
    .color.match(/[\d.]+/g)
    ?.map(Number) ?? [0, 0, 0];
  probe.remove();
  return [rgb[0] ?? 0, rgb[1] ?? 0, rgb[2] ?? 0];
}

/**
 * Picks white or dark text for a theme colour the host chose, so that a light accent never
 * ends up with unreadable white text. Returns null when the browser does not understand
 * `color`.
 */
export function readableOn(color: string): string | null {
  const rgb = toRgb(color);
  return rgb ? textOn(rgb) : null;
}

/** The accent as a text colour on white (the "Seen" receipt), or dark text when too light. */
export function accentTextOn(color: string): string | null {
  const rgb = toRgb(color);
  return rgb ? accentTextFor(rgb, color) : null;
}
