// `npm start` and `npm run db` started as a supervisor, a CI runner or `timeout` starts them
// (a process group of their own), then stopped or killed the ways those do. Nothing they
// started may survive or hold a port 2 s later, and the next start serves the same data.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SignJWT } from "jose";
import { MongoClient } from "mongodb";
import { io } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SECRET = randomUUID();
const GONE_WITHIN_MS = 2000;

/** A process, told apart from a later one with its pid by its start time. */
interface Proc {
  pid: number;
  started: string;
  args: string;
}

/** /proc/<pid>/stat: [ppid, start time, state], or null once it is gone. */
function stat(pid: number): [number, string, string] | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return [Number(fields[1]), fields[19]!, fields[0]!];
  } catch {
    return null;
  }
}

/** `pid` and all its descendants, those in other process groups too (the database). */
function family(pid: number): Proc[] {
  const all = fs.readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  const parents = new Map(all.map((p) => [Number(p), stat(Number(p))?.[0]]));
  const ours = new Set([pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [child, parent] of parents) {
      if (parent !== undefined && ours.has(parent) && !ours.has(child)) grew = !!ours.add(child);
    }
  }
  return [...ours].flatMap((p) => {
    const s = stat(p);
    const args = fs.existsSync(`/proc/${p}/cmdline`)
      ? fs.readFileSync(`/proc/${p}/cmdline`, "utf8").replaceAll("\0", " ").slice(0, 120)
      : "";
    return s ? [{ pid: p, started: s[1], args }] : [];
  });
}

const running = (procs: Proc[]) =>
  procs.filter((p) => {
    const s = stat(p.pid);
    return s !== null && s[1] === p.started && s[2] !== "Z";
  });

/** True when the port can be bound (on all addresses, as the server binds it). */
const portFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen({ port, host: "0.0.0.0", exclusive: true }, () =>
      server.close(() => resolve(true)),
    );
  });

async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until nothing of `procs` runs and the ports are free; what is left when time is up. */
async function leftAfter(procs: Proc[], ports: number[], ms = GONE_WITHIN_MS) {
  const deadline = Date.now() + ms;
  for (;;) {
    const procsLeft = running(procs).map((p) => `${p.pid} ${p.args}`);
    const busy = [];
    for (const port of ports) if (!(await portFree(port))) busy.push(port);
    if ((procsLeft.length === 0 && busy.length === 0) || Date.now() > deadline) {
      return { procs: procsLeft, busyPorts: busy };
    }
    await sleep(50);
  }
}

interface Setup {
  dataDir: string;
  port: number;
  dbPort: number;
}

interface Launched {
  npm: ChildProcess;
  procs: Proc[];
  output: () => string;
  /** `npm run db`: the MONGODB_URI it printed. */
  mongoUri: string;
}

const started: Launched[] = [];

/** `npm start` or `npm run db` in a process group of its own; resolves once it serves. */
async function launch(script: "start" | "db", { dataDir, port, dbPort }: Setup) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SWITCHBOARD_DATA_DIR: dataDir,
    PORT: String(port),
    DB_PORT: String(dbPort),
    SKIP_WEB_BUILD: "1",
    JWT_SECRET: SECRET,
    LOG_LEVEL: "warn",
    RATE_LIMITS: "off", // a burst of sends, below
  };
  for (const name of ["MONGODB_URI", "REDIS_URL", "UPLOAD_DIR", "NODE_ENV"]) delete env[name];
  const args = script === "start" ? ["start"] : ["run", "db"];
  const npm = spawn("npm", args, {
    cwd: root,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  npm.stdout!.on("data", (chunk) => (output += chunk));
  npm.stderr!.on("data", (chunk) => (output += chunk));
  const launched: Launched = { npm, procs: [], output: () => output, mongoUri: "" };
  started.push(launched);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && npm.exitCode === null && npm.signalCode === null) {
    const uri = /MONGODB_URI=(\S+)/.exec(output)?.[1];
    if (script === "db" && uri)
      return Object.assign(launched, { mongoUri: uri, procs: family(npm.pid!) });
    if (script === "start" && (await healthy(port)))
      return Object.assign(launched, { procs: family(npm.pid!) });
    await sleep(100);
  }
  throw new Error(`npm ${args.join(" ")} did not come up:\n${output}`);
}

const healthy = (port: number) =>
  fetch(`http://127.0.0.1:${port}/healthz`).then(
    (res) => res.ok,
    () => false,
  );

const token = (sub: string) =>
  new SignJWT({ role: "customer" })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(sub)
    .setExpirationTime("1h")
    .sign(new TextEncoder().encode(SECRET));

/** A customer's socket on the server of `npm start`. */
async function customer(port: number, sub: string) {
  const socket = io(`http://127.0.0.1:${port}/chat`, {
    auth: { token: await token(sub) },
    transports: ["websocket"],
    reconnection: false,
  });
  await new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(undefined));
    socket.once("connect_error", reject);
  });
  const call = (event: string, payload: unknown) =>
    socket.timeout(10_000).emitWithAck(event, payload);
  const { data } = await call("join-chat", {});
  return { socket, call, roomId: data.room.id as string };
}

