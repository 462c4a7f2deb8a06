// `npm run build:packages [-- <name>...]`: builds the published workspace packages (packages/*,
// not private, with a `build` script; or the named ones and those they depend on) in dependency
// order, skipping those whose inputs did not change since their last build (`--force`: all). `--pack <dir>` then packs them all into <dir> and prints
// `{ "<name>": "<absolute .tgz path>" }` on stdout (what scripts/packed.ts uses).
// Plain JS so that it runs under plain `node` before anything is built. Callers that may run
// at the same time (parallel test files) hold a lock around it (scripts/packed.ts).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = fileURLToPath(new URL("..", import.meta.url));
const stampDir = path.join(root, "node_modules/.cache/switchboard-build");
/** Root files every package's build reads. */
const SHARED_INPUTS = ["tsconfig.base.json", "tsconfig.build.base.json"];
/** Files of a package its build reads besides `src/`. */
const OWN_INPUTS = ["package.json", "tsconfig.build.json"];

/**
 * @typedef {object} Workspace
 * @property {string} name
 * @property {string} dir absolute path
 * @property {string[]} deps the other published packages it depends on (runtime or peer)
 */

/**
 * The published packages (or `only` and the packages they depend on), each after the
 * packages it depends on.
 * @param {string[]} [only] package names
 * @returns {Workspace[]}
 */
export function publishedPackages(only) {
  const base = path.join(root, "packages");
  /** @type {Map<string, { dir: string, manifest: Record<string, any> }>} */
  const found = new Map();
  for (const entry of fs.readdirSync(base, { withFileTypes: true })) {
    const file = path.join(base, entry.name, "package.json");
    if (!entry.isDirectory() || !fs.existsSync(file)) continue;
    const manifest = JSON.parse(fs.readFileSync(file, "utf8"));
    if (manifest.private || !manifest.scripts?.build) continue;
    found.set(manifest.name, { dir: path.join(base, entry.name), manifest });
  }
  /** @type {Workspace[]} */
  const ordered = [];
  /** @type {Set<string>} */
  const visiting = new Set();
  /** @param {string} name */
  const visit = (name) => {
    if (ordered.some((w) => w.name === name)) return;
    if (visiting.has(name)) throw new Error(`dependency cycle through ${name}`);
    visiting.add(name);
    const pkg = found.get(name);
    if (!pkg) throw new Error(`${name} is not a published workspace package`);
    const { dir, manifest } = pkg;
    const deps = Object.keys({
      ...manifest.dependencies,
      ...manifest.peerDependencies,
      ...manifest.optionalDependencies,
    }).filter((dep) => found.has(dep));
    deps.forEach(visit);
    visiting.delete(name);
    ordered.push({ name, dir, deps });
  };
  (only?.length ? only : [...found.keys()].sort()).forEach(visit);
  return ordered;
}

/**
 * A digest of everything a package's build reads, its dependencies' digests included.
 * @param {Workspace} pkg
 * @param {Map<string, string>} digests of the packages before it
 */
function inputDigest(pkg, digests) {
  const hash = createHash("sha256");
  const files = [
    ...SHARED_INPUTS.map((f) => path.join(root, f)),
    ...OWN_INPUTS.map((f) => path.join(pkg.dir, f)),
    ...fs
      .readdirSync(path.join(pkg.dir, "src"), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name))
      .sort(),
  ];
  for (const file of files) {
    hash.update(path.relative(root, file)).update("\0");
    if (fs.existsSync(file)) hash.update(fs.readFileSync(file));
    hash.update("\0");
  }
  for (const dep of pkg.deps) hash.update(digests.get(dep) ?? "");
  return hash.digest("hex");
}

/**
 * Runs npm in the repository root; throws with its output when it fails.
 * @param {string[]} args
 */
function npm(args) {
  const result = spawnSync("npm", args, { cwd: root, encoding: "utf8" });
  if (result.status !== 0) {
    throw new Error(`npm ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

/**
 * Builds the published packages (or `only` and their dependencies) whose inputs changed (all
 * of them with `force`).
 * @param {{ only?: string[], force?: boolean, log?: (line: string) => void }} [options]
 * @returns {Workspace[]}
 */
export function buildPackages({ only, force = false, log = () => {} } = {}) {
  const packages = publishedPackages(only);
  /** @type {Map<string, string>} */
  const digests = new Map();
  fs.mkdirSync(stampDir, { recursive: true });
  for (const pkg of packages) {
    const digest = inputDigest(pkg, digests);
    digests.set(pkg.name, digest);
    const stamp = path.join(stampDir, `${pkg.name.replace("/", "__")}.sha256`);
    const built = fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === digest;
    if (built && !force && fs.existsSync(path.join(pkg.dir, "dist"))) {
      log(`${pkg.name}: up to date`);
      continue;
    }
    log(`${pkg.name}: building`);
    fs.rmSync(stamp, { force: true });
    npm(["run", "build", "--workspace", path.relative(root, pkg.dir)]);
    fs.writeFileSync(stamp, digest);
  }
  return packages;
}

/**
 * Packs the (built) packages into `dir`.
 * @param {Workspace[]} packages
 * @param {string} dir
 * @returns {Record<string, string>} package name -> absolute path of its tarball
 */
export function packPackages(packages, dir) {
  fs.mkdirSync(dir, { recursive: true });
  const args = ["pack", "--json", "--pack-destination", dir];
  for (const pkg of packages) args.push("--workspace", path.relative(root, pkg.dir));
  /** @type {{ name: string, filename: string }[]} */
  const packed = JSON.parse(npm(args));
  return Object.fromEntries(packed.map((p) => [p.name, path.resolve(dir, p.filename)]));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({
    options: { pack: { type: "string" }, force: { type: "boolean", default: false } },
    allowPositionals: true,
  });
  const packTo = values.pack;
  const packages = buildPackages({
    only: positionals,
    force: values.force,
    log: (line) => process.stderr.write(`[build:packages] ${line}\n`),
  });
  if (packTo) process.stdout.write(JSON.stringify(packPackages(packages, packTo)) + "\n");
}
