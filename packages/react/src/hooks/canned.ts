import type { CannedResponse } from "@switchboard/protocol";

/** What the placeholders of a canned response are filled with. */
export interface CannedContext {
  /** The customer's name; null when unknown (the placeholder reads "there"). */
  customerName: string | null | undefined;
  /** The agent's name; null when unknown (the placeholder is dropped). */
  agentName: string | null | undefined;
}

/**
 * A canned response's text with its placeholders filled: `{{customer.name}}` (spaces inside
 * the braces allowed, any case) by the customer's name, or "there" when the chat does not
 * know it ("Hi there,"); `{{agent.name}}` by the agent's. Other `{{...}}` stay as written.
 *
 * @example
 * ```ts
 * fillCanned("Hi {{customer.name}}, I'm {{agent.name}}.", { customerName: "Dana", agentName: "Ana" });
 * // "Hi Dana, I'm Ana."
 * ```
 */
export function fillCanned(content: string, context: CannedContext): string {
  return content.replace(/\{\{\s*(customer|agent)\.name\s*\}\}/gi, (_, who: string) =>
    who.toLowerCase() === "customer"
      ? context.customerName?.trim() || "there"
      : (context.agentName?.trim() ?? ""),
  );
}

/**
 * The text typed after a `/` at the very start of the composer (the picker's filter), or
 * null when the field does not start with one. Only the first line counts.
 *
 * @example
 * ```ts
 * slashQuery("/ref"); // "ref"
 * slashQuery("see /ref"); // null
 * ```
 */
export function slashQuery(value: string): string | null {
  if (!value.startsWith("/")) return null;
  const line = value.slice(1).split("\n", 1)[0] ?? "";
  return line;
}

/**
 * The canned responses matching `query`: shortcodes that start with it first, then those
 * whose shortcode or title holds it, then those whose text does; ignoring case. An empty
 * query lists them all (by shortcode, as given).
 *
 * @example
 * ```ts
 * matchCanned(responses, "ref"); // [refund, ...]
 * ```
 */
export function matchCanned(responses: readonly CannedResponse[], query: string): CannedResponse[] {
  const q = query.trim().toLowerCase();
  if (!q) return [...responses];
  const rank = (c: CannedResponse) => {
    if (c.shortcode.startsWith(q)) return 0;
    if (c.shortcode.includes(q) || c.title.toLowerCase().includes(q)) return 1;
    if (c.content.toLowerCase().includes(q)) return 2;
    return 3;
  };
  return responses
    .map((c) => ({ c, r: rank(c) }))
    .filter(({ r }) => r < 3)
    .sort((a, b) => a.r - b.r)
    .map(({ c }) => c);
}
