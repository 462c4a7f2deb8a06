// A small version of the database-restart drill (bench/src/drills/dbRestart.ts): a private
// FerretDB is stopped mid-flood and started again on the same data and port. Sends fail
// meanwhile (INTERNAL), the SDK retries them, and each lands exactly once.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startTestServer, type TestServer } from "@switchboard/server/testing";
import mongoose, { type Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDatabase } from "../../../scripts/db.mjs";
import {
  connectClient,
  dbMessages,
  eventually,
  messages,
  storedIds,
  type Client,
} from "./support.ts";

const binDir = fileURLToPath(new URL("../../../data/bin", import.meta.url));
let dataDir: string;
let database: Awaited<ReturnType<typeof startDatabase>>;
let server: TestServer;
let db: Connection;
let client: Client;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "switchboard-db-restart-"));
  database = await startDatabase({ dataDir, binDir, port: 0, log: () => {} });
  server = await startTestServer({ mongoUri: database.uri, rateLimits: false });
  db = await mongoose.createConnection(server.mongoUri).asPromise();
});
afterAll(async () => {
  client?.disconnect();
  await server.close();
  await db.close();
  await database.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe("database restarted mid-flood", () => {
  it("fails sends while it is down, and the SDK's retries land each exactly once", async () => {
    client = connectClient(server, "dbr-customer");
    const roomId = (await client.join()).id;
    const port = Number(new URL(database.uri).port);
    const first = Array.from({ length: 10 }, (_, k) => client.send(roomId, `before ${k}`));
    await eventually(
      () => messages(client, roomId).filter((m) => m.localStatus === "stored").length >= 3,
      10_000,
    );
    await database.stop();
    const during = Array.from({ length: 10 }, (_, k) => client.send(roomId, `during ${k}`));
    await new Promise((r) => setTimeout(r, 1000));
    database = await startDatabase({ dataDir, binDir, port, log: () => {} });

    await eventually(
      () => messages(client, roomId).every((m) => m.localStatus === "stored"),
      60_000,
    );
    const held = await dbMessages(db, roomId);
    const expected = [...first, ...during].map((m) => m.clientMessageId).sort();
    expect(held.map((m) => m.clientMessageId).sort()).toEqual(expected);
    await eventually(
      () => expect(storedIds(client, roomId)).toEqual(held.map((m) => m.id)),
      10_000,
    );
  });
});
