import { createChatClient } from "../src/index.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "mongoose";
import type { TestServer } from "@switchboard/server/testing";
import {
  FAST_RECONNECT,
  countByClientId,
  eventually,
  openDb,
  startServer,
  storedIds,
  dbMessages,
} from "./support.ts";

let server: TestServer;
let db: Connection;
beforeAll(async () => {
  server = await startServer();
  db = await openDb(server);
});
afterAll(async () => {
  await server.close();
  await db.close();
});

/** Sends six messages 500 ms apart, then checks each is stored once and the client shows the database. */
async function sendAcrossExpiries(client: ReturnType<typeof createChatClient>, sub: string) {
  const room = await client.join();
  const sent = [];
  for (let i = 0; i < 6; i++) {
    sent.push(client.send(room.id, `message ${i}`));
    await new Promise((r) => setTimeout(r, 500));
  }
  await eventually(
    () =>
      expect(
        client.store.getState().messagesByRoom[room.id]?.every((m) => m.localStatus === "stored"),
      ).toBe(true),
    10_000,
  );
  for (const m of sent) expect(await countByClientId(db, sub, m.clientMessageId)).toBe(1);
  expect(storedIds(client, room.id)).toEqual((await dbMessages(db, room.id)).map((m) => m.id));
}

/** Every connection status the client goes through. */
function statusesOf(client: ReturnType<typeof createChatClient>): string[] {
  const seen: string[] = [];
  client.store.subscribe((s, prev) => {
    if (s.connectionStatus !== prev.connectionStatus) seen.push(s.connectionStatus);
  });
  return seen;
}

describe("short-lived tokens", () => {
  it("refreshes the token on the live socket before expiry: no reconnect, nothing lost", async () => {
    let issued = 0;
    const client = createChatClient({
      url: server.url,
      // Each token lives 2 s; the test runs 3 s and more.
      getToken: () => {
        issued++;
        return server.token("tr-customer", "customer", "2s");
      },
      ackTimeoutMs: 3000,
      socketOptions: FAST_RECONNECT,
    });
    const statuses = statusesOf(client);
    client.connect();
    try {
      await sendAcrossExpiries(client, "tr-customer");
      expect(issued).toBeGreaterThan(1);
      expect(statuses).toEqual(["connecting", "online"]);
    } finally {
      client.disconnect();
    }
  });

  it("when getToken has nothing newer, the server ends the socket at expiry; the SDK reconnects with the next token and loses no queued send", async () => {
    let current: { token: string; exp: number } | undefined;
    let issued = 0;
    const client = createChatClient({
      url: server.url,
      // A host that hands out its cached token until that has expired.
      getToken: async () => {
        if (!current || current.exp <= Date.now()) {
          issued++;
          current = {
            token: await server.token("te-customer", "customer", "2s"),
            exp: Date.now() + 1000 * 2,
          };
        }
        return current.token;
      },
      ackTimeoutMs: 3000,
      socketOptions: FAST_RECONNECT,
    });
    const statuses = statusesOf(client);
    client.connect();
    try {
      await sendAcrossExpiries(client, "te-customer");
      expect(issued).toBeGreaterThan(1);
      expect(statuses).toContain("reconnecting");
    } finally {
      client.disconnect();
    }
  });
});
