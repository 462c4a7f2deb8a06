// The local MongoDB-compatible database behind `npm start`, `npm run db` and the test suites.
// Plain JS (no tsx) so that `node scripts/db.mjs` works before anything is built.
// Order: MONGODB_URI, a `mongod` on PATH, FerretDB (built from source once if need be; on
// SQLite under the data directory, or on PostgreSQL with FERRETDB_POSTGRESQL_URL), then
// mongodb-memory-server, which downloads MongoDB.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";
import { onStopRequest, STOP_SIGNALS, stopWhenWeExit } from "./supervise.mjs";

const FERRETDB_VERSION = "v1.24.2";
const FERRETDB_MODULE = "github.com/FerretDB/FerretDB";
const DEFAULT_PORT = 27017;
const PING_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
const PORT_ATTEMPTS = 3;

/** @typedef {(line: string) => void} Log */
/** @typedef {"external" | "mongod" | "ferretdb" | "memory"} DatabaseKind */
/**
 * @typedef {object} Database
 * @property {string} uri base URI ending in "/" (no database name): append yours
 * @property {DatabaseKind} kind
 * @property {() => Promise<void>} stop SIGTERM to what was started, and wait for it
 * @property {Promise<void>} exited settles when the database process ends, for any reason
 * @property {number} [pid] the database server's process, when this process started it
 */
/** @typedef {{ dataDir: string, binDir?: string, port?: number, preferredPort?: number, log?: Log }} Options */
/** @typedef {{ dataDir: string, binDir: string, port: number, log: Log }} Resolved */

/** Another process holds the port: not a reason to try another kind of database. */
class PortTakenError extends Error {}

/** @type {Promise<void>} */
const never = new Promise(() => {});

/** @type {Log} */
const defaultLog = (line) => void process.stderr.write(`[db] ${line}\n`);

/** `mongodb://h:1/db?x=y` → `mongodb://h:1/?x=y`. @param {string} uri */
export function baseUri(uri) {
  const m = /^(mongodb(?:\+srv)?:\/\/[^/?]+)\/?[^?]*(\?.*)?$/.exec(uri);
  if (!m) throw new Error(`not a mongodb:// URI: ${uri}`);
  return `${m[1]}/${m[2] ?? ""}`;
}

/** Adds a database name to a base URI, before its query string. @param {string} base @param {string} name */
export function databaseUri(base, name) {
  const q = base.indexOf("?");
  return q === -1 ? base + name : base.slice(0, q) + name + base.slice(q);
}

/** Binds 127.0.0.1:port and lets go: the port, or null if taken. @param {number} port @returns {Promise<number | null>} */
function probePort(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(null));
    server.listen({ port, host: "127.0.0.1", exclusive: true }, () => {
      const { port: bound } = /** @type {net.AddressInfo} */ (server.address());
      server.close(() => resolve(bound));
    });
  });
}

/**
 * undefined: `preferred` (27017) if free, else any free port; 0: any free port; n: n, which
 * must be free. Only a hint: another process can bind the port before our database does.
 * @param {number | undefined} port
 */
export async function pickPort(port, preferred = DEFAULT_PORT) {
  const wanted = port ?? preferred;
  const got = wanted === 0 ? null : await probePort(wanted);
  if (got) return got;
  if (port) throw new Error(`port ${port} on 127.0.0.1 is already in use`);
  return /** @type {number} */ (await probePort(0));
}

/** First executable `name` on PATH or in extraDirs. @param {string} name @param {string[]} extraDirs */
function findBinary(name, extraDirs = []) {
  for (const dir of [...(process.env.PATH ?? "").split(path.delimiter), ...extraDirs]) {
    if (!dir) continue;
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch {
      // not there or not executable: keep looking
    }
  }
  return null;
}

/** A `go install` build of FerretDB panics at start; trust only one that runs. @param {string} file */
const runsVersion = (file) =>
  spawnSync(file, ["--version"], { stdio: "ignore", timeout: 10_000 }).status === 0;

/** Keeps a child's last output lines for error messages. @param {import("node:child_process").ChildProcess} child */
function tailOf(child, onLine = (/** @type {string} */ _line) => {}) {
  /** @type {string[]} */
  const lines = [];
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    readline.createInterface({ input: stream }).on("line", (line) => {
      lines.push(line);
      if (lines.length > 20) lines.shift();
      onLine(line);
    });
  }
  return () => lines.map((line) => `    ${line}`).join("\n");
}

