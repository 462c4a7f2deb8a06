// What a scenario runs against: the database (FerretDB here), Switchboard server processes
// started as operators start them, a private Redis, and /proc readings of any of them.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { startDatabase } from "../../../scripts/db.mjs";
import { freePort, repoRoot, waitForHttp } from "./processes.ts";

export interface Db {
  uri: string; // base, ends in "/"
  kind: string;
  dataDir: string;
  port: number;
  stop(): Promise<void>;
  /** Stops the database process and starts it again on the same data and port. */
  restart(): Promise<void>;
  /**
   * The database's processes when we started them: FerretDB, plus PostgreSQL's backends when
   * FerretDB runs on PostgreSQL (FERRETDB_POSTGRESQL_URL); null for an external database.
   */
  pid(): Pids;
}

export async function startDb(dataDir: string): Promise<Db> {
  const binDir = path.join(repoRoot, "data", "bin");
  const quiet = () => {};
  let db = await startDatabase({ dataDir, binDir, port: 0, log: quiet });
  const port = Number(new URL(db.uri).port);
  return {
    get uri() {
      return db.uri;
    },
    kind: db.kind,
    dataDir,
    port,
    stop: () => db.stop(),
    async restart() {
      await db.stop();
      db = await startDatabase({ dataDir, binDir, port, log: quiet });
    },
    pid: () => {
      const ferret = findPids(`--state-dir=${dataDir}/ferretdb`);
      if (ferret.length === 0) return null;
      return process.env.FERRETDB_POSTGRESQL_URL ? [...ferret, ...findPids("postgres: ")] : ferret;
    },
  };
}

/** One process, several (summed), or none. */
export type Pids = number | number[] | null;

/** The pids of the processes whose command line contains `needle` (read-only scan of /proc). */
function findPids(needle: string): number[] {
  const found = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(needle))
        found.push(Number(entry));
    } catch {
      // gone
    }
  }
  return found;
}

export interface ServerOptions {
  mongoUri: string;
  secret: string;
  logDir: string;
  port?: number;
  redisUrl?: string;
  /** Directory for `--cpu-prof` output: the profile is written when the server exits. */
  cpuProfDir?: string;
  name?: string;
  /** The built web app to serve (WEB_DIST); default none. */
  webDist?: string;
  /** More flags for `node` (e.g. `heapSnapshotArgs(dir)`). */
  nodeArgs?: string[];
  /** More environment for the server (e.g. `DB_COMMAND_METRICS: "on"`). */
  env?: Record<string, string>;
}

export interface Server {
  port: number;
  url: string;
  pid(): number;
  /** SIGKILL: no goodbye to clients or database. */
  kill(): Promise<void>;
  /** SIGTERM: the server's own graceful shutdown (writes the CPU profile, if any). */
  stop(): Promise<void>;
  /** Starts the process again on the same port, and waits until it is ready. */
  restart(): Promise<void>;
  /** Whether the process is still running (a crash shows here). */
  alive(): boolean;
}

/**
 * What `node` runs: the server as production runs it (the Dockerfile's
 * `node packages/server/dist/main.js`, built here once per bench run), or with
 * `BENCH_SOURCE=1` the TypeScript source through tsx. The two differ in more than start-up:
 * tsx compiles with esbuild's `keepNames`, which gives every named function a `__name` call
 * that turns its properties into a dictionary (about 250 bytes for each closure made per
 * socket or per event), so figures from the source overstate memory and CPU.
 */
async function serverEntry(): Promise<string[]> {
  if (process.env.BENCH_SOURCE === "1")
    return ["--conditions=@switchboard/source", "--import", "tsx", "packages/server/src/main.ts"];
  built ??= new Promise<void>((resolve, reject) => {
    const build = spawn(process.execPath, ["scripts/build-packages.mjs", "@switchboard/server"], {
      cwd: repoRoot,
      stdio: ["ignore", "ignore", "inherit"],
    });
    build.on("error", reject);
    build.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`building the server failed (${code})`)),
    );
  });
  await built;
  return ["packages/server/dist/main.js"];
}
let built: Promise<void> | undefined;

