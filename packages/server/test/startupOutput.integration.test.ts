// Regression (issue 10, §6): the server printed demo admin tokens whenever NODE_ENV was not
// production, signed with the real JWT_SECRET and good for 30 days, and its warning log line
// carried the development secret. The server entry (`main.ts`, what `npm start` runs) is
// started for real, with and without JWT_SECRET, and everything it prints is read.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, inject, it } from "vitest";
import { DEV_JWT_SECRET } from "../src/config.ts";

const main = fileURLToPath(new URL("../src/main.ts", import.meta.url));

// A test that times out leaves its server behind otherwise.
const running = new Set<ChildProcess>();
afterEach(() => running.forEach((child) => child.kill("SIGKILL")));

/** Runs main.ts until it prints `until`, then stops it (SIGTERM); all it printed by its end. */
async function startupOutput(env: Record<string, string>, until = "Switchboard is running on") {
  const dbName = `sb_${randomBytes(6).toString("hex")}`;
  const child = spawn(
    process.execPath,
    ["--conditions=@switchboard/source", "--import", "tsx", main],
    {
      cwd: path.resolve(path.dirname(main), "../../.."),
      env: {
        PATH: process.env.PATH ?? "",
        MONGODB_URI: inject("mongoUri") + dbName,
        PORT: "0",
        LOG_LEVEL: "info",
        UPLOAD_DIR: path.join(os.tmpdir(), "switchboard-test-uploads", dbName),
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  running.add(child);
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  // "close": the process is gone and its output read to the end.
  const closed = new Promise<void>((resolve) =>
    child.once("close", () => resolve(void running.delete(child))),
  );
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes(until)) resolve();
      });
      void closed.then(() => reject(new Error(`main.ts exited early:\n${stdout}\n${stderr}`)));
    });
  } finally {
    child.kill("SIGTERM");
    await closed;
  }
  return { stdout, stderr, jsonLines: stdout.split("\n").filter((l) => l.startsWith("{")) };
}

const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]+/;

describe("what the server prints at start-up", () => {
  it("with JWT_SECRET set: no demo token and no secret, anywhere", async () => {
    const secret = `real-${randomBytes(16).toString("hex")}`;
    const out = await startupOutput({ JWT_SECRET: secret });
    const all = out.stdout + out.stderr;
    expect(all).not.toContain(secret);
    expect(all).not.toMatch(JWT);
    expect(all).not.toContain("token=");
    expect(out.jsonLines.some((l) => l.includes("switchboard listening"))).toBe(true);
  }, 60_000);

  it("with the development secret: demo tokens, and the secret on the console, never in a log line", async () => {
    const out = await startupOutput({});
    expect(out.stdout).toMatch(new RegExp(`/agent\\.html\\?token=${JWT.source}`));
    expect(out.stdout).toMatch(new RegExp(`/demo/\\?token=${JWT.source}`));
    const warning = out.jsonLines.find((l) => l.includes("JWT_SECRET is not set"));
    expect(warning).toBeDefined();
    expect(out.jsonLines.filter((l) => l.includes(DEV_JWT_SECRET))).toEqual([]);
    expect(out.stdout).toContain(`Development JWT secret`);
    expect(out.stdout).toContain(DEV_JWT_SECRET);
  }, 60_000);
});
