// examples/express-host running as a user runs it: installed from the PACKED packages outside
// the workspace (scripts/hostInstall.ts), started with `node src/server.js` (plain node: no
// tsx, no source condition) in a process group of its own, on a fresh database of the test
// run's. Used by its integration test and by examples/react-host's end-to-end test.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { hostApp, installNote, type HostApp } from "../../../scripts/hostInstall.ts";

/** A pino line of the host's log. */
export interface LogLine {
  msg?: string;
  level: number;
  component?: string;
  [key: string]: unknown;
}

export interface ExpressHost {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** The host's UPLOAD_DIR. */
  uploadDir: string;
  /** The host's JWT_SECRET. */
  jwtSecret: string;
  /** Its stdout so far, parsed (pino JSON lines). */
  logs: LogLine[];
  /** Its process id, which is also its process group's. */
  pid: number;
  /** SIGTERM to its process group; resolves with how it ended, once the group is gone. */
  stop(): Promise<{ code: number | null; signal: string | null }>;
}

/** The demo accounts the host seeds. */
export const ADA = { email: "ada@example.com", password: "ada-password", name: "Ada Lovelace" };
export const GRACE = {
  email: "grace@example.com",
  password: "grace-password",
  name: "Grace Hopper",
};

/** Signs in through the host's own `/api/login`. */
export async function login(
  url: string,
  account: { email: string; password: string },
): Promise<{ token: string; user: { id: string; name: string; role: string; email: string } }> {
  const res = await fetch(`${url}/api/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: account.email, password: account.password }),
  });
  if (!res.ok) throw new Error(`login of ${account.email}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Awaited<ReturnType<typeof login>>;
}

/** Whether any process of group `pgid` is alive. */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Installs (or reuses the install of) express-host and starts it with PORT=0 on
 * `<mongoUri><fresh name>`; resolves once it logged "listening". `app.release()` is the
 * caller's, after `stop()`.
 */
export async function startExpressHost(opts: {
  mongoUri: string;
  purpose: string;
}): Promise<{ host: ExpressHost; app: HostApp }> {
  const started = Date.now();
  const app = await hostApp({
    example: "examples/express-host",
    packed: ["@switchboard/server"],
    purpose: opts.purpose,
  });
  console.log(`express-host: ${installNote(app)}, ready in ${Date.now() - started} ms`);
  const uploadDir = await mkdtemp(path.join(os.tmpdir(), "express-host-uploads-"));
  const jwtSecret = randomBytes(32).toString("hex");
  const child = spawn(process.execPath, ["src/server.js"], {
    cwd: app.dir,
    env: {
      ...app.env,
      PORT: "0",
      MONGODB_URI: `${opts.mongoUri}sb_express_${randomBytes(6).toString("hex")}`,
      JWT_SECRET: jwtSecret,
      UPLOAD_DIR: uploadDir,
      LOG_LEVEL: "info",
    },
    detached: true, // its own process group, which stop() ends as a whole
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Should this test process end first: no server left behind.
  const orphanGuard = () => groupAlive(child.pid!) && process.kill(-child.pid!, "SIGKILL");
  process.once("exit", orphanGuard);

  const logs: LogLine[] = [];
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, "exit") as Promise<[number | null, string | null]>;
  const listening = new Promise<number>((resolve) => {
    createInterface({ input: child.stdout! }).on("line", (line) => {
      let entry: LogLine;
      try {
        entry = JSON.parse(line) as LogLine;
      } catch {
        entry = { level: 30, msg: line };
      }
      logs.push(entry);
      if (entry.msg === "listening") resolve(entry.port as number);
    });
  });
  const port = await Promise.race([
    listening,
    exited.then(([code]) => {
      throw new Error(`express-host exited (${code}) before listening:\n${stderr}`);
    }),
    timeout(60_000, "express-host did not log 'listening'"),
  ]).catch(async (error: unknown) => {
    await stopGroup(child, exited);
    app.release();
    throw error;
  });

  const host: ExpressHost = {
    url: `http://127.0.0.1:${port}`,
    uploadDir,
    jwtSecret,
    logs,
    pid: child.pid!,
    async stop() {
      const ended = await stopGroup(child, exited);
      process.off("exit", orphanGuard);
      await rm(uploadDir, { recursive: true, force: true });
      return ended;
    },
  };
  return { host, app };
}

async function stopGroup(child: ChildProcess, exited: Promise<[number | null, string | null]>) {
  if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, "SIGTERM");
  const [code, signal] = await Promise.race([
    exited,
    timeout(10_000, "").catch(() => {
      process.kill(-child.pid!, "SIGKILL");
      return exited;
    }),
  ]);
  // The group ends with its leader here (the server starts no children); wait out stragglers.
  for (let i = 0; i < 50 && groupAlive(child.pid!); i++) await sleepMs(100);
  return { code, signal };
}

const sleepMs = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function timeout(ms: number, message: string): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(message)), ms).unref());
}
