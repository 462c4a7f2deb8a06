// Orchestrator <-> worker RPC over Node's IPC channel: the orchestrator forks a worker,
// calls named commands on it and gets one answer each. Workers hold their sockets across
// commands (connect once, then run several load levels).
import { fork, type ChildProcess } from "node:child_process";
import { repoRoot } from "./processes.ts";

type Handlers = Record<string, (args: any) => Promise<unknown>>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Request {
  id: number;
  cmd: string;
  args: unknown;
}
interface Reply {
  id: number;
  result?: unknown;
  error?: string;
}

/** Worker side: answers the orchestrator's commands; exits when the channel closes. */
export function serve(handlers: Handlers): void {
  process.on("message", (msg: Request) => {
    const handler = handlers[msg.cmd];
    const reply = (r: Omit<Reply, "id">) => process.send!({ id: msg.id, ...r });
    if (!handler) return reply({ error: `unknown command ${msg.cmd}` });
    handler(msg.args).then(
      (result) => reply({ result }),
      (err: unknown) =>
        reply({ error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
    );
  });
  process.on("disconnect", () => process.exit(0));
}

/** Orchestrator side: one forked worker process. */
export class Worker {
  private next = 1;
  private readonly pending = new Map<
    number,
    { resolve(v: unknown): void; reject(e: Error): void }
  >();

  private constructor(readonly child: ChildProcess) {
    child.on("message", (msg: Reply) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.error) p.reject(new Error(`worker: ${msg.error}`));
      else p.resolve(msg.result);
    });
    child.once("exit", (code) => {
      for (const p of this.pending.values()) p.reject(new Error(`worker exited (${code})`));
      this.pending.clear();
    });
  }

  /** Forks `bench/src/workers/<name>.ts` (through tsx). */
  static start(name: string, env: NodeJS.ProcessEnv = {}): Worker {
    const child = fork(`bench/src/workers/${name}.ts`, [], {
      cwd: repoRoot,
      execArgv: ["--conditions=@switchboard/source", "--import", "tsx"],
      env: { ...process.env, ...env },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    return new Worker(child);
  }

  call<T>(cmd: string, args: unknown = {}, timeoutMs = 300_000): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`worker command ${cmd} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (v) => (clearTimeout(timer), resolve(v as T)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      this.child.send({ id, cmd, args } satisfies Request);
    });
  }

  /** Ends the worker (closing the channel makes it exit), SIGKILL after 5 s. */
  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((r) => this.child.once("exit", () => r()));
    this.child.disconnect();
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  }
}

/** Calls the same command on every worker, each with its own args. */
export const callAll = <T>(
  workers: Worker[],
  cmd: string,
  args: (i: number) => unknown,
  timeoutMs?: number,
) => Promise.all(workers.map((w, i) => w.call<T>(cmd, args(i), timeoutMs)));
