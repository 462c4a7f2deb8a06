// The SDK against a real server: a customer and an admin chat both ways in real time.
import { describe, expect, it } from "vitest";
import {
  connectClient,
  countByClientId,
  eventually,
  expectInSync,
  messages,
  useServer,
} from "./support.ts";

const env = useServer();

/** A customer in their open room, and an admin who joined it. */
async function pair(name: string) {
  const customer = connectClient(env.server, `${name}-customer`);
  const admin = connectClient(env.server, `${name}-admin`, "admin");
  env.clients.push(customer, admin);
  const room = await customer.join();
  await admin.join(room.id);
  return { customer, admin, roomId: room.id };
}

describe("realtime chat through the SDK", () => {
  it("delivers messages both ways; each store holds the other side's messages once", async () => {
    const { customer, admin, roomId } = await pair("both-ways");
    const fromCustomer = ["Hi, my order is late", "Order #1234"];
    const fromAdmin = ["Hello! Let me check", "It ships today"];
    for (let i = 0; i < 2; i++) {
      customer.send(roomId, fromCustomer[i]!);
      admin.send(roomId, fromAdmin[i]!);
    }
    const inDb = await expectInSync(customer, env.db, roomId, 4);
    await expectInSync(admin, env.db, roomId, 4);
    for (const client of [customer, admin]) {
      const contents = messages(client, roomId).map((m) => m.content);
      for (const text of [...fromCustomer, ...fromAdmin]) {
        expect(contents.filter((c) => c === text)).toHaveLength(1);
      }
    }
    // Each side's messages are stored in the order they were written.
    const bySender = (sub: string) => inDb.filter((m) => m.senderId === sub).map((m) => m.content);
    expect(bySender("both-ways-customer")).toEqual(fromCustomer);
    expect(bySender("both-ways-admin")).toEqual(fromAdmin);
  });

  it("turns the sender's pending message into the stored one (same clientMessageId)", async () => {
    const { customer, admin, roomId } = await pair("pending");
    const pending = customer.send(roomId, "  Is anyone there?  ");
    expect(pending).toMatchObject({
      id: `local:${pending.clientMessageId}`,
      localStatus: "pending",
      content: "Is anyone there?",
      senderId: "pending-customer",
    });
    expect(messages(customer, roomId).map((m) => m.id)).toContain(pending.id);

    const stored = await eventually(() => {
      const held = messages(customer, roomId).filter(
        (m) => m.clientMessageId === pending.clientMessageId,
      );
      expect(held).toHaveLength(1);
      expect(held[0]!.localStatus).toBe("stored");
      return held[0]!;
    });
    expect(stored.id).not.toBe(pending.id);
    expect(stored).toMatchObject({ roomId, content: "Is anyone there?", senderRole: "customer" });
    expect(await countByClientId(env.db, "pending-customer", pending.clientMessageId)).toBe(1);
    // The admin got the very same stored message, once.
    await eventually(() => {
      const atAdmin = messages(admin, roomId).filter((m) => m.id === stored.id);
      expect(atAdmin).toHaveLength(1);
      expect(atAdmin[0]!.clientMessageId).toBe(pending.clientMessageId);
    });
  });

  it("keeps both stores equal to the database through a fast exchange", async () => {
    const { customer, admin, roomId } = await pair("burst");
    for (let i = 0; i < 15; i++) {
      customer.send(roomId, `c${i}`);
      admin.send(roomId, `a${i}`);
    }
    const inDb = await expectInSync(customer, env.db, roomId, 30);
    await expectInSync(admin, env.db, roomId, 30);
    expect(new Set(inDb.map((m) => m.content)).size).toBe(30);
  });
});
