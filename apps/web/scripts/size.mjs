#!/usr/bin/env node
/**
 * Prints the transfer sizes of what a visitor downloads: the loader every host page includes
 * (dist/widget.js, budget 60 KiB gzip) and the chat frame's JavaScript and CSS (every file
 * dist/widget.html loads or preloads), plus the agent page for comparison. `br` is the
 * brotli file the build wrote next to each (what the server sends to today's browsers).
 * Run after `npm run build -w apps/web`:  node apps/web/scripts/size.mjs [--json]
 * Exits 1 when widget.js is over budget.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const dist = fileURLToPath(new URL("../dist/", import.meta.url));
const LOADER_BUDGET = 60 * 1024;

const read = (file) => readFileSync(dist + file);
const measure = (file) => {
  const bytes = read(file);
  const br = existsSync(dist + file + ".br") ? read(file + ".br").length : bytes.length;
  return { file, raw: bytes.length, gzip: gzipSync(bytes).length, br };
};

/** The assets an HTML entry pulls in: its module script, modulepreloads and stylesheets. */
function assetsOf(html) {
  const text = read(html).toString("utf8");
  const urls = [...text.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="\/([^"]+\.(?:js|css))"/g)];
  return [...new Set(urls.map((m) => m[1]))];
}

function page(html) {
  const files = assetsOf(html).map(measure);
  const total = (ext) => {
    const list = files.filter((f) => f.file.endsWith(ext));
    return { raw: sum(list, "raw"), gzip: sum(list, "gzip"), br: sum(list, "br"), files: list };
  };
  return { js: total(".js"), css: total(".css") };
}

const sum = (list, key) => list.reduce((n, f) => n + f[key], 0);
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;

const report = {
  loader: measure("widget.js"),
  widgetFrame: page("widget.html"),
  agent: page("agent.html"),
};

if (process.argv.includes("--json")) {
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
} else {
  const line = (label, s) =>
    `${label.padEnd(40)}${kib(s.raw).padStart(11)} raw ${kib(s.gzip).padStart(10)} gzip ${kib(s.br).padStart(10)} br\n`;
  let out = line("widget.js (loader, every page)", report.loader);
  out += line("widget.html frame JS (total)", report.widgetFrame.js);
  for (const f of report.widgetFrame.js.files) out += line(`  ${f.file}`, f);
  out += line("widget.html frame CSS", report.widgetFrame.css);
  out += line("agent.html JS (total)", report.agent.js);
  out += line("agent.html CSS", report.agent.css);
  out += `loader budget ${kib(LOADER_BUDGET)} gzip: ${report.loader.gzip <= LOADER_BUDGET ? "ok" : "OVER"}\n`;
  process.stdout.write(out);
}
if (report.loader.gzip > LOADER_BUDGET) process.exitCode = 1;
