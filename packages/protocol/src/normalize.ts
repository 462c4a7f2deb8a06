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
