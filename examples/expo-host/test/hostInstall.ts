// The example as a user gets it, for its two tests: copied out of the workspace into a folder
// under os.tmpdir(), with the packed @switchboard tarballs and its own pinned dependencies
// installed (scripts/packed.ts `installPacked`, npm's cache first).
//
// That install (expo, jest-expo, React Navigation, Vite: ~800 packages, 60-90 s from npm's
// cache) is made once and shared: one folder per (tarballs, package.json), named by their
// hash, made under a kernel lock (parallel test processes wait for the one installing) and
// reused while neither changes. Each test copies the example's sources into its own
// subfolder of it (`app-jest`, `app-web`: the same path every run, so that jest's transform
// cache, keyed by the root folder, stays warm), which it holds under a lock of its own.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { once } from "node:events";
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { cp, mkdir, readFile, rm, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { installPacked, packedTarballs } from "../../../scripts/packed.ts";

const EXAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ROOT = path.resolve(EXAMPLE, "../..");
/** The packages the example depends on; installPacked adds what they depend on. */
const PACKED = ["@switchboard/react-native", "@switchboard/client"];
const INSTALL_PREFIX = "switchboard-expo-host-install-";
const LOCK = path.join(os.tmpdir(), "switchboard-expo-host-install.lock");
/** Written last: a folder without it is an install that did not finish. */
const DONE = ".switchboard-installed";
/** Other installs (older tarballs) unused for this long are removed. */
const STALE_MS = 60 * 60 * 1000;

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

/**
 * The example, installed from the packed packages into a folder outside the workspace, with
 * its sources in `app-<purpose>` there.
 */
export async function hostApp(purpose: "jest" | "web"): Promise<HostApp> {
  const tarballs = await packedTarballs();
  const manifest = await readFile(path.join(EXAMPLE, "package.json"), "utf8");
  const hash = createHash("sha256").update(manifest);
  for (const name of [...withDependencies(PACKED, tarballs)].sort())
    hash.update(name).update(readFileSync(tarballs[name]!));
  const install = path.join(os.tmpdir(), INSTALL_PREFIX + hash.digest("hex").slice(0, 16));

  let installMs = 0;
  const unlock = await lock(LOCK);
  try {
    removeStaleInstalls(install);
    if (!existsSync(path.join(install, DONE))) {
      const started = Date.now();
      await rm(install, { recursive: true, force: true });
      await mkdir(install, { recursive: true });
      await writeFile(path.join(install, "package.json"), manifest);
      await installPacked(install, PACKED);
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
    await cp(EXAMPLE, dir, {
      recursive: true,
      // The app, its configs and its jest test; not the workspace's Node tests, nor builds.
      filter: (source) => {
        const rel = path.relative(EXAMPLE, source);
        if (/^(node_modules|dist|\.expo)(\/|$)/.test(rel)) return false;
        return !/^test\/.+\.ts$|^test\/tsconfig\.json$|^package\.json$/.test(rel);
      },
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

/** Install folders of other tarballs, unused for STALE_MS, or unfinished (under the lock). */
function removeStaleInstalls(keep: string): void {
  for (const name of readdirSync(os.tmpdir())) {
    const dir = path.join(os.tmpdir(), name);
    if (!name.startsWith(INSTALL_PREFIX) || dir === keep) continue;
    const done = path.join(dir, DONE);
    if (existsSync(done) && Date.now() - statSync(done).mtimeMs < STALE_MS) continue;
    rmSync(dir, { recursive: true, force: true });
  }
}
