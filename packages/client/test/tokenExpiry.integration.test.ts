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

describe("short-lived tokens", () => {
  it("the server ends the socket at expiry; the SDK reconnects with a fresh token and loses no queued send", async () => {
    let issued = 0;
    const client = createChatClient({
      url: server.url,
      // Each token lives 2 s: the socket is cut at least once during this test.
      getToken: () => {
        issued++;
        return server.token("te-customer", "customer", "2s");
      },
      ackTimeoutMs: 3000,
      socketOptions: FAST_RECONNECT,
    });
    client.connect();
    try {
      const room = await client.join();
      const sent = [];
      for (let i = 0; i < 6; i++) {
        sent.push(client.send(room.id, `message ${i}`));
        await new Promise((r) => setTimeout(r, 500));
      }
      await eventually(
        () =>
          expect(
            client.store
              .getState()
              .messagesByRoom[room.id]?.every((m) => m.localStatus === "stored"),
          ).toBe(true),
        10_000,
      );
      expect(issued).toBeGreaterThan(1);
      for (const m of sent)
        expect(await countByClientId(db, "te-customer", m.clientMessageId)).toBe(1);
      expect(storedIds(client, room.id)).toEqual((await dbMessages(db, room.id)).map((m) => m.id));
    } finally {
      client.disconnect();
    }
  });
});
