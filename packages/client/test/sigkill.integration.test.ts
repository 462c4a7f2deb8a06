// A small version of the SIGKILL drill (bench/src/drills/serverKill.ts): the server runs in
// its own process, customers flood it through the real SDK, the process is killed with
// SIGKILL mid-flood and started again on the same port and database. Audit: every message
// is stored exactly once, nothing is left pending, and each client shows what the DB holds.
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { signToken } from "@switchboard/server";
import mongoose, { type Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { freePort, startServerProcess } from "../../server/test/serverProcess.ts";
import { createChatClient } from "../src/index.ts";
import {
  FAST_RECONNECT,
  dbMessages,
  eventually,
  messages,
  storedIds,
  type Client,
} from "./support.ts";

const secret = randomBytes(16).toString("hex");
const mongoUri = `${inject("mongoUri")}sb_sigkill_${randomBytes(4).toString("hex")}`;
let port: number;
let server: ChildProcess;
let db: Connection;
const clients: Client[] = [];

const start = () =>
  startServerProcess(port, {
    MONGODB_URI: mongoUri,
    JWT_SECRET: secret,
    NODE_ENV: "production",
    RATE_LIMITS: "off",
  });

beforeAll(async () => {
  port = await freePort();
  server = await start();
  db = await mongoose.createConnection(mongoUri).asPromise();
});
afterAll(async () => {
  for (const c of clients) c.disconnect();
  server.kill("SIGKILL");
  await db.close();
});

describe("server killed with SIGKILL mid-flood", () => {
  it("loses nothing and doubles nothing", async () => {
    const rooms: string[] = [];
    for (let i = 0; i < 3; i++) {
      const sub = `kill-${i}`;
      const client = createChatClient({
        url: `http://127.0.0.1:${port}`,
        getToken: () => signToken(secret, { sub, role: "customer" }),
        ackTimeoutMs: 3000,
        socketOptions: FAST_RECONNECT,
      });
      client.connect();
      clients.push(client);
      rooms.push((await client.join()).id);
    }
    const sent = clients.flatMap((c, i) =>
      Array.from({ length: 20 }, (_, k) => c.send(rooms[i]!, `m${k}`)),
    );
    await eventually(
      async () => (await db.collection("chat_messages").countDocuments()) >= 10,
      10_000,
    );
    server.kill("SIGKILL");
    await new Promise<void>((resolve) => server.once("exit", () => resolve()));
    const ackedBeforeKill = clients.flatMap((c, i) =>
      messages(c, rooms[i]!)
        .filter((m) => m.localStatus === "stored")
        .map((m) => m.clientMessageId),
    );
    server = await start();

    await eventually(
      () =>
        clients.every((c, i) => messages(c, rooms[i]!).every((m) => m.localStatus === "stored")),
      30_000,
    );
    for (const [i, c] of clients.entries()) {
      const held = await dbMessages(db, rooms[i]!);
      expect(held.map((m) => m.content)).toEqual(Array.from({ length: 20 }, (_, k) => `m${k}`));
      await eventually(
        () => expect(storedIds(c, rooms[i]!)).toEqual(held.map((m) => m.id)),
        10_000,
      );
    }
    const stored = new Set(
      (await db.collection("chat_messages").find().toArray()).map((m) => m.clientMessageId),
    );
    expect(ackedBeforeKill.every((id) => stored.has(id))).toBe(true);
    expect(stored.size).toBe(sent.length);
    expect(await db.collection("chat_messages").countDocuments()).toBe(sent.length);
    console.log(
      `sigkill drill: sent=${sent.length}, acked before the kill=${ackedBeforeKill.length}, stored=${stored.size}, lost=0, duplicated=0`,
    );
  });
});
