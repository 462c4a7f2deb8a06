// Sends in flight (issue 11, target 3): a CLOSED loop, 50 customers each keeping 4 sends in
// flight (200 at once) for 10 s, against plain Socket.IO doing the same fan-out in the same
// run. Target: p99 send->ACK <= 250 ms and no send failed. The server counts its database
// commands (DB_COMMAND_METRICS=on), so the run also prints operations per stored message.
import { spawnTs, stop, waitForLine } from "../lib/processes.ts";
import { DB_NOTE, saveJson, table } from "../lib/report.ts";
import { countingDbOps } from "../lib/dbOps.ts";
import { chatLoad, line, row, type Level } from "./load.ts";
import { freshUri, pidsOf, server, type Ctx } from "./context.ts";

const ROOMS = 50;
const PER_ROOM = 4;
export const P99_TARGET_MS = 250;

export async function inFlight(ctx: Ctx) {
  const seconds = ctx.quick ? 4 : 10;
  console.log(
    `\n== in flight: closed loop, ${ROOMS} customers x ${PER_ROOM} sends in flight, ${seconds} s`,
  );
  const shape = { workers: 2, rooms: ROOMS, agents: 2, secret: ctx.secret };

  const echo = spawnTs("bench/src/echoServer.ts", []);
  const [, echoPort] = await waitForLine(echo, /PORT=(\d+)/);
  const echoLoad = await chatLoad({
    ...shape,
    target: "socket.io echo",
    url: `http://127.0.0.1:${echoPort}`,
    tag: "if-echo",
    pids: pidsOf(ctx, { echo: { pid: () => echo.pid! } }),
  });
  const baseline = await run(echoLoad, seconds);
  await stop(echo);

  const srv = await server(ctx, freshUri(ctx, "inflight"), { env: { DB_COMMAND_METRICS: "on" } });
  const ours = await run(
    countingDbOps(
      await chatLoad({
        ...shape,
        target: "switchboard",
        url: srv.url,
        tag: "if-sb",
        pids: pidsOf(ctx, { server: srv }),
      }),
      srv.url,
    ),
    seconds,
  );
  await srv.stop();

  const met = ours.ackMs.p99 <= P99_TARGET_MS && ours.failed + ours.timedOut === 0;
  table(`Closed loop, ${ROOMS * PER_ROOM} sends in flight over ${ROOMS} rooms (${DB_NOTE})`, [
    row(baseline),
    row(ours),
    {
      target: `target p99 <= ${P99_TARGET_MS} ms, none failed`,
      offered: met ? "met" : "not met",
    },
  ]);
  await saveJson("in-flight", {
    quick: ctx.quick,
    dbKind: ctx.db.kind,
    note: DB_NOTE,
    rooms: ROOMS,
    perRoom: PER_ROOM,
    seconds,
    p99TargetMs: P99_TARGET_MS,
    met,
    runs: [baseline, ours],
  });
}

async function run(load: Awaited<ReturnType<typeof chatLoad>>, seconds: number): Promise<Level> {
  try {
    await load.level(50, 1); // warm-up: JIT, pools, each room's first read
    const level = await load.closed(PER_ROOM, seconds);
    console.log(`  ${load.target}: ${line(level)}`);
    return level;
  } finally {
    await load.close();
  }
}
