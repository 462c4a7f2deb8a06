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

/**
 * A customer on `getToken` sends six messages 500 ms apart, across token expiries; each must be
 * stored once and the client must show what the database holds. Resolves with every
 * connection status the client went through.
 */
async function sendAcrossExpiries(
  sub: string,
  getToken: () => string | Promise<string>,
  sends = 6,
) {
  const client = createChatClient({
    url: server.url,
    getToken,
    ackTimeoutMs: 3000,
    socketOptions: FAST_RECONNECT,
  });
  const statuses: string[] = [];
  client.store.subscribe((s, prev) => {
    if (s.connectionStatus !== prev.connectionStatus) statuses.push(s.connectionStatus);
  });
  client.connect();
  try {
    const room = await client.join();
    const sent = [];
    for (let i = 0; i < sends; i++) {
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
  } finally {
    client.disconnect();
  }
  return statuses;
}

describe("short-lived tokens", () => {
  it("refreshes the token on the live socket before expiry: no reconnect, nothing lost", async () => {
    let issued = 0;
    // Each token lives 4 s (refreshed with 0.8 s left: a 2-s token's 0.4 s was too short a
    // margin for the refresh's round trip on a loaded 2-core CI machine); the test runs 5 s
    // and more, so it crosses at least one expiry.
    const statuses = await sendAcrossExpiries(
      "tr-customer",
      () => {
        issued++;
        return server.token("tr-customer", "customer", "4s");
      },
      10,
    );
    expect(issued).toBeGreaterThan(1);
    expect(statuses).toEqual(["connecting", "online", "offline"]);
  });

  it("when getToken has nothing newer, the server ends the socket at expiry; the SDK reconnects with the next token and loses no queued send", async () => {
    let current: { token: string; exp: number } | undefined;
    let issued = 0;
    // A host that hands out its cached token until that has expired.
    const statuses = await sendAcrossExpiries("te-customer", async () => {
      if (!current || current.exp <= Date.now()) {
        issued++;
        const token = await server.token("te-customer", "customer", "2s");
        current = { token, exp: Date.now() + 2000 };
      }
      return current.token;
    });
    expect(issued).toBeGreaterThan(1);
    expect(statuses).toContain("reconnecting");
  });
});
