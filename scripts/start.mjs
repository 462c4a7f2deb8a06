// `npm start`: builds the web app when its sources changed, starts the local database unless
// MONGODB_URI is set, then runs the server until SIGINT/SIGTERM. The server prints its URLs.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { databaseUri, startDatabase } from "./db.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const at = (/** @type {string} */ p) => path.join(root, p);
const web = at("apps/web");
const SIGNALS = /** @type {const} */ (["SIGINT", "SIGTERM", "SIGHUP"]);
// What the web build reads: a change in any of these makes apps/web/dist stale.
const WEB_INPUTS = [
  "apps/web/src",
  "apps/web/demo",
  "packages/client/src",
  "packages/protocol/src",
];

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

/** Rebuilds apps/web/dist when it is missing or older than its sources. */
function buildWebIfStale() {
  const scripts = JSON.parse(fs.readFileSync(path.join(web, "package.json"), "utf8")).scripts ?? {};
  if (!scripts.build) return console.warn("[start] apps/web has no build script yet: not building");
  const topLevel = fs.readdirSync(web).filter((f) => /\.html$|^vite\.config\./.test(f));
  const inputs = [...WEB_INPUTS.map(at), ...topLevel.map((f) => path.join(web, f))];
  const built = newestMtime(path.join(web, "dist/index.html"));
  if (built && inputs.every((input) => newestMtime(input) <= built)) return;
  console.error(`[start] ${built ? "sources changed" : "no build yet"}: npm run build -w apps/web`);
  const result = spawnSync("npm", ["run", "build", "-w", "apps/web"], {
    cwd: root,
    stdio: "inherit",
  });
  if (result.status !== 0) throw new Error("the web build failed (see above)");
}

/** Runs the server in the foreground; resolves its exit code. @param {NodeJS.ProcessEnv} env */
function runServer(env) {
  const args = ["--import", "tsx", "packages/server/src/main.ts"];
  // Own process group: a terminal's Ctrl-C would otherwise reach it twice (from the
  // terminal and from us), and servers often take a second Ctrl-C as "exit now".
  const server = spawn(process.execPath, args, {
    cwd: root,
    env,
    stdio: "inherit",
    detached: true,
  });
  const forward = (/** @type {NodeJS.Signals} */ signal) => server.kill(signal);
  SIGNALS.forEach((signal) => process.on(signal, forward));
  // Our own exit must not leave the server running (it is in another process group).
  const killOnExit = () => server.kill("SIGTERM");
  process.on("exit", killOnExit);
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.once("exit", (code, signal) => {
      SIGNALS.forEach((s) => process.off(s, forward));
      process.off("exit", killOnExit);
      resolve(code ?? 128 + (signal ? os.constants.signals[signal] : 1));
    });
  });
}

async function main() {
  buildWebIfStale();
  /** @type {NodeJS.ProcessEnv} */
  const env = { ...process.env, EXPO_OFFLINE: "1", EXPO_NO_TELEMETRY: "1" };
  // Data under ./data survives restarts; with MONGODB_URI set, startDatabase starts nothing.
  const db = process.env.MONGODB_URI ? null : await startDatabase({ dataDir: at("data") });
  if (db) env.MONGODB_URI = databaseUri(db.uri, "switchboard");
  try {
    process.exitCode = await runServer(env);
  } finally {
    await db?.stop(); // after the server: it flushes its writes while shutting down
  }
}

main().catch((/** @type {Error} */ error) => {
  console.error(`[start] ${error.message}`);
  process.exit(1);
});
