// axe-core in the e2e tests (a pinned dev dependency of apps/web, injected into the page):
// the serious and critical violations, and any of `alsoRules` whatever their impact (e.g.
// the moderate page-has-heading-one and landmark-one-main).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Frame, Page } from "playwright-core";

const source = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** One line per violation: its id and the start of each node's HTML. */
export async function axeViolations(
  target: Page | Frame,
  options: { include?: string; exclude?: string[]; alsoRules?: string[] } = {},
): Promise<string[]> {
  await target.addScriptTag({ content: source });
  return target.evaluate(
    async ({ include, exclude, also }) => {
      type Axe = {
        run(
          context: unknown,
          options: unknown,
        ): Promise<{ violations: { id: string; impact: string; nodes: { html: string }[] }[] }>;
      };
      const context = include ? { include: [include], exclude } : { exclude };
      const { violations } = await (window as unknown as { axe: Axe }).axe.run(context, {
        resultTypes: ["violations"],
      });
      return violations
        .filter((v) => v.impact === "serious" || v.impact === "critical" || also.includes(v.id))
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.html.slice(0, 120)).join(" | ")}`);
    },
    { include: options.include, exclude: options.exclude ?? [], also: options.alsoRules ?? [] },
  );
}