/** The contents of a room's messages, read over HTTP. */
async function contents(port: number, sub: string, roomId: string): Promise<string[]> {
  const res = await fetch(`http://127.0.0.1:${port}/api/chat/rooms/${roomId}/messages?limit=100`, {
    headers: { authorization: `Bearer ${await token(sub)}` },
  });
  const page = (await res.json()) as { messages: { content: string }[] };
  return page.messages.map((m) => m.content);
}

/** Sends `signal` to npm's whole process group, or to npm alone (`timeout`, `docker stop`). */
function kill(launched: Launched, signal: NodeJS.Signals, to: "group" | "npm process") {
  process.kill(to === "group" ? -launched.npm.pid! : launched.npm.pid!, signal);
}

async function expectAllGone(launched: Launched, setup: Setup) {
  expect(launched.procs.length).toBeGreaterThan(2); // npm, its script, what that started
  const left = await leftAfter(launched.procs, [setup.port, setup.dbPort]);
  expect(left, launched.output()).toEqual({ procs: [], busyPorts: [] });
}

async function newSetup(): Promise<Setup> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "switchboard-stop-test-"));
  return { dataDir, port: await freePort(), dbPort: await freePort() };
}

const dirs: string[] = [];
afterEach(async () => {
  // Whatever a failed test left running: ours, by pid.
  for (const { procs } of started.splice(0)) {
    for (const p of running(procs)) process.kill(p.pid, "SIGKILL");
  }
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe.skipIf(process.env.MONGODB_URI || process.platform !== "linux")("npm start", () => {
  // Each start costs seconds: each test stops its second start another way.
  it.each([
    ["SIGKILL", "group", "SIGINT", "group"], // the second: a terminal's Ctrl-C
    ["SIGTERM", "npm process", "SIGINT", "npm process"],
  ] as const)(
    "%s to the %s leaves nothing running, the next start serves the same data; so does %s to the %s",
    async (signal, to, thenSignal, thenTo) => {
      const setup = await newSetup();
      dirs.push(setup.dataDir);
      const first = await launch("start", setup);
      const dana = await customer(setup.port, "dana");
      expect(
        (
          await dana.call("send-message", {
            roomId: dana.roomId,
            clientMessageId: "a",
            content: "kept",
          })
        ).ok,
      ).toBe(true);
      dana.socket.close();
      kill(first, signal, to);
      await expectAllGone(first, setup);

      const second = await launch("start", setup); // same port, same data, a stale running.json
      expect(await contents(setup.port, "dana", dana.roomId)).toEqual(["kept"]);
      kill(second, thenSignal, thenTo);
      await expectAllGone(second, setup);
    },
    120_000,
  );

  it("SIGTERM to the group stops gracefully: sends in flight are answered, the ACKed ones kept", async () => {
    const setup = await newSetup();
    dirs.push(setup.dataDir);
    const first = await launch("start", setup);
    const dana = await customer(setup.port, "dana");
    const sends = Array.from({ length: 40 }, (_, i) =>
      dana
        .call("send-message", { roomId: dana.roomId, clientMessageId: `m${i}`, content: `m${i}` })
        .catch(() => ({ ok: false, error: { code: "NO_ACK", message: "" } })),
    );
    await sends[0]; // the server is working on them now
    kill(first, "SIGTERM", "group");
    const acks = await Promise.all(sends);
    await expectAllGone(first, setup);
    // Refused because the server was stopping, never failed because the database was gone.
    const failed = acks.filter((ack) => !ack.ok).map((ack) => ack.error.message);
    expect(failed.filter((m) => !/shutting down|^$/.test(m))).toEqual([]);
    const acked = acks.flatMap((ack, i) => (ack.ok ? [`m${i}`] : []));

    const second = await launch("start", setup);
    expect(await contents(setup.port, "dana", dana.roomId)).toEqual(expect.arrayContaining(acked));
    kill(second, "SIGTERM", "npm process");
    await expectAllGone(second, setup);
  }, 120_000);
});

describe.skipIf(process.env.MONGODB_URI || process.platform !== "linux")("npm run db", () => {
  it.each([
    ["SIGKILL", "group"],
    ["SIGTERM", "group"],
    ["SIGTERM", "npm process"],
  ] as const)(
    "%s to the %s leaves nothing running, and the next start has the same data",
    async (signal, to) => {
      const setup = await newSetup();
      dirs.push(setup.dataDir);
      const first = await launch("db", setup);
      const id = randomUUID();
      const client = new MongoClient(first.mongoUri);
      await client.db().collection("docs").insertOne({ id });
      await client.close();
      kill(first, signal, to);
      await expectAllGone(first, setup);

      const second = await launch("db", setup);
      const again = new MongoClient(second.mongoUri);
      expect(await again.db().collection("docs").findOne({ id })).toMatchObject({ id });
      await again.close();
      kill(second, "SIGINT", "group");
      await expectAllGone(second, setup);
    },
    60_000,
  );
});
