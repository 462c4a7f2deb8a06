// The example host apps (examples/*) as a user gets them, for their tests: copied out of the
// workspace into a folder under os.tmpdir(), with the packed @switchboard tarballs and the
// example's own pinned dependencies installed (scripts/packed.ts `installPacked`, npm's cache
// first).
//
// An install (expo-host: ~800 packages, 60-90 s from npm's cache; express-host and
// react-host: 10-30 s) is made once and shared: one folder per (example, tarballs,
// package.json), named by their hash, made under a kernel lock (parallel test processes wait
// for the one installing) and reused while none of them changes. Each test copies the
// example's sources into its own subfolder of it (`app-<purpose>`: the same path every run, so
// that caches keyed by the root folder, like jest's, stay warm), which it holds under a lock of
// its own. Also here: the check of the glue line count each example's README states.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { once } from "node:events";
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { cp, mkdir, readFile, rm, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { installPacked, packedTarballs } from "./packed.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** Written last: a folder without it is an install that did not finish. */
const DONE = ".switchboard-installed";
/** Other installs of an example (older tarballs) unused for this long are removed. */
const STALE_MS = 60 * 60 * 1000;

/** An example host app, installed and copied out of the workspace. */
export interface HostApp {
  /** The example's folder outside the workspace, ready to run. */
  dir: string;
  /** How long the shared install took in this process, ms; 0 when it was reused. */
  installMs: number;
  /** The environment to run its tools in: no vitest or npm variables, Expo offline. */
  env: NodeJS.ProcessEnv;
  /** A file of an installed package (`jest/bin/jest.js`): the app's node_modules is its parent's. */
  resolve(file: string): string;
  /** Lets another test process have this app folder. */
  release(): void;
}

/** Which example, and what of the workspace it installs from the tarballs. */
export interface HostAppOptions {
  /** The example's folder, e.g. `examples/express-host` (relative to the repo, or absolute). */
  example: string;
  /** The packed packages it depends on; installPacked adds the ones they depend on. */
  packed: string[];
  /** Why this copy (`jest`, `web`, `server`): its own subfolder, `app-<purpose>`. */
  purpose: string;
}

/** Not copied: installs, builds, tool caches; the workspace's Node tests and their config. */
const NOT_COPIED =
  /^(node_modules|dist|\.expo|uploads)(\/|$)|^test\/.+\.ts$|^test\/tsconfig\.json$|^package\.json$/;

/**
 * The example, installed from the packed packages into a folder outside the workspace, with
 * its sources in `app-<purpose>` there. Call `release()` when done with it.
 */
export async function hostApp({ example, packed, purpose }: HostAppOptions): Promise<HostApp> {
  const source = path.resolve(ROOT, example);
  const name = path.basename(source);
  const prefix = `switchboard-${name}-install-`;
  const tarballs = await packedTarballs();
  const manifest = await readFile(path.join(source, "package.json"), "utf8");
  const hash = createHash("sha256").update(manifest);
  for (const dep of [...withDependencies(packed, tarballs)].sort())
    hash.update(dep).update(readFileSync(tarballs[dep]!));
  const install = path.join(os.tmpdir(), prefix + hash.digest("hex").slice(0, 16));

  let installMs = 0;
  const unlock = await lock(path.join(os.tmpdir(), `switchboard-${name}-install.lock`));
  try {
    removeStaleInstalls(prefix, install);
    if (!existsSync(path.join(install, DONE))) {
      const started = Date.now();
      await rm(install, { recursive: true, force: true });
      await mkdir(install, { recursive: true });
      await writeFile(path.join(install, "package.json"), manifest);
      await installPacked(install, packed);
      await writeFile(path.join(install, DONE), "");
      installMs = Date.now() - started;
    }
    const now = new Date();
    await utimes(path.join(install, DONE), now, now);
  } finally {
    unlock();
  }

  const dir = path.join(install, `app-${purpose}`);
  const release = await lock(`${dir}.lock`);
  try {
    await rm(dir, { recursive: true, force: true });
    await cp(source, dir, {
      recursive: true,
      filter: (file) => !NOT_COPIED.test(path.relative(source, file)),
    });
    // The installed manifest: the example's, with `file:` dependencies on the tarballs.
    await cp(path.join(install, "package.json"), path.join(dir, "package.json"));
  } catch (error) {
    release();
    throw error;
  }
  const resolve = (file: string) => path.join(install, "node_modules", file);
  return { dir, installMs, env: toolEnv(), resolve, release };
}

/** "installed in 24 s" or "reused": for a test's log line. */
export const installNote = (app: HostApp) =>
  app.installMs ? `installed in ${Math.round(app.installMs / 1000)} s` : "reused";

/**
 * What would tie a tool to the enclosing run: npm's workspace variables (as scripts/packed.ts)
 * and vitest's (NODE_ENV=test, TEST, VITEST_*).
 */
const WORKSPACE_ENV =
  /^(npm_config_local_prefix|npm_config_workspaces?|npm_package_\w+|INIT_CWD|NODE_ENV|NODE_OPTIONS|TEST|VITEST\w*)$/i;

/** The environment to run the example's tools in: the test run's, less WORKSPACE_ENV. */
function toolEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (WORKSPACE_ENV.test(key)) continue;
    env[key] = value;
  }
  return { ...env, EXPO_OFFLINE: "1", EXPO_NO_TELEMETRY: "1", CI: "1" };
}

