import { LIMITS } from "./limits.ts";

/**
 * Normalises message text the way the server stores it: well-formed UTF-16 (a lone
 * surrogate becomes U+FFFD), Unicode NFC, control characters other than newline and tab
 * removed (so `\r\n` becomes `\n`), then trimmed.
 *
 * @example
 * ```ts
 * normalizeContent("  e\u0301\u0000 \r\n") // "é"
 * ```
 */
export function normalizeContent(raw: string): string {
  return raw
    .toWellFormed()
    .normalize("NFC")
    .replace(/[^\P{Cc}\n\t]/gu, "")
    .trim();
}

/**
 * Length in Unicode code points, the unit of the 4000 limit.
 *
 * @example
 * ```ts
 * codePointLength("👋") // 1
 * ```
 */
export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/**
 * A display name (a token's `name` claim) as the server keeps it: normalised like content
 * ({@link normalizeContent}), with newlines and tabs turned into single spaces (a name is one
 * line), then cut to `LIMITS.nameMaxCodePoints` (100) code points. `null` when nothing is left.
 *
 * @example
 * ```ts
 * normalizeName("  Dana\n Demo ") // "Dana Demo"
 * normalizeName("x".repeat(500)).length // 100
 * normalizeName(" \u0000 ") // null
 * ```
 */
export function normalizeName(raw: string): string | null {
  const line = normalizeContent(raw).replace(/\s*[\n\t]\s*/g, " ");
  let cut = "";
  let n = 0;
  for (const ch of line) {
    if (n++ === LIMITS.nameMaxCodePoints) break;
    cut += ch;
  }
  return cut.trimEnd() || null;
}
