/**
 * Picks black or white text for a theme colour the host chose, so a light accent never
 * ends up with unreadable white text (WCAG AA needs 4.5:1 for body text).
 * Returns null when the browser does not understand `color`.
 */
export function readableOn(color: string): string | null {
  if (!CSS.supports("color", color)) return null;
  const probe = document.createElement("i");
  probe.style.color = color;
  probe.style.display = "none";
  document.documentElement.append(probe);
  const rgb = getComputedStyle(probe)
    .color.match(/[\d.]+/g)
    ?.map(Number) ?? [0, 0, 0];
  probe.remove();
  const [r = 0, g = 0, b = 0] = rgb.map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const lum = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // Contrast with white is 1.05 / (lum + 0.05); prefer white while it passes 4.5:1.
  return 1.05 / (lum + 0.05) >= 4.5 ? "#fff" : "#111";
}
