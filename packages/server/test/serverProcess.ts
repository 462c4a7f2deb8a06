// The server in a process of its own, started as operators start it (`main.ts`, its
// configuration from the environment), for the tests that kill it with SIGKILL mid-work or
// run several nodes. Not an in-process server: a SIGKILL must take everything with it.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

/** A TCP port free on 127.0.0.1 right now. */
export const freePort = () =>
  new Promise<number>((resolve) => {
    const srv = createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });

/**
 * Starts `packages/server/src/main.ts` (from source, through tsx) on `port` with `env` over
 * this process's environment, quiet (`LOG_LEVEL=silent`) and without the web app, and
 * resolves once `/readyz` says ready (60 s at most, else it rejects and kills the process).
 */
export async function startServerProcess(
  port: number,
  env: Record<string, string>,
): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ["--conditions=@switchboard/source", "--import", "tsx", "packages/server/src/main.ts"],
    {
      cwd: repoRoot,
      stdio: "ignore",
      env: {
        ...process.env,
        LOG_LEVEL: "silent",
        WEB_DIST: "/nonexistent",
        ...env,
        PORT: String(port),
      },
    },
  );
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return child;
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill("SIGKILL");
      throw new Error(`the server on port ${port} did not become ready`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