export async function startServer(opts: ServerOptions): Promise<Server> {
  const port = opts.port ?? (await freePort());
  const entry = await serverEntry();
  let child: ChildProcess;
  const launch = async () => {
    const log = fs.openSync(path.join(opts.logDir, `${opts.name ?? "server"}-${port}.log`), "a");
    const nodeArgs = [
      ...(opts.cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${opts.cpuProfDir}`] : []),
      ...(opts.nodeArgs ?? []),
    ];
    child = spawn(process.execPath, [...nodeArgs, ...entry], {
      cwd: repoRoot,
      stdio: ["ignore", log, log],
      env: {
        ...process.env,
        PORT: String(port),
        MONGODB_URI: opts.mongoUri,
        JWT_SECRET: opts.secret,
        NODE_ENV: "production",
        RATE_LIMITS: "off",
        LOG_LEVEL: "warn",
        WEB_DIST: opts.webDist ?? path.join(opts.logDir, "no-web"),
        REDIS_URL: opts.redisUrl ?? "",
        ...opts.env,
      },
    });
    fs.closeSync(log);
    await waitForHttp(`http://127.0.0.1:${port}/readyz`, 60_000);
  };
  const end = (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.kill(signal);
    });
  };
  await launch();
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    pid: () => child.pid!,
    kill: () => end("SIGKILL"),
    stop: () => end("SIGTERM"),
    restart: launch,
    alive: () => child.exitCode === null && child.signalCode === null,
  };
}

export interface Redis {
  url: string;
  stop(): Promise<void>;
  restart(): Promise<void>;
}

/** A private, throwaway redis-server on a free port (never the shared one). */
export async function startRedis(): Promise<Redis> {
  const port = await freePort();
  let child: ChildProcess;
  const launch = async () => {
    child = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      { stdio: "ignore" },
    );
    const deadline = Date.now() + 10_000;
    while (!(await pingRedis(port))) {
      if (Date.now() > deadline) throw new Error("private redis-server did not start");
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const stop = () => {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    stop,
    restart: async () => (await stop(), await launch()),
  };
}

function pingRedis(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    const done = (ok: boolean) => (s.destroy(), resolve(ok));
    s.setTimeout(500, () => done(false));
    s.once("error", () => done(false));
    s.once("connect", () => s.write("PING\r\n"));
    s.once("data", (d) => done(d.toString().startsWith("+PONG")));
  });
}

/** Resident memory of a process, in KiB (VmRSS). */
export function rssKiB(pid: number): number {
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) : NaN;
}

const TICKS_PER_S = 100; // getconf CLK_TCK on Linux

/** CPU seconds (user + system) a process, or several together, have used so far. */
export function cpuSeconds(pids: Pids): number {
  if (Array.isArray(pids)) return pids.reduce((sum, pid) => sum + (cpuSeconds(pid) || 0), 0);
  if (!pids) return NaN;
  try {
    const stat = fs.readFileSync(`/proc/${pids}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S; // utime, stime
  } catch {
    return NaN;
  }
}

/** Measures % of one core used by each entry (one process or several) between start and stop. */
export function cpuMeter(pids: Record<string, Pids>) {
  const t0 = performance.now();
  const c0 = Object.fromEntries(Object.entries(pids).map(([k, p]) => [k, cpuSeconds(p)]));
  return () => {
    const s = (performance.now() - t0) / 1000;
    return Object.fromEntries(
      Object.entries(pids).map(([k, p]) => [k, Math.round((100 * (cpuSeconds(p) - c0[k]!)) / s)]),
    ) as Record<string, number>;
  };
}

export const newSecret = () => randomBytes(32).toString("hex");
export const newDbName = (tag: string) => `bench_${tag}_${randomBytes(3).toString("hex")}`;
export const dbUri = (base: string, name: string) => `${base.replace(/\/?$/, "/")}${name}`;
