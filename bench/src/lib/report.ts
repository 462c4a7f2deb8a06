// Output of a scenario: a console table, bench/results/<scenario>.json and an SVG chart
// rendered with vega (headless, renderer "none").
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import * as vega from "vega";
import { repoRoot } from "./processes.ts";

export const resultsDir = path.join(repoRoot, "bench", "results");

/** Results on FerretDB's PostgreSQL backend are kept apart: `<scenario>-postgresql.json`. */
const suffix = process.env.FERRETDB_POSTGRESQL_URL && !process.env.MONGODB_URI ? "-postgresql" : "";

/** Where this run's results of `name` go (and where the last run's are read from). */
export const resultFile = (name: string) => path.join(resultsDir, `${name}${suffix}.json`);

export function machine() {
  return {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? "unknown",
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  };
}

/** Writes bench/results/<name>.json with the date, machine and database alongside. */
export async function saveJson(name: string, body: Record<string, unknown>): Promise<void> {
  await mkdir(resultsDir, { recursive: true });
  const doc = { scenario: name, date: new Date().toISOString(), machine: machine(), ...body };
  await writeFile(resultFile(name), JSON.stringify(doc, null, 2) + "\n");
  console.log(`written: bench/results/${name}${suffix}.json`);
}

export interface Series {
  name: string;
  points: { x: number; y: number }[];
}

export interface ChartSpec {
  file: string; // name in bench/results, without .svg
  title: string;
  x: string;
  y: string;
  series: Series[];
  logX?: boolean;
  logY?: boolean;
  /** Horizontal reference lines, e.g. the 100 ms p99 budget. */
  rules?: { y: number; label: string }[];
  /** Vertical reference lines, e.g. when a fault was injected. */
  marks?: { x: number; label: string }[];
}

/** A line chart (one line per series, points marked) as an SVG file in bench/results. */
export async function lineChart(c: ChartSpec): Promise<void> {
  const rows = c.series.flatMap((s) =>
    s.points
      .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y))
      .map((p) => ({ ...p, s: s.name })),
  );
  const rules = c.rules ?? [];
  const marks = c.marks ?? [];
  const spec: vega.Spec = {
    $schema: "https://vega.github.io/schema/vega/v5.json",
    width: 640,
    height: 360,
    padding: 8,
    background: "white",
    title: { text: c.title, fontSize: 14 },
    data: [
      { name: "t", values: rows },
      { name: "rules", values: rules },
      { name: "marks", values: marks },
    ],
    scales: [
      {
        name: "x",
        type: c.logX ? "log" : "linear",
        domain: { data: "t", field: "x" },
        range: "width",
        nice: !c.logX,
        zero: false,
      } as vega.Scale,
      {
        name: "y",
        type: c.logY ? "log" : "linear",
        domain: {
          fields: [
            { data: "t", field: "y" },
            { data: "rules", field: "y" },
          ],
        },
        range: "height",
        nice: true,
        zero: !c.logY,
      } as vega.Scale,
      { name: "color", type: "ordinal", domain: { data: "t", field: "s" }, range: "category" },
    ],
    axes: [
      { orient: "bottom", scale: "x", title: c.x, grid: true },
      { orient: "left", scale: "y", title: c.y, grid: true },
    ],
    legends: [{ fill: "color", stroke: "color", orient: "top-left" }],
    marks: [
      {
        type: "group",
        from: { facet: { name: "line", data: "t", groupby: "s" } },
        marks: [
          {
            type: "line",
            from: { data: "line" },
            sort: { field: "datum.x" },
            encode: {
              enter: {
                x: { scale: "x", field: "x" },
                y: { scale: "y", field: "y" },
                stroke: { scale: "color", field: "s" },
                strokeWidth: { value: 2 },
              },
            },
          },
          {
            type: "symbol",
            from: { data: "line" },
            encode: {
              enter: {
                x: { scale: "x", field: "x" },
                y: { scale: "y", field: "y" },
                fill: { scale: "color", field: "s" },
                size: { value: 30 },
              },
            },
          },
        ],
      },
      {
        type: "rule",
        from: { data: "rules" },
        encode: {
          enter: {
            x: { value: 0 },
            x2: { signal: "width" },
            y: { scale: "y", field: "y" },
            stroke: { value: "#c00" },
            strokeDash: { value: [4, 4] },
          },
        },
      },
      {
        type: "text",
        from: { data: "rules" },
        encode: {
          enter: {
            x: { signal: "width" },
            y: { scale: "y", field: "y", offset: -4 },
            text: { field: "label" },
            align: { value: "right" },
            fill: { value: "#c00" },
          },
        },
      },
      {
        type: "rule",
        from: { data: "marks" },
        encode: {
          enter: {
            y: { value: 0 },
            y2: { signal: "height" },
            x: { scale: "x", field: "x" },
            stroke: { value: "#888" },
            strokeDash: { value: [2, 2] },
          },
        },
      },
      {
        type: "text",
        from: { data: "marks" },
        encode: {
          enter: {
            y: { value: 10 },
            x: { scale: "x", field: "x", offset: 3 },
            text: { field: "label" },
            fill: { value: "#555" },
          },
        },
      },
    ],
  };
  const svg = await new vega.View(vega.parse(spec), { renderer: "none" }).toSVG();
  await mkdir(resultsDir, { recursive: true });
  await writeFile(path.join(resultsDir, `${c.file}${suffix}.svg`), svg);
  console.log(`written: bench/results/${c.file}${suffix}.svg`);
}

/** Prints a titled table. */
export function table(title: string, rows: object[]): void {
  console.log(`\n${title}`);
  console.table(rows);
}

export const DB_NOTE = process.env.MONGODB_URI
  ? "database: MONGODB_URI (an external database, named in the run's notes)"
  : process.env.FERRETDB_POSTGRESQL_URL
    ? "database: FerretDB 1.24 on PostgreSQL (it uses no index for any query, `_id` included: every read and update scans its collection; batched inserts are fast); MongoDB is expected to be much faster"
    : "database: FerretDB 1.24 on SQLite (it uses no index for any query, `_id` included: every read and update scans its collection; it serialises writes); MongoDB is expected to be much faster";
