// `npm start`: builds the web app when its sources changed, starts the local database unless
// MONGODB_URI is set, then runs the server until SIGINT/SIGTERM. The server prints its URLs.
// How each process is stopped, however npm start is stopped: docs/operations.md, "Stopping".
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { databaseUri, localDatabaseOptions, startDatabase } from "./db.mjs";
import { onStopRequest, stopWhenWeExit } from "./supervise.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const at = (/** @type {string} */ p) => path.join(root, p);
const web = at("apps/web");
// What the web build reads: a change in any of these makes apps/web/dist stale.
const WEB_INPUTS = [
  "apps/web/src",
  "apps/web/demo",
  "packages/client/src",
  "packages/protocol/src",
];
const PARENT_FD = 3; // the server's end of the pipe that tells it we are gone

/** @typedef {import("node:child_process").ChildProcess} ChildProcess */

/** Newest mtime of the files under a directory (or of the file itself); 0 when missing. */
function newestMtime(/** @type {string} */ target) {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  const files = fs.readdirSync(target, { recursive: true, withFileTypes: true });
  return Math.max(
    stat.mtimeMs, // a deleted file changes only its directory
    ...files
      .filter((f) => f.isFile())
      .map((f) => fs.statSync(path.join(f.parentPath, f.name)).mtimeMs),
  );
}

/** Exit code of a child, as a shell reports it. @param {ChildProcess} child @returns {Promise<number>} */
function exitCode(child) {
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code, signal) =>
      resolve(code ?? 128 + (signal ? os.constants.signals[signal] : 1)),
    );
  });
}

/**
 * Rebuilds apps/web/dist when it is missing or older than its sources. `started` gets what
 * stops the build.
 * @param {(kill: (signal: NodeJS.Signals) => void) => void} started
 */
async function buildWebIfStale(started) {
  const scripts = JSON.parse(fs.readFileSync(path.join(web, "package.json"), "utf8")).scripts ?? {};
  if (!scripts.build) return console.warn("[start] apps/web has no build script yet: not building");
  const topLevel = fs.readdirSync(web).filter((f) => /\.html$|^vite\.config\./.test(f));
  const inputs = [...WEB_INPUTS.map(at), ...topLevel.map((f) => path.join(web, f))];
  const built = newestMtime(path.join(web, "dist/index.html"));
  if (built && inputs.every((input) => newestMtime(input) <= built)) return;
  console.error(`[start] ${built ? "sources changed" : "no build yet"}: npm run build -w apps/web`);
  // Not spawnSync: a stop request must be heard (and passed on) while it builds. In a group
  // of its own, stopped as a whole: npm runs vite under `sh -c`, which would not pass a
  // signal on; and a watchdog for when we are killed.
  const build = spawn("npm", ["run", "build", "-w", "apps/web"], {
    cwd: root,
    stdio: "inherit",
    detached: true,
  });
  const watchdog = build.pid ? stopWhenWeExit(build.pid) : { disarm: () => {} };
  started((signal) => {
    try {
      if (build.pid) process.kill(-build.pid, signal);
    } catch {
      // it has just ended
    }
  });
  const code = await exitCode(build).finally(watchdog.disarm);
  if (code !== 0) throw new Error("the web build failed (see above)");
}

/**
 * Starts the server in our process group, so that whatever kills the group kills it too (no
 * orphan holding the port). A pipe on its fd 3 tells it when we are gone (exit-with-parent.mjs).
 * @param {NodeJS.ProcessEnv} env
 */
function spawnServer(env) {
  const preload = at("scripts/exit-with-parent.mjs");
  const args = [
    "--conditions=@switchboard/source", // the workspace packages' sources, no build
    "--import",
    "tsx",
    "--import",
    preload,
    "packages/server/src/main.ts",
  ];
  return spawn(process.execPath, args, {
    cwd: root,
    env: { ...env, SWITCHBOARD_PARENT_FD: String(PARENT_FD) },
    stdio: ["inherit", "inherit", "inherit", "pipe"],
  });
}

async function main() {
  /** @type {(signal: NodeJS.Signals) => void} */
  let kill = () => {}; // the build's, then the server's: where a stop request goes
  let stopping = false;
  onStopRequest({
    // The server may have had the signal already (a terminal's Ctrl-C goes to the whole
    // group); it takes a second one as the same request. A parent that died sent none.
    stop: () => void ((stopping = true), kill("SIGTERM")),
    // A second Ctrl-C: no more waiting. Our exit hooks stop the database (db.mjs).
    force: () => void (kill("SIGKILL"), process.exit(130)),
  });
  if (process.env.SKIP_WEB_BUILD !== "1") {
    await buildWebIfStale((killBuild) => (kill = killBuild)).catch((error) => {
      if (!stopping) throw error; // else it failed because we stopped it
    });
  }
  kill = () => {};
  if (stopping) return;
  /** @type {NodeJS.ProcessEnv} */
  const env = { ...process.env, EXPO_OFFLINE: "1", EXPO_NO_TELEMETRY: "1" };
  const local = localDatabaseOptions();
  // Uploads live beside the database, unless UPLOAD_DIR says otherwise.
  if (process.env.SWITCHBOARD_DATA_DIR && !env.UPLOAD_DIR) {
    env.UPLOAD_DIR = path.join(local.dataDir, "uploads");
  }
  // Data survives restarts; with MONGODB_URI set, startDatabase starts nothing.
  const db = process.env.MONGODB_URI ? null : await startDatabase(local);
  if (db) env.MONGODB_URI = databaseUri(db.uri, "switchboard");
  try {
    if (stopping) return;
    const server = spawnServer(env);
    kill = (signal) => server.kill(signal);
    process.exitCode = await exitCode(server);
  } finally {
    kill = () => {};
    await db?.stop(); // after the server: it finishes its writes while shutting down
  }
}

main().catch((/** @type {Error} */ error) => {
  console.error(`[start] ${error.message}`);
  process.exit(1);
});
