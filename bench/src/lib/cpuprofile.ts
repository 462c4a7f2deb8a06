// Sums the self time of a V8 .cpuprofile (node --cpu-prof) by function and by package.
// CLI: node --conditions=@switchboard/source --import tsx bench/src/lib/cpuprofile.ts <file> [top]
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
}

/** A time window in microseconds of CLOCK_MONOTONIC (process.hrtime), as V8 stamps samples. */
export interface Window {
  fromUs: number;
  toUs: number;
}

export interface SelfTime {
  name: string;
  ms: number;
  pct: number;
}

/** Where a script belongs: an npm package, a workspace package, Node itself, or V8's own. */
export function owner(url: string, fn: string): string {
  if (!url) return fn.startsWith("(") ? fn : "(native)";
  if (url.startsWith("node:")) return "node internals";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const ws = /\/(packages|apps|bench)\/([^/]+)\//.exec(url);
  if (ws) return `${ws[1]}/${ws[2]}`;
  return url;
}

export function summarizeProfile(p: Profile, top = 15, window?: Window) {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const fn = new Map<string, number>();
  const pkg = new Map<string, number>();
  let total = 0;
  let at = p.startTime;
  p.samples.forEach((id, i) => {
    const node = byId.get(id);
    at += p.timeDeltas[i] ?? 0;
    if (window && (at < window.fromUs || at > window.toUs)) return;
    const dt = (p.timeDeltas[i] ?? 0) / 1000; // us -> ms
    if (!node || dt < 0) return;
    total += dt;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace(/^file:\/\/.*?\/(node_modules|packages|bench)\//, "$1/");
    const key =
      `${functionName || "(anonymous)"} ${file ? `${file}:${lineNumber + 1}` : ""}`.trim();
    fn.set(key, (fn.get(key) ?? 0) + dt);
    const o = owner(url, functionName);
    pkg.set(o, (pkg.get(o) ?? 0) + dt);
  });
  const rank = (m: Map<string, number>): SelfTime[] =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({
        name,
        ms: Math.round(ms),
        pct: Math.round((1000 * ms) / total) / 10,
      }));
  return { totalMs: Math.round(total), functions: rank(fn), packages: rank(pkg) };
}

export const readProfile = (file: string, window?: Window) =>
  summarizeProfile(JSON.parse(readFileSync(file, "utf8")) as Profile, 15, window);

/** Now, on the clock V8 stamps profile samples with. */
export const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [file, top] = process.argv.slice(2);
  if (!file) throw new Error("usage: cpuprofile.ts <file.cpuprofile> [top]");
  const s = summarizeProfile(JSON.parse(readFileSync(file, "utf8")) as Profile, Number(top ?? 20));
  console.log(`total sampled: ${s.totalMs} ms`);
  console.table(s.packages);
  console.table(s.functions);
}
