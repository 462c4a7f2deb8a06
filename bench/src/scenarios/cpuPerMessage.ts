// Server CPU per stored message against plain Socket.IO doing the same fan-out (issue 11,
// target 1): 20 rooms, one agent in all of them, a steady open-loop rate that both sustain.
// The server process's CPU comes from /proc (user + system), its idle cost with the same
// sockets connected is measured first and subtracted, so the figure is what a message costs.
import { cpuSeconds, type Pids } from "../lib/env.ts";
import { spawnTs, stop, waitForLine } from "../lib/processes.ts";
import { DB_NOTE, saveJson, table } from "../lib/report.ts";
import { chatLoad, line, type Level, type LoadGroup } from "./load.ts";
import { freshUri, pidsOf, server, type Ctx } from "./context.ts";

const ROOMS = 20;
const AGENTS = 1;

interface Run {
  target: string;
  rate: number;
  seconds: number;
  idleCpuMsPerS: number;
  level: Level;
  cpuMsPerMessage: number;
}

/** CPU ms a second that `pid` spends over `seconds` of doing nothing (sockets connected). */
async function idleCost(pid: Pids, seconds: number): Promise<number> {
  const c0 = cpuSeconds(pid);
  const t0 = performance.now();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  return ((cpuSeconds(pid) - c0) * 1000) / ((performance.now() - t0) / 1000);
}

async function measure(
  target: string,
  load: LoadGroup,
  pid: Pids,
  rate: number,
  seconds: number,
  idleSeconds: number,
): Promise<Run> {
  await load.level(Math.min(rate, 20), 2); // warm-up: JIT, pools
  const idleCpuMsPerS = await idleCost(pid, idleSeconds);
  const c0 = cpuSeconds(pid);
  const t0 = performance.now();
  const level = await load.level(rate, seconds);
  const wall = (performance.now() - t0) / 1000;
  const busyMs = (cpuSeconds(pid) - c0) * 1000 - idleCpuMsPerS * wall;
  const cpuMsPerMessage = level.acked > 0 ? busyMs / level.acked : NaN;
  console.log(`  ${target}: ${line(level)}; ${cpuMsPerMessage.toFixed(2)} ms CPU per message`);
  await load.close();
  return { target, rate, seconds, idleCpuMsPerS, level, cpuMsPerMessage };
}

export async function cpuPerMessage(ctx: Ctx) {
  const rate = 60;
  const seconds = ctx.quick ? 8 : 20;
  const idleSeconds = ctx.quick ? 3 : 10;
  console.log(
    `\n== cpu per message: ${rate} msg/s for ${seconds} s over ${ROOMS} rooms, ${AGENTS} agent in all`,
  );
  const load = (target: string, url: string, tag: string, pids: () => Record<string, Pids>) =>
    chatLoad({
      target,
      url,
      secret: ctx.secret,
      tag,
      workers: 1,
      rooms: ROOMS,
      agents: AGENTS,
      pids,
    });

  const echo = spawnTs("bench/src/echoServer.ts", []);
  const [, echoPort] = await waitForLine(echo, /PORT=(\d+)/);
  const echoPids = pidsOf(ctx, { echo: { pid: () => echo.pid! } });
  const echoUrl = `http://127.0.0.1:${echoPort}`;
  const baseline = await measure(
    "socket.io echo",
    await load("socket.io echo", echoUrl, "cpu-echo", echoPids),
    echo.pid!,
    rate,
    seconds,
    idleSeconds,
  );
  await stop(echo);

  const srv = await server(ctx, freshUri(ctx, "cpu"));
  const ours = await measure(
    "switchboard",
    await load("switchboard", srv.url, "cpu-sb", pidsOf(ctx, { server: srv })),
    srv.pid(),
    rate,
    seconds,
    idleSeconds,
  );
  await srv.stop();

  const ratio = ours.cpuMsPerMessage / baseline.cpuMsPerMessage;
  table("Server CPU per stored message (idle cost subtracted)", [
    ...[baseline, ours].map((r) => ({
      target: r.target,
      "msg/s": r.level.achieved,
      acked: r.level.acked,
      "idle ms/s": Math.round(r.idleCpuMsPerS),
      "CPU ms/msg": Number(r.cpuMsPerMessage.toFixed(2)),
    })),
    { target: "ratio (target ≤ 1.5)", "CPU ms/msg": Number(ratio.toFixed(2)) },
  ]);
  await saveJson("cpu-per-message", {
    quick: ctx.quick,
    dbKind: ctx.db.kind,
    note: DB_NOTE,
    rooms: ROOMS,
    agents: AGENTS,
    runs: [baseline, ours],
    ratio,
  });
}
