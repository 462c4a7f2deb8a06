// Webhooks: events per second and delivery latency from a flood of sends, against a baseline
// measured in the same run (plain signed POSTs to the same receiver process, as many in
// parallel as there are rooms); the database commands per event (DB_COMMAND_METRICS, with and
// without webhooks); then the fault drill of packages/server/test at a larger size.
import { randomBytes } from "node:crypto";
import { io, type Socket } from "socket.io-client";
import { startTestServer } from "@switchboard/server/testing";
import { signature } from "../../../packages/server/src/services/webhookEvents.ts";
import { startReceiver } from "../../../packages/server/test/webhookReceiver.ts";
import { runDrill } from "../../../packages/server/test/webhookDrill.ts";
import { saveJson, table } from "../lib/report.ts";
import type { Ctx } from "./context.ts";

const pct = (xs: number[], p: number) =>
  xs.length
    ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!
    : 0;

export async function webhooks(ctx: Ctx) {
  const rooms = ctx.quick ? 10 : 40;
  const perRoom = ctx.quick ? 20 : 50;
  const secret = randomBytes(16).toString("hex");

  // Baseline: the receiver alone, signed POSTs one after the other per room.
  const base = await startReceiver(secret);
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: rooms }, async (_, r) => {
      for (let i = 0; i < perRoom; i++) {
        const body = JSON.stringify({
          id: `${r}-${i}`,
          type: "message.created",
          createdAt: new Date().toISOString(),
          data: { id: `${r}-${i}` },
        });
        const t = Math.floor(Date.now() / 1000);
        await fetch(base.url, {
          method: "POST",
          body,
          headers: {
            "Content-Type": "application/json",
            "X-Switchboard-Signature": signature(secret, body, t),
          },
        });
      }
    }),
  );
  const baseMs = Date.now() - t0;
  const baseLat = base.requests.map((r) => r.at - Date.parse(r.createdAt));
  await base.stop();

  // Switchboard: customers flood, each event from stored to the receiver's 2xx.
  const measure = async (withHooks: boolean) => {
    const receiver = await startReceiver(secret);
    const s = await startTestServer({
      mongoUri: ctx.db.uri,
      rateLimits: false,
      dbCommandMetrics: true,
      ...(withHooks ? { webhooks: { urls: [receiver.url], secret } } : {}),
    });
    const sockets: Socket[] = [];
    const started = Date.now();
    await Promise.all(
      Array.from({ length: rooms }, async (_, r) => {
        const socket = io(`${s.url}/chat`, {
          auth: { token: await s.token(`wb-${r}`) },
          transports: ["websocket"],
        });
        sockets.push(socket);
        const roomId = (await socket.emitWithAck("join-chat", {})).data.room.id as string;
        for (let i = 0; i < perRoom; i++)
          await socket.emitWithAck("send-message", {
            roomId,
            clientMessageId: `m${i}`,
            content: `m${i}`,
          });
      }),
    );
    const acked = Date.now() - started;
    const events = rooms * (perRoom + 1);
    if (withHooks)
      await receiver.until((r) => r.filter((x) => x.status === 204).length >= events, 300_000);
    const done = Date.now() - started;
    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    const commands = [
      ...metrics.matchAll(/^switchboard_db_commands_total\{command="(\w+)"\} (\S+)$/gm),
    ]
      .filter(([, c]) => !["ping", "hello", "isMaster", "ismaster"].includes(c!))
      .reduce((sum, [, , v]) => sum + Number(v), 0);
    const lat = receiver.requests.map((r) => r.at - Date.parse(r.createdAt));
    sockets.forEach((x) => x.close());
    await s.close();
    await receiver.stop();
    return {
      events,
      acked,
      done,
      commands,
      lat,
      duplicates: receiver.requests.length - (withHooks ? events : 0),
    };
  };
  const off = await measure(false);
  const on = await measure(true);
  const drill = await runDrill({
    mongoUri: ctx.db.uri,
    rooms: ctx.quick ? 10 : 30,
    before: ctx.quick ? 30 : 100,
    after: 10,
    deliverWithinMs: 300_000,
  });

  const rows = [
    {
      what: "baseline: plain signed POSTs",
      events: rooms * perRoom,
      "events/s": Math.round((rooms * perRoom * 1000) / baseMs),
      "p50 ms": pct(baseLat, 0.5),
      "p99 ms": pct(baseLat, 0.99),
    },
    {
      what: "Switchboard: sends → webhooks",
      events: on.events,
      "events/s": Math.round((on.events * 1000) / on.done),
      "p50 ms": pct(on.lat, 0.5),
      "p99 ms": pct(on.lat, 0.99),
    },
  ];
  table(`webhooks: ${rooms} rooms × ${perRoom} messages`, rows);
  const cost = {
    commandsPerMessageOff: +(off.commands / off.events).toFixed(2),
    commandsPerMessageOn: +(on.commands / on.events).toFixed(2),
    ackMsOff: off.acked,
    ackMsOn: on.acked,
  };
  table("database commands per event (DB_COMMAND_METRICS)", [cost]);
  table("webhook fault drill", [drill]);
  await saveJson("webhooks", { rooms, perRoom, rows, cost, drill, duplicates: on.duplicates });
}
