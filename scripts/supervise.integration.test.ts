// supervise.mjs in real processes: what start.mjs and db.mjs take as a stop request, and the
// watchdog that stops a detached child when its parent dies.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const supervise = path.join(path.dirname(fileURLToPath(import.meta.url)), "supervise.mjs");
const children: ChildProcess[] = [];
const pids: number[] = [];

/** A node process running `code` with supervise.mjs imported; its stdout lines. */
function run(code: string) {
  const child = spawn(process.execPath, ["--input-type=module", "-e", code], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, SUPERVISE: supervise },
  });
  children.push(child);
  const lines: string[] = [];
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    lines.push(...chunk.split("\n").filter(Boolean));
  });
  const line = async (test: (l: string) => boolean) => {
    while (!lines.some(test)) await once(child.stdout!, "data");
    return lines.find(test)!;
  };
  return { child, lines, line };
}

/** Running: not gone, and not a zombie that nobody reaped yet. */
const alive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z /.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
};

async function gone(pid: number, ms = 2000) {
  const deadline = Date.now() + ms;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return !alive(pid);
}

afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
  for (const pid of pids.splice(0)) if (alive(pid)) process.kill(pid, "SIGKILL");
});

const REQUESTS = `
  const { onStopRequest } = await import(process.env.SUPERVISE);
  onStopRequest({ stop: (why) => console.log("stop " + why), force: (why) => console.log("force " + why) });
  console.log("ready " + process.pid);
  setInterval(() => {}, 1000);
`;

describe("onStopRequest", () => {
  it("takes a signal repeated at once as one request (npm passes on what the group got), a later one as force", async () => {
    const { child, lines, line } = run(REQUESTS);
    await line((l) => l.startsWith("ready"));
    child.kill("SIGINT");
    await line((l) => l.startsWith("stop"));
    child.kill("SIGINT"); // npm's copy of the same Ctrl-C
    await new Promise((r) => setTimeout(r, 1100)); // a person's second Ctrl-C comes later
    child.kill("SIGTERM");
    await line((l) => l.startsWith("force"));
    expect(lines).toEqual([`ready ${child.pid}`, "stop SIGINT", "force SIGTERM"]);
  });

  it("takes the death of its parent as a stop request, never as force", async () => {
    // sh runs the node process and is then killed, as npm's SIGTERM kills its `sh -c`.
    const script = `"$0" --input-type=module -e "$1"; :`; // `; :`: sh may not exec node
    const sh = spawn("sh", ["-c", script, process.execPath, REQUESTS], {
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, SUPERVISE: supervise },
    });
    children.push(sh);
    let out = "";
    sh.stdout!.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
    while (!out.includes("ready")) await once(sh.stdout!, "data");
    pids.push(Number(/ready (\d+)/.exec(out)![1]));
    sh.kill("SIGKILL");
    while (!out.includes("stop")) await once(sh.stdout!, "data");
    expect(out).toMatch(/^ready \d+\nstop parent process \d+ exited\n$/);
  });
});

const WATCHED = `
  import { spawn } from "node:child_process";
  const { stopWhenWeExit } = await import(process.env.SUPERVISE);
  const child = spawn("sleep", ["60"], { detached: true, stdio: "ignore" });
  const watchdog = stopWhenWeExit(child.pid);
  if (process.argv.includes("disarm")) watchdog.disarm();
  console.log("child " + child.pid);
  setInterval(() => {}, 1000);
`;

describe("stopWhenWeExit", () => {
  it("stops a detached child when its parent is SIGKILLed", async () => {
    const { child, line } = run(WATCHED);
    const pid = Number((await line((l) => l.startsWith("child "))).slice(6));
    pids.push(pid);
    child.kill("SIGKILL");
    expect(await gone(pid)).toBe(true);
  });

  it("leaves it alone once disarmed", async () => {
    const { child, line } = run(WATCHED.replace('process.argv.includes("disarm")', "true"));
    const pid = Number((await line((l) => l.startsWith("child "))).slice(6));
    pids.push(pid);
    child.kill("SIGKILL"); // after the disarming line was written: the watchdog reads it

    expect(await gone(pid, 500)).toBe(false);
  });
});
