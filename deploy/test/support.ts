// Helpers of the deploy/ tests: free ports, child processes that are always stopped, the
// real server entry point (`node --import tsx packages/server/src/main.ts`) and real nginx.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFile, mkdir, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const deployDir = path.join(repoRoot, "deploy");

/** A port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen({ port: 0, host: "127.0.0.1", exclusive: true }, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Runs a command to completion (no shell). */
export function run(cmd: string, args: string[], opts: { cwd?: string } = {}) {
  const r = spawnSync(cmd, args, { cwd: opts.cwd ?? repoRoot, encoding: "utf8" });
  if (r.error) throw r.error;
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A child process whose output is kept (for error messages) and that can be stopped. */
export class Child {
  readonly output: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  exitCode: number | null | undefined = undefined;

  constructor(
    readonly name: string,
    readonly proc: ChildProcess,
  ) {
    const keep = (chunk: Buffer) => {
      this.output.push(chunk.toString());
      if (this.output.length > 200) this.output.shift();
    };
    proc.stdout?.on("data", keep);
    proc.stderr?.on("data", keep);
    this.exited = new Promise((resolve) => {
      proc.once("exit", (code, signal) => {
        this.exitCode = code;
        resolve({ code, signal });
      });
      proc.once("error", (err) => {
        this.output.push(String(err));
        this.exitCode = -1;
        resolve({ code: -1, signal: null });
      });
    });
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  log(): string {
    return `--- ${this.name} (pid ${this.proc.pid}) output ---\n${this.output.join("")}`;
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  async stop(graceMs = 10_000) {
    if (!this.running) return this.exited;
    this.proc.kill("SIGTERM");
    const timer = setTimeout(() => this.proc.kill("SIGKILL"), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Polls `url` until it answers 200, or fails with the child's output. */
export async function waitUntilOk(url: string, child: Child, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    if (!child.running)
      throw new Error(`${child.name} exited before ${url} answered\n${child.log()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = String(err);
    }
    await sleep(200);
  }
  throw new Error(`${url} did not answer 200 in ${timeoutMs} ms (${last})\n${child.log()}`);
}

export interface NodeEnv {
  port: number;
  mongodbUri: string;
  jwtSecret: string;
  redisUrl: string;
  uploadDir: string;
}

/** One Switchboard node, exactly as production runs it (see deploy/Dockerfile). */
export async function startNode(name: string, env: NodeEnv): Promise<Child> {
  const proc = spawn(
    process.execPath,
    ["--conditions=@switchboard/source", "--import", "tsx", "packages/server/src/main.ts"],
    {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: "production",
        PORT: String(env.port),
        MONGODB_URI: env.mongodbUri,
        JWT_SECRET: env.jwtSecret,
        REDIS_URL: env.redisUrl,
        // Its own channels and keys: other clusters on the same Redis stay apart.
        REDIS_PREFIX: `deploy-test-${env.jwtSecret.slice(0, 12)}`,
        TRUST_PROXY: "1",
        UPLOAD_DIR: env.uploadDir,
        RATE_LIMITS: "off",
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const child = new Child(name, proc);
  await waitUntilOk(`http://127.0.0.1:${env.port}/readyz`, child);
  return child;
}

/** The placeholders of deploy/nginx.conf. */
export interface NginxVars {
  NGINX_PORT: string;
  SWITCHBOARD_NODE_1: string;
  SWITCHBOARD_NODE_2: string;
}

export const NGINX_STICKY_LINE = "hash $remote_addr consistent;";

/**
 * deploy/nginx.conf with its placeholders filled in, as envsubst does in the nginx image.
 * `roundRobin` drops the stickiness line: nginx's default round-robin upstream.
 */
export async function renderNginx(vars: NginxVars, opts: { roundRobin?: boolean } = {}) {
  let conf = await readFile(path.join(deployDir, "nginx.conf"), "utf8");
  for (const [k, v] of Object.entries(vars)) conf = conf.replaceAll("${" + k + "}", v);
  const left = /\$\{[A-Z0-9_]+\}/.exec(conf);
  if (left) throw new Error(`deploy/nginx.conf: placeholder ${left[0]} not filled in`);
  if (opts.roundRobin) {
    const lines = conf.split("\n");
    const i = lines.findIndex((l) => l.trim() === NGINX_STICKY_LINE);
    if (i === -1) throw new Error(`deploy/nginx.conf has no "${NGINX_STICKY_LINE}" line`);
    lines.splice(i, 1);
    conf = lines.join("\n");
  }
  return conf;
}

/**
 * Runs real nginx on `dir` (its prefix) with `siteConf` (an http-context file, a rendered
 * deploy/nginx.conf) inside a minimal main config whose every path is under `dir`.
 * Responses carry `X-Test-Upstream: <host:port of the node>` (inherited by the server block,
 * which sets no add_header of its own), so the test can tell which node answered.
 */
export async function startNginx(dir: string, siteConf: string, port: number): Promise<Child> {
  await mkdir(dir, { recursive: true });
  for (const d of ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"])
    await mkdir(path.join(dir, d), { recursive: true });
  const site = path.join(dir, "switchboard.conf");
  await writeFile(site, siteConf);
  const main = path.join(dir, "nginx.conf");
  await writeFile(
    main,
    [
      // As root, workers would run as nobody and could not use the temporary directories.
      process.getuid?.() === 0 ? "user root;" : "",
      "worker_processes 1;",
      "events { worker_connections 1024; }",
      "http {",
      "  access_log off;",
      `  client_body_temp_path ${path.join(dir, "client_body")};`,
      `  proxy_temp_path ${path.join(dir, "proxy")};`,
      `  fastcgi_temp_path ${path.join(dir, "fastcgi")};`,
      `  uwsgi_temp_path ${path.join(dir, "uwsgi")};`,
      `  scgi_temp_path ${path.join(dir, "scgi")};`,
      "  add_header X-Test-Upstream $upstream_addr always;",
      `  include ${site};`,
      "}",
      "",
    ].join("\n"),
  );
  const global = `daemon off; pid ${path.join(dir, "nginx.pid")}; error_log stderr;`;
  const check = run("nginx", ["-t", "-e", "stderr", "-p", dir, "-c", main, "-g", global]);
  if (check.code !== 0) throw new Error(`nginx -t failed (${check.code}):\n${check.stderr}`);
  const proc = spawn("nginx", ["-e", "stderr", "-p", dir, "-c", main, "-g", global], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const child = new Child(`nginx :${port}`, proc);
  await waitUntilOk(`http://127.0.0.1:${port}/healthz`, child, 15_000);
  return child;
}