/** Runs to completion; resolves stdout. @param {string} cmd @param {string[]} args @returns {Promise<string>} */
function run(cmd, args, { cwd = ".", onLine = (/** @type {string} */ _line) => {} } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    const tail = tailOf(child, onLine);
    child.once("error", reject);
    child.once("close", (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`${cmd} ${args.join(" ")} failed (${code}):\n${tail()}`));
    });
  });
}

/** Builds FerretDB from its module source. @param {string} go @param {string} out @param {Log} log */
async function buildFerretdb(go, out, log) {
  const started = Date.now();
  log(`building FerretDB ${FERRETDB_VERSION} with ${go}, once (cached as ${out})`);
  const mod = `${FERRETDB_MODULE}@${FERRETDB_VERSION}`;
  const { Dir } = JSON.parse(await run(go, ["mod", "download", "-json", mod]));
  const src = await fs.promises.mkdtemp(path.join(os.tmpdir(), "ferretdb-src-"));
  const tmpOut = `${out}.${process.pid}.tmp`;
  try {
    // The module cache is read-only and lacks the generated version.txt that FerretDB
    // panics without (why `go install` does not work): build from a patched copy.
    await fs.promises.cp(Dir, src, { recursive: true });
    await run("chmod", ["-R", "u+w", src]);
    await fs.promises.writeFile(`${src}/build/version/version.txt`, `${FERRETDB_VERSION}\n`);
    await fs.promises.mkdir(path.dirname(out), { recursive: true });
    let lines = 0;
    const onLine = (/** @type {string} */ line) =>
      ++lines % 50 === 0 && log(`  go build: ${lines} packages so far (${line})`);
    await run(go, ["build", "-v", "-o", tmpOut, "./cmd/ferretdb"], { cwd: src, onLine });
    await fs.promises.rename(tmpOut, out); // atomic: a concurrent start never runs half a binary
  } finally {
    await fs.promises.rm(src, { recursive: true, force: true });
    await fs.promises.rm(tmpOut, { force: true });
  }
  log(`built FerretDB in ${Math.round((Date.now() - started) / 1000)}s`);
}

/** A working ferretdb: on PATH, cached in binDir, or built there. @param {Resolved} opts */
async function findFerretdb({ binDir, log }) {
  const onPath = findBinary("ferretdb");
  if (onPath && runsVersion(onPath)) return onPath;
  if (onPath) log(`ignoring ${onPath}: it fails to run (a \`go install\` build?)`);
  const cached = path.join(binDir, `ferretdb-${FERRETDB_VERSION}`);
  if (fs.existsSync(cached) && runsVersion(cached)) return cached;
  const go = findBinary("go", ["/usr/local/go/bin"]);
  if (!go) throw new Error("no working ferretdb binary, and no `go` to build one");
  await buildFerretdb(go, cached, log);
  return cached;
}

/** @param {Resolved} opts */
async function findMongodb({ log }) {
  const { MongoBinary } = await import("mongodb-memory-server-core");
  log("mongodb-memory-server: finding MongoDB; the first use downloads it (~100 MB)");
  return MongoBinary.getPath();
}

/** Started databases, stopped when this process ends. kill() must be synchronous. */
const running = new Set(/** @type {{ kill: () => void, stop: () => Promise<void> }[]} */ ([]));
let hooked = false;

function installExitHooks() {
  if (hooked) return;
  hooked = true;
  // Our children are detached: a signal to our process group does not reach them.
  process.once("exit", () => running.forEach((entry) => entry.kill()));
  for (const signal of STOP_SIGNALS) {
    const onSignal = async () => {
      // Another handler (start.mjs, the CLI, vitest) owns shutdown and stops us in order.
      if (process.listenerCount(signal) > 1) return;
      await Promise.all([...running].map((entry) => entry.stop()));
      process.removeAllListeners(signal);
      process.kill(process.pid, signal); // die of it, as if we had never listened
    };
    process.on(signal, () => void onSignal());
  }
}

