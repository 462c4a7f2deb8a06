import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { MongoClient } from "mongodb";
import { afterAll, describe, expect, inject, it } from "vitest";
import { baseUri, databaseUri, pickPort, startDatabase } from "./db.mjs";

const binDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "data", "bin");

/** Resolves true when something accepts connections on 127.0.0.1:port. */
const answers = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => resolve(!socket.destroy()));
    socket.once("error", () => resolve(false));
  });

describe("startDatabase", () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  it.skipIf(process.env.MONGODB_URI)("starts a database, stores a document, stops", async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "switchboard-db-test-"));
    dirs.push(dataDir);
    const db = await startDatabase({ dataDir, binDir, port: 0, log: () => {} });
    const port = Number(new URL(db.uri).port);
    expect(db.kind).not.toBe("external");
    expect(db.uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);

    const client = new MongoClient(databaseUri(db.uri, "sb_db_test"));
    try {
      await client.db().command({ ping: 1 });
      const id = randomUUID();
      await client.db().collection("docs").insertOne({ id, text: "héllo" });
      expect(await client.db().collection("docs").findOne({ id })).toMatchObject({ text: "héllo" });
    } finally {
      await client.close();
    }

    await db.stop();
    expect(await answers(port)).toBe(false);
  });

  it("the globalSetup provides a base URI that takes a database name", async () => {
    const uri = inject("mongoUri") + "sb_" + randomUUID().slice(0, 8);
    expect(baseUri(uri)).toBe(inject("mongoUri"));
    const client = new MongoClient(uri);
    await client
      .db()
      .command({ ping: 1 })
      .finally(() => client.close());
  });

  it("pickPort finds a free port and refuses a busy one it was asked for", async () => {
    const server = net.createServer().listen(await pickPort(0), "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const { port } = server.address() as net.AddressInfo;
    await expect(pickPort(port)).rejects.toThrow(/in use/);
    server.close();
  });

  it("baseUri drops the database name and keeps the options", () => {
    expect(baseUri("mongodb://a:1,b:2/app?replicaSet=rs")).toBe("mongodb://a:1,b:2/?replicaSet=rs");
    expect(databaseUri("mongodb://h/?w=1", "x")).toBe("mongodb://h/x?w=1");
  });
});
