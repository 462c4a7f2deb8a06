import { accentTextOn, readableOn } from "@switchboard/widget";

/**
 * Themes the frame with a colour (the host's, else the server's `WIDGET_COLOR`): the accent,
 * a readable text colour on it (WCAG AA) and the accent as text on white where it is dark
 * enough. False when the browser does not understand the colour.
 */
export function applyAccent(accent: string): boolean {
  const onAccent = readableOn(accent);
  if (!onAccent) return false;
  const style = document.documentElement.style;
  style.setProperty("--sb-accent", accent);
  style.setProperty("--sb-on-accent", onAccent);
  style.setProperty("--sb-accent-text", accentTextOn(accent) ?? accent);
  return true;
}
