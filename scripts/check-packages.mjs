// `npm run check:packages`: builds and packs the published packages, then lints what would be
// published with the maintained linters: publint (package.json against the tarball's files;
// warnings fail too) and Are the Types Wrong (`attw`: every entry's types resolve, under Node's
// ESM resolution and bundlers'; ESM-only packages, so CommonJS `require` is out of scope).
// scripts/packages.integration.test.ts runs the same checks on its tarballs in `npm test`.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { buildPackages, packPackages } from "./build-packages.mjs";

const run = promisify(execFile);
const bin = fileURLToPath(new URL("../node_modules/.bin/", import.meta.url));

/**
 * @typedef {object} CheckResult
 * @property {string} name the package
 * @property {boolean} ok both linters passed
 * @property {string} output what they printed
 */

/**
 * Runs a linter; a non-zero exit is a finding, not an exception.
 * @param {string} command
 * @param {string[]} args
 * @returns {Promise<{ ok: boolean, output: string }>}
 */
async function lint(command, args) {
  try {
    const { stdout, stderr } = await run(path.join(bin, command), args, {
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
      maxBuffer: 16 * 1024 * 1024,
    });
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const e = /** @type {{ stdout?: string, stderr?: string, message: string }} */ (error);
    return { ok: false, output: `${e.stdout ?? ""}${e.stderr ?? ""}` || e.message };
  }
}

/**
 * publint and attw on each tarball.
 * @param {Record<string, string>} tarballs package name -> .tgz path
 * @returns {Promise<CheckResult[]>}
 */
export async function checkTarballs(tarballs) {
  return Promise.all(
    Object.entries(tarballs).map(async ([name, tarball]) => {
      const [publint, attw] = await Promise.all([
        lint("publint", ["run", tarball, "--strict"]),
        lint("attw", [
          tarball,
          "--profile",
          "esm-only",
          "--format",
          "table-flipped",
          "--no-color",
          // A stylesheet entry (`@switchboard/react/styles.css`) has no types to check.
          ...(name === "@switchboard/react" ? ["--exclude-entrypoints", "styles.css"] : []),
          // Nor does a classic script (`@switchboard/widget/widget.js`, the loader).
          ...(name === "@switchboard/widget" ? ["--exclude-entrypoints", "widget.js"] : []),
        ]),
      ]);
      return {
        name,
        ok: publint.ok && attw.ok,
        output: `--- publint\n${publint.output}\n--- attw\n${attw.output}`,
      };
    }),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "switchboard-check-"));
  try {
    const log = (/** @type {string} */ line) => process.stderr.write(`[check:packages] ${line}\n`);
    const tarballs = packPackages(buildPackages({ log }), dir);
    const results = await checkTarballs(tarballs);
    for (const r of results) {
      process.stdout.write(`\n=== ${r.name}: ${r.ok ? "ok" : "FAILED"}\n${r.output}\n`);
    }
    process.exitCode = results.every((r) => r.ok) ? 0 : 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
