// The workspace's packages as a user gets them: built, `npm pack`ed, installed from the
// tarballs into a folder outside the workspace. For `*.integration.test.ts` files that prove a
// package works on its own (scripts/packages.integration.test.ts, examples/*).
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const root = fileURLToPath(new URL("..", import.meta.url));
/**
 * Test files run in parallel processes, and a build empties `dist/` first: one build (and the
 * pack that reads its output) at a time across processes, by a kernel lock that dies with its
 * holder.
 */
const BUILD_LOCK = path.join(os.tmpdir(), "switchboard-build-packages.lock");
/** npm's own variables from an enclosing `npm run`, which would point it at the workspace. */
const WORKSPACE_NPM_ENV =
  /^(npm_config_local_prefix|npm_config_workspaces?|npm_package_\w+|INIT_CWD)$/i;

/** Tarball folders are `<tmp>/switchboard-packed-<pid>-<random>`. */
const PACKED_PREFIX = "switchboard-packed-";

let packed: Promise<Record<string, string>> | undefined;

/**
 * Removes the tarball folders of processes that are gone: a test worker that vitest ends does
 * not always run its exit handlers.
 */
function removeOrphans(): void {
  for (const name of readdirSync(os.tmpdir())) {
    const pid = Number(/^switchboard-packed-(\d+)-/.exec(name)?.[1]);
    if (!pid || alive(pid)) continue;
    rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Builds every published workspace package (skipping those already built from the same
 * sources) and packs each, once per process, into a fresh folder under `os.tmpdir()` that is
 * removed when the process exits.
 *
 * @returns package name (`@switchboard/server`) -> absolute path of its `.tgz`
 */
export function packedTarballs(): Promise<Record<string, string>> {
  packed ??= (async () => {
    removeOrphans();
    const dir = mkdtempSync(path.join(os.tmpdir(), `${PACKED_PREFIX}${process.pid}-`));
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    const { stdout } = await run(
      "flock",
      [BUILD_LOCK, process.execPath, path.join(root, "scripts/build-packages.mjs"), "--pack", dir],
      { cwd: root, maxBuffer: 16 * 1024 * 1024 },
    );
    return JSON.parse(stdout) as Record<string, string>;
  })();
  return packed;
}

/**
 * Installs `packages` (package names) from their tarballs into `dir`, as a user would with
 * `npm i`: writes or extends `dir/package.json` with a `file:` dependency on each, and on every
 * workspace package those depend on (the registry does not have them), then runs
 * `npm install` there, offline first (npm's cache), the registry only for what it lacks.
 * `dir` must be outside the workspace, or npm would install into the workspace instead.
 */
export async function installPacked(dir: string, packages: string[]): Promise<void> {
  const relative = path.relative(root, path.resolve(dir));
  if (!relative.startsWith("..") && !path.isAbsolute(relative)) {
    throw new Error(`installPacked: ${dir} is inside the workspace (${root})`);
  }
  const tarballs = await packedTarballs();
  const manifestFile = path.join(dir, "package.json");
  const manifest = existsSync(manifestFile)
    ? (JSON.parse(await readFile(manifestFile, "utf8")) as Record<string, unknown>)
    : { name: path.basename(dir).toLowerCase(), private: true, type: "module" };
  const dependencies = { ...(manifest.dependencies as Record<string, string> | undefined) };
  for (const name of withWorkspaceDependencies(packages, tarballs)) {
    dependencies[name] = `file:${tarballs[name]}`;
  }
  await writeFile(manifestFile, JSON.stringify({ ...manifest, dependencies }, null, 2) + "\n");
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !WORKSPACE_NPM_ENV.test(key)),
  );
  await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], {
    cwd: dir,
    env,
    maxBuffer: 16 * 1024 * 1024,
  });
}

/** `packages` and, transitively, the workspace packages they depend on (runtime or peer). */
function withWorkspaceDependencies(
  packages: string[],
  tarballs: Record<string, string>,
): Set<string> {
  const all = new Set<string>();
  const add = (name: string) => {
    if (all.has(name)) return;
    if (!tarballs[name]) throw new Error(`installPacked: ${name} is not a packed package`);
    all.add(name);
    const manifest = JSON.parse(
      readFileSync(path.join(root, "node_modules", name, "package.json"), "utf8"),
    ) as Record<string, Record<string, string> | undefined>;
    const deps = {
      ...manifest.dependencies,
      ...manifest.peerDependencies,
      ...manifest.optionalDependencies,
    };
    for (const dep of Object.keys(deps)) if (tarballs[dep]) add(dep);
  };
  packages.forEach(add);
  return all;
}