/** `names` and the packed workspace packages they depend on (runtime or peer), as installPacked. */
function withDependencies(names: string[], tarballs: Record<string, string>): Set<string> {
  const all = new Set<string>();
  const add = (name: string) => {
    if (all.has(name)) return;
    all.add(name);
    const file = path.join(ROOT, "node_modules", name, "package.json");
    const manifest = JSON.parse(readFileSync(file, "utf8")) as Record<string, object | undefined>;
    const deps = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies });
    deps.filter((dep) => tarballs[dep]).forEach(add);
  };
  names.forEach(add);
  return all;
}

/**
 * Takes an exclusive kernel lock on `file` (flock(1)), held by a child process until the
 * returned function is called or this process dies (its stdin closes): never left behind.
 */
async function lock(file: string): Promise<() => void> {
  const child = spawn("flock", [file, "sh", "-c", "echo locked && exec cat >/dev/null"], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const locked = once(child.stdout, "data");
  const failed = once(child, "exit").then(([code]) => {
    throw new Error(`flock ${file} exited with ${String(code)}`);
  });
  await Promise.race([locked, failed]);
  failed.catch(() => {});
  return () => child.stdin.end();
}

/** The example's installs of other tarballs, unused for STALE_MS, or unfinished (under the lock). */
function removeStaleInstalls(prefix: string, keep: string): void {
  for (const name of readdirSync(os.tmpdir())) {
    const dir = path.join(os.tmpdir(), name);
    if (!name.startsWith(prefix) || dir === keep) continue;
    const done = path.join(dir, DONE);
    if (existsSync(done) && Date.now() - statSync(done).mtimeMs < STALE_MS) continue;
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What a README says its glue is, and what the files have. */
export interface GlueCount {
  /** The total the README states ("…: 18 lines"). */
  stated: number;
  /** The lines it lists, added up. */
  listed: number;
  /** Each listed file's counted lines (1-based), by its path in the example. */
  lines: Record<string, number[]>;
  /** What does not hold: a counted line past a file's end, chat code outside the count. */
  problems: string[];
}

/**
 * Checks the glue count an example's README states, in the form
 * `` `src/chat.js` lines 3–19, `src/server.js` lines 8 and 30: 19 lines `` (ranges with an en
 * dash, single lines, joined by commas and "and"), against the files:
 * - in a file listed in `dedicated` (one that exists only for the chat), every line outside the
 *   count is a comment or blank;
 * - in every source file of the example (`sources`), a line that is not a comment and matches
 *   `chatCode` (what names the chat) is a counted one.
 */
export async function checkGlue(opts: {
  example: string;
  dedicated: string[];
  sources: string[];
  chatCode: RegExp;
}): Promise<GlueCount> {
  const source = path.resolve(ROOT, opts.example);
  const readme = (await readFile(path.join(source, "README.md"), "utf8")).replace(/\s+/g, " ");
  const claim = /((?:`[^`]+` lines? [\d–, and]+?(?:, | and )?)+): (\d+) lines/.exec(readme);
  if (!claim) throw new Error(`${opts.example}/README.md states no glue count`);
  const lines: Record<string, number[]> = {};
  for (const [, file, list] of claim[1]!.matchAll(
    /`([^`]+)` lines? ([\d–, and]+?)(?=(?:,| and|, and) `|$)/g,
  )) {
    const counted = (lines[file!] ??= []);
    for (const part of list!.split(/, and |, | and /)) {
      const [from, to = from] = part.split("–").map(Number) as [number, number?];
      for (let n = from; n <= to!; n++) counted.push(n);
    }
  }
  const problems: string[] = [];
  const isComment = (line: string) => /^\s*(\/\/|\/\*|\*|\{\/\*|$)/.test(line);
  for (const file of new Set([...opts.sources, ...Object.keys(lines)])) {
    const text = (await readFile(path.join(source, file), "utf8")).replace(/\n$/, "").split("\n");
    const counted = new Set(lines[file] ?? []);
    for (const n of counted)
      if (n > text.length) problems.push(`${file}:${n} is past the end (${text.length} lines)`);
    text.forEach((line, i) => {
      if (counted.has(i + 1) || isComment(line)) return;
      if (opts.dedicated.includes(file) || opts.chatCode.test(line))
        problems.push(`${file}:${i + 1} is chat code outside the count: ${line.trim()}`);
    });
  }
  const listed = Object.values(lines).reduce((sum, l) => sum + l.length, 0);
  return { stated: Number(claim[2]), listed, lines, problems };
}
