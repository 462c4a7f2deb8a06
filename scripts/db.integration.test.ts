import { randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
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

  it.skipIf(process.env.MONGODB_URI)(
    "two starts racing for one port each get a database of their own",
    async () => {
      // As two checkouts' `npm start` racing for 27017; a private port stands in for it.
      const preferredPort = await pickPort(0);
      const [dirA, dirB] = await Promise.all(
        ["a", "b"].map((n) => mkdtemp(path.join(os.tmpdir(), `switchboard-race-${n}-`))),
      );
      dirs.push(dirA!, dirB!);
      // B starts once A has picked the port (A's first log line) but before A's database
      // listens on it: both found it free.
      let startB!: () => void;
      const aPicked = new Promise<void>((resolve) => (startB = resolve));
      const a = startDatabase({ dataDir: dirA!, binDir, preferredPort, log: startB });
      const b = aPicked.then(() =>
        startDatabase({ dataDir: dirB!, binDir, preferredPort, log: () => {} }),
      );
      const [dbA, dbB] = await Promise.all([a, b]);
      try {
        expect(dbA.uri).not.toBe(dbB.uri);
        const id = randomUUID();
        const inB = new MongoClient(databaseUri(dbB.uri, "sb_race"));
        await inB.db().collection("docs").insertOne({ id });
        await inB.close();
        const inA = new MongoClient(databaseUri(dbA.uri, "sb_race"));
        expect(await inA.db().collection("docs").findOne({ id })).toBeNull();
        await inA.close();
      } finally {
        await Promise.all([dbA.stop(), dbB.stop()]);
      }
    },
  );

  it.skipIf(process.env.MONGODB_URI)(
    "a port asked for but taken meanwhile fails the start, saying so",
    async () => {
      const port = await pickPort(0);
      const [dirA, dirB] = await Promise.all(
        ["a", "b"].map((n) => mkdtemp(path.join(os.tmpdir(), `switchboard-taken-${n}-`))),
      );
      dirs.push(dirA!, dirB!);
      let startB!: () => void;
      const aPicked = new Promise<void>((resolve) => (startB = resolve));
      const a = startDatabase({ dataDir: dirA!, binDir, port, log: startB });
      const b = aPicked.then(() => startDatabase({ dataDir: dirB!, binDir, port, log: () => {} }));
      const results = await Promise.allSettled([a, b]);
      const started = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
      await Promise.all(started.map((db) => db.stop()));
      expect(started).toHaveLength(1); // whichever bound the port first
      expect(results.find((r) => r.status === "rejected")).toMatchObject({
        reason: { message: expect.stringMatching(/port \d+ .* taken by another process/) },
      });
    },
  );

  it.skipIf(process.env.MONGODB_URI)(
    "running.json is trusted only while the database it names answers as itself",
    async () => {
      const [dirA, dirB] = await Promise.all(
        ["a", "b"].map((n) => mkdtemp(path.join(os.tmpdir(), `switchboard-lock-${n}-`))),
      );
      dirs.push(dirA!, dirB!);
      const a = await startDatabase({ dataDir: dirA!, binDir, port: 0, log: () => {} });
      const lockB = path.join(dirB!, "running.json");
      const fromB = async () => {
        const db = await startDatabase({ dataDir: dirB!, binDir, port: 0, log: () => {} });
        await db.stop();
        return db;
      };
      try {
        // A live process, and a database on that URI, but not the one it started.
        await writeFile(lockB, JSON.stringify({ pid: process.pid, dbPid: a.pid! + 1, uri: a.uri }));
        expect(await fromB()).toMatchObject({
          kind: a.kind,
          uri: expect.not.stringMatching(a.uri),
        });
        await writeFile(lockB, JSON.stringify({ pid: process.pid, dbPid: a.pid, uri: a.uri }));
        expect(await fromB()).toMatchObject({ kind: "external", uri: a.uri });
      } finally {
        await a.stop();
      }
    },
  );

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
