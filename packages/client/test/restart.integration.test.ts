// The SDK across a server restart: the clients come back by themselves (SDK backoff), what
// was queued while the server was down is stored exactly once, and both stores equal the
// database.
import type { TestServer } from "@switchboard/server/testing";
import type { Connection } from "mongoose";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ChatMessage } from "../src/index.ts";
import {
  connectClient,
  countByClientId,
  eventually,
  expectInSync,
  messages,
  online,
  openDb,
  startServer,
  type Client,
} from "./support.ts";

let server: TestServer;
let db: Connection;
let clients: Client[] = [];

beforeEach(async () => {
  server = await startServer();
  db = await openDb(server);
});
afterEach(async () => {
  for (const c of clients) c.disconnect();
  clients = [];
  await server.close();
  await db.close();
});

async function chatting(name: string) {
  const customer = connectClient(server, `${name}-customer`);
  const admin = connectClient(server, `${name}-admin`, "admin");
  clients.push(customer, admin);
  const { id: roomId } = await customer.join();
  await admin.join(roomId);
  customer.send(roomId, "hello");
  admin.send(roomId, "hi there");
  await expectInSync(customer, db, roomId, 2);
  await expectInSync(admin, db, roomId, 2);
  return { customer, admin, roomId, sub: `${name}-customer` };
}

/** Stops the server, runs `whileDown`, starts a new one on the same data, port and secret. */
async function restart(whileDown: () => Promise<void>) {
  await server.close();
  await whileDown();
  server = await startServer(server);
}

const isReconnecting = (c: Client) => c.store.getState().connectionStatus === "reconnecting";

describe("server restart", () => {
  it("stores what the customer queued while the server was down, exactly once", async () => {
    const { customer, admin, roomId, sub } = await chatting("down");
    const offline: ChatMessage[] = [];
    await restart(async () => {
      await eventually(() => isReconnecting(customer) && isReconnecting(admin));
      for (let i = 1; i <= 5; i++) offline.push(customer.send(roomId, `while down ${i}`));
      expect(messages(customer, roomId).slice(-5)).toEqual(
        offline.map((m) => expect.objectContaining({ id: m.id, localStatus: "pending" })),
      );
      for (const m of offline) expect(await countByClientId(db, sub, m.clientMessageId)).toBe(0);
    });

    await online(customer);
    await online(admin);
    const inDb = await expectInSync(customer, db, roomId, 7);
    await expectInSync(admin, db, roomId, 7);
    for (const m of offline) expect(await countByClientId(db, sub, m.clientMessageId)).toBe(1);
    expect(inDb.slice(-5).map((m) => m.content)).toEqual(offline.map((m) => m.content));

    // Realtime works again on the new server, both ways.
    admin.send(roomId, "back online");
    customer.send(roomId, "great");
    await expectInSync(customer, db, roomId, 9);
    await expectInSync(admin, db, roomId, 9);
  });

  it("loses and doubles nothing when the server stops in the middle of a burst", async () => {
    const { customer, admin, roomId, sub } = await chatting("burst");
    const burst = Array.from({ length: 12 }, (_, i) => customer.send(roomId, `burst ${i}`));
    // Stop once part of the burst is stored: the rest is in flight or still queued.
    await eventually(
      async () => (await db.collection("chat_messages").countDocuments()) >= 5,
      10_000,
      2,
    );
    await restart(async () => {
      await eventually(() => isReconnecting(customer));
      expect(await db.collection("chat_messages").countDocuments()).toBeLessThan(14);
    });

    const inDb = await expectInSync(customer, db, roomId, 14);
    await expectInSync(admin, db, roomId, 14);
    for (const m of burst) expect(await countByClientId(db, sub, m.clientMessageId)).toBe(1);
    expect(inDb.slice(-12).map((m) => m.content)).toEqual(burst.map((m) => m.content));
  });
});
