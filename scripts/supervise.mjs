// How `npm start` and `npm run db` stop what they started, whoever stops them and however
// (docs/operations.md, "Stopping npm start and npm run db"). Plain JS, like db.mjs.
import { spawn } from "node:child_process";

/** The signals that ask for a graceful stop. */
export const STOP_SIGNALS = /** @type {const} */ (["SIGINT", "SIGTERM", "SIGHUP"]);

// npm passes every SIGINT and SIGTERM it gets on to its script, and a terminal's Ctrl-C (or a
// supervisor's signal to the process group) reaches npm and its script both: one request then
// arrives twice, milliseconds apart. A repeat only counts as a second request after this long.
const SAME_REQUEST_MS = 1000;
const PARENT_POLL_MS = 1000;

/**
 * Calls `stop` once, on the first SIGINT, SIGTERM or SIGHUP or when our parent process goes
 * (npm killed, or a `sh -c` between npm and us that died of npm's SIGTERM); calls `force` on
 * a signal that comes at least a second after the first: a second Ctrl-C forces.
 * @param {{ stop: (why: string) => void, force: (why: string) => void }} handlers
 */
export function onStopRequest({ stop, force }) {
  let since = 0;
  /** @param {string} why */
  const request = (why, repeatForces = true) => {
    if (!since) return void ((since = Date.now()), stop(why));
    if (repeatForces && Date.now() - since >= SAME_REQUEST_MS) force(why);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, () => request(signal));
  // Nothing tells a process that its parent died; it only gets a new one (init or a
  // subreaper). A poll costs nothing while idle and catches it within a second.
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) request(`parent process ${parent} exited`, false);
  }, PARENT_POLL_MS);
  timer.unref();
}

// Reads its stdin until the line that disarms it, or until EOF: EOF means that every copy of
// the other end is closed, which happens when the process that holds it exits, even by
// SIGKILL, and then it sends SIGTERM to the group. `read` is a shell builtin: one small
// process, no polling. (`kill -15 -<pgid>`: the form dash's builtin accepts for a group.)
const WATCHDOG = `read -r _ || kill -15 -"$1" 2>/dev/null`;

/**
 * Sends SIGTERM to the process group that `pid` leads (a child spawned `detached`, which
 * nothing else would stop) when this process exits, however it exits (SIGKILL included),
 * unless disarmed first. The watchdog has a group of its own too, so that the signal that
 * kills us does not kill it. Disarm it once the child has exited, before its pid can be reused.
 * @param {number} pid
 * @returns {{ disarm: () => void }}
 */
export function stopWhenWeExit(pid) {
  const watchdog = spawn("sh", ["-c", WATCHDOG, "watchdog", String(pid)], {
    detached: true,
    stdio: ["pipe", "ignore", "ignore"],
  });
  watchdog.on("error", () => {}); // no `sh`: nothing to watch with; the exit hooks remain
  watchdog.stdin.on("error", () => {}); // it died first (killed by hand): nothing to tell it
  watchdog.unref();
  /** @type {import("node:net").Socket} */ (watchdog.stdin).unref(); // the open pipe must not keep us alive
  let armed = true;
  return {
    disarm: () => {
      if (armed) watchdog.stdin.end("\n");
      armed = false;
    },
  };
}