/** Spawns a database server, waits until it answers as itself. @param {DatabaseKind} kind @param {string} cmd @param {string[]} args @param {Resolved} opts */
async function startProcess(kind, cmd, args, { port, log }) {
  // Own process group: a terminal's Ctrl-C or a supervisor's SIGTERM to the group reaches
  // only `npm start`, which stops the app server (it finishes its writes) before the database.
  const child = spawn(cmd, args, { detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const tail = tailOf(child);
  // Nothing else stops it when we die: SIGKILL of our group or of us alone.
  const watchdog = child.pid ? stopWhenWeExit(child.pid) : { disarm: () => {} };
  let [started, stopping] = [false, false]; // failures before the ping are thrown instead
  /** @type {Promise<void>} */
  const exited = new Promise((resolve) => {
    child.once("error", () => resolve());
    child.once("exit", () => watchdog.disarm()); // its pid may now be reused by another process
    // "close", not "exit": its last output lines are read by then (they tell a taken port).
    child.once("close", (code, signal) => {
      if (started && !stopping) log(`${kind} exited (${code ?? signal}); last output:\n${tail()}`);
      resolve();
    });
  });
  const entry = {
    kill: () => void child.kill("SIGTERM"),
    stop: async () => {
      stopping = true;
      running.delete(entry);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      watchdog.disarm();
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
  running.add(entry);
  installExitHooks();
  const uri = `mongodb://127.0.0.1:${port}/`;
  try {
    await waitForPing(uri, exited, PING_TIMEOUT_MS, child.pid);
    started = true;
  } catch (error) {
    await entry.stop();
    const taken = error instanceof PortTakenError || /address already in use/i.test(tail());
    const message = `${/** @type {Error} */ (error).message}; last output:\n${tail()}`;
    throw taken ? new PortTakenError(message) : new Error(message, { cause: error });
  }
  return /** @type {Database} */ ({ uri, kind, stop: entry.stop, exited, pid: child.pid });
}

/**
 * Pings until answered, the process exits, or time is up. With `pid`: until the process `pid`
 * answers; any other answer means that another database holds the port (PortTakenError).
 * @param {string} uri @param {Promise<void>} exited @param {number} [pid]
 */
async function waitForPing(uri, exited, timeoutMs = PING_TIMEOUT_MS, pid = undefined) {
  const { MongoClient } = await import("mongodb");
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (!gone && Date.now() < deadline) {
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 1000, directConnection: true });
    try {
      if (pid === undefined) return void (await client.db("admin").command({ ping: 1 }));
      // serverStatus carries the pid of mongod and of FerretDB (for which it only counts the
      // collections in its catalogue: cheap).
      const status = await client.db("admin").command({ serverStatus: 1 });
      if (Number(status.pid) === pid) return;
      throw new PortTakenError(`${uri} is served by another process (pid ${status.pid})`);
    } catch (error) {
      if (error instanceof PortTakenError) throw error;
      last = /** @type {Error} */ (error).message;
    } finally {
      await client.close().catch(() => {});
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const why = gone ? "it exited" : `no answer within ${timeoutMs / 1000}s`;
  throw new Error(`ping failed: ${why} (${last})`);
}

/** @param {string} bin @param {Resolved} opts */
async function startMongod(bin, opts) {
  const dbPath = path.join(opts.dataDir, "mongod");
  await fs.promises.mkdir(dbPath, { recursive: true });
  const args = ["--dbpath", dbPath, "--bind_ip", "127.0.0.1", "--port", String(opts.port)];
  const db = await startProcess("mongod", bin, args, opts);
  opts.log(`started mongod (${bin}) on ${db.uri}, data in ${dbPath}`);
  return db;
}

/** @param {string} bin @param {Resolved} opts */
async function startFerretdb(bin, opts) {
  const dir = path.join(opts.dataDir, "ferretdb");
  await fs.promises.mkdir(dir, { recursive: true });
  // FERRETDB_POSTGRESQL_URL: FerretDB's PostgreSQL backend. Measured, it uses no index for any
  // query either (`explain` shows a filter on a sequential scan, `_id` included); the data then
  // lives there.
  const postgresUrl = process.env.FERRETDB_POSTGRESQL_URL;
  const args = [
    // On PostgreSQL, FerretDB reads the URL from FERRETDB_POSTGRESQL_URL in its environment
    // (inherited): a password in it stays out of the process list.
    ...(postgresUrl ? ["--handler=postgresql"] : ["--handler=sqlite", `--sqlite-url=file:${dir}/`]), // a directory: the trailing slash is required
    `--state-dir=${dir}`, // else FerretDB writes state.json into the current directory
    `--listen-addr=127.0.0.1:${opts.port}`,
    "--telemetry=disable", // nothing may call outside this machine
    "--debug-addr=-",
    "--log-level=warn",
  ];
  const db = await startProcess("ferretdb", bin, args, opts);
  const where = postgresUrl ? `PostgreSQL ${postgresUrl.replace(/\/\/[^@/]*@/, "//")}` : dir;
  opts.log(`started FerretDB ${FERRETDB_VERSION} (${bin}) on ${db.uri}, data in ${where}`);
  return db;
}

/** @param {string} _bin @param {Resolved} opts */
async function startMemory(_bin, { dataDir, port, log }) {
  const { MongoMemoryServer } = await import("mongodb-memory-server-core");
  const dbPath = path.join(dataDir, "memory");
  await fs.promises.mkdir(dbPath, { recursive: true });
  const storageEngine = /** @type {const} */ ("wiredTiger");
  const instance = { dbPath, port, ip: "127.0.0.1", portGeneration: false, storageEngine };
  const server = await MongoMemoryServer.create({ instance });
  const mongod = server.instanceInfo?.instance.mongodProcess;
  /** @type {Promise<void>} */
  const exited = new Promise((resolve) => void mongod?.once("exit", () => resolve()));
  const stop = async () => void (running.delete(entry), await server.stop({ doCleanup: false }));
  const entry = { kill: () => void mongod?.kill("SIGTERM"), stop };
  running.add(entry);
  installExitHooks();
  const uri = baseUri(server.getUri());
  log(`started MongoDB (mongodb-memory-server) on ${uri}, data in ${dbPath}`);
  return /** @type {Database} */ ({ uri, kind: "memory", stop, exited, pid: mongod?.pid });
}

/** @type {{ kind: DatabaseKind, find: (o: Resolved) => Promise<string>, start: (bin: string, o: Resolved) => Promise<Database> }[]} */
const CANDIDATES = [
  {
    kind: "mongod",
    find: async () => findBinary("mongod") ?? Promise.reject(new Error("not on PATH")),
    start: startMongod,
  },
  { kind: "ferretdb", find: findFerretdb, start: startFerretdb },
  { kind: "memory", find: findMongodb, start: startMemory },
];

/** @param {Options} options @returns {Resolved} */
function resolveOptions({ dataDir, binDir, port = 0, log = defaultLog }) {
  const dir = path.resolve(dataDir);
  return { dataDir: dir, binDir: path.resolve(binDir ?? path.join(dir, "bin")), port, log };
}

/** Tries each candidate in order. @param {Resolved} opts @param {(c: (typeof CANDIDATES)[number], bin: string) => Promise<T>} use @template T */
async function firstWorking(opts, use) {
  const tried = [];
  for (const candidate of CANDIDATES) {
    try {
      return await use(candidate, await candidate.find(opts));
    } catch (error) {
      if (error instanceof PortTakenError) throw error; // another kind would meet the same
      const message = /** @type {Error} */ (error).message;
      tried.push(`  - ${candidate.kind}: ${message}`);
      opts.log(`${candidate.kind} unavailable: ${message}`);
    }
  }
  const help = "Set MONGODB_URI to use an existing MongoDB instead.";
  throw new Error(
    `no MongoDB-compatible database could be started. Tried:\n${tried.join("\n")}\n${help}`,
  );
}

/**
 * Starts a local database (or takes MONGODB_URI). `binDir` caches built binaries (default
 * `<dataDir>/bin`); `port`, `preferredPort`: see pickPort; `log` defaults to "[db] ..." lines
 * on stderr. The database returned is the one started here, or the one that `running.json`
 * names and that still answers as itself: never a stranger that took the port.
 * @param {Options} options
 * @returns {Promise<Database>}
 */
export async function startDatabase(options) {
  const opts = resolveOptions(options);
  /** @param {string} uri @returns {Database} */
  const external = (uri) => ({ uri, kind: "external", stop: async () => {}, exited: never });
  if (process.env.MONGODB_URI) {
    opts.log("MONGODB_URI is set: using that database, starting none");
    return external(baseUri(process.env.MONGODB_URI));
  }
  // Two servers on one data directory corrupt it (FerretDB's SQLite): share a running one.
  const lockFile = path.join(opts.dataDir, "running.json");
  const existing = await runningDatabase(lockFile);
  if (existing) {
    opts.log(`reusing the database of process ${existing.pid} on ${existing.uri}`);
    return external(existing.uri);
  }
  const db = await startOnAFreePort(opts, options);
  const record = { pid: process.pid, dbPid: db.pid, uri: db.uri };
  await fs.promises.mkdir(opts.dataDir, { recursive: true });
  fs.writeFileSync(lockFile, JSON.stringify(record));
  const stop = () => db.stop().finally(() => fs.rmSync(lockFile, { force: true }));
  return { ...db, stop };
}

/**
 * pickPort only probes: another checkout's database can bind the port between the probe and
 * ours. Ours then fails to bind, or another process answers: try another port, unless this
 * one was asked for. @param {Resolved} opts @param {Options} options
 */
async function startOnAFreePort(opts, { port, preferredPort }) {
  for (let attempt = 1; ; attempt++) {
    opts.port = await pickPort(attempt === 1 ? port : 0, preferredPort);
    try {
      return await firstWorking(opts, (candidate, bin) => candidate.start(bin, opts));
    } catch (error) {
      if (!(error instanceof PortTakenError)) throw error;
      if (port || attempt === PORT_ATTEMPTS) {
        const message = `port ${opts.port} on 127.0.0.1 was taken by another process while the database started`;
        throw new Error(`${message}: ${error.message}`, { cause: error });
      }
      opts.log(`port ${opts.port} was taken by another process meanwhile: trying another port`);
    }
  }
}

/** The database another live process started on this data directory, if it answers as itself. @param {string} lockFile */
async function runningDatabase(lockFile) {
  try {
    const { pid, dbPid, uri } = JSON.parse(fs.readFileSync(lockFile, "utf8"));
    process.kill(pid, 0); // throws when that process is gone: a stale file
    // A stale file's port may now belong to another checkout's database: the pid tells.
    await waitForPing(uri, never, 2000, dbPid ?? -1);
    return /** @type {{ pid: number, uri: string }} */ ({ pid, uri });
  } catch {
    return null; // no file, a dead process, or no answer from the database it names
  }
}

/**
 * Builds or downloads what startDatabase needs, starting nothing (for CI, outside test timeouts).
 * @param {Omit<Options, "port">} options
 * @returns {Promise<DatabaseKind>} the kind that startDatabase will start
 */
export async function prepareDatabase(options) {
  const opts = resolveOptions(options);
  if (process.env.MONGODB_URI) return "external";
  return firstWorking(opts, async ({ kind }, bin) => (opts.log(`${kind} ready: ${bin}`), kind));
}

/**
 * What `npm start` and `npm run db` pass to startDatabase: the data under SWITCHBOARD_DATA_DIR
 * (default `./data`), the FerretDB build cached in `./data/bin` whatever the data directory,
 * and DB_PORT when set (else 27017 when free).
 * @returns {Options & { binDir: string }}
 */
export function localDatabaseOptions(env = process.env) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const dataDir = path.resolve(env.SWITCHBOARD_DATA_DIR || path.join(root, "data"));
  const port = env.DB_PORT ? Number(env.DB_PORT) : undefined;
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) {
    throw new Error(`DB_PORT is not a port: ${env.DB_PORT}`);
  }
  return {
    dataDir,
    binDir: path.join(root, "data", "bin"),
    ...(port === undefined ? {} : { port }),
  };
}

/** `npm run db`: foreground until SIGINT/SIGTERM; `--prepare`: build only. @param {string[]} args */
async function main(args) {
  const { port, ...paths } = localDatabaseOptions();
  if (args.includes("--prepare")) return void (await prepareDatabase(paths));
  /** @type {() => void} */
  let requested = () => {};
  const stopRequested = new Promise((resolve) => (requested = () => resolve(true)));
  // The exit hooks stop the database when we exit, a forced exit included.
  onStopRequest({ stop: requested, force: () => process.exit(130) });
  const db = await startDatabase({ ...paths, port });
  console.log(`MONGODB_URI=${databaseUri(db.uri, "switchboard")}`);
  if (db.kind === "external") return;
  const bySignal = await Promise.race([stopRequested, db.exited.then(() => false)]);
  await db.stop();
  process.exitCode = bySignal ? 0 : 1;
}

if (process.argv[1] && fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((/** @type {Error} */ error) => {
    console.error(`[db] ${error.message}`);
    process.exit(1);
  });
}
