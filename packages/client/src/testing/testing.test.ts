// The `@switchboard/client/testing` entry as a host uses it: real timers, no test framework
// inside, a fake server that answers like the real one.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeTokenIdentity } from "../identity.ts";
import { createFakeChatClient, FakeServer, fakeToken, heldView, storedView } from "./index.ts";

/** Resolves once `check` holds after a store change (no sleeps). */
function when(client: ReturnType<typeof createFakeChatClient>["client"], check: () => boolean) {
  return new Promise<void>((resolve) => {
    if (check()) return resolve();
    const off = client.store.subscribe(() => {
      if (!check()) return;
      off();
      resolve();
    });
  });
}

describe("@switchboard/client/testing", () => {
  it("imports no test framework (it ships, and hosts run it under any runner)", () => {
    const dir = new URL(".", import.meta.url);
    const sources = readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.includes(".test."));
    expect(sources).toContain("index.ts");
    for (const f of sources) {
      expect(readFileSync(new URL(f, dir), "utf8"), f).not.toMatch(/from "(vitest|jest|@jest)/);
    }
  });

  it("makes tokens the SDK reads as the identity, without Node's Buffer", () => {
    expect(decodeTokenIdentity(fakeToken("u1", "customer"))).toEqual({
      userId: "u1",
      role: "customer",
    });
    expect(decodeTokenIdentity(fakeToken("a-7", "admin", "Zoë"))).toEqual({
      userId: "a-7",
      role: "admin",
      name: "Zoë",
    });
  });

  it("runs a conversation on real timers: autoOnline, send, reply, read receipt", async () => {
    const server = new FakeServer();
    const customer = createFakeChatClient(server, { userId: "u1", autoOnline: true });
    const agent = createFakeChatClient(server, { userId: "a1", role: "admin", autoOnline: true });
    customer.client.connect();
    agent.client.connect();
    const room = await customer.client.join();
    await agent.client.join(room.id);
    expect(customer.client.store.getState().connectionStatus).toBe("online");

    customer.client.send(room.id, "Hello?");
    const held = () => customer.client.store.getState().messagesByRoom[room.id] ?? [];
    await when(customer.client, () => held()[0]?.localStatus === "stored");
    await agent.client.markRead(room.id);
    await when(customer.client, () => held()[0]?.status === "read");
    server.store(room.id, "a1", "admin", "Hi!");
    await when(customer.client, () => held().length === 2);
    expect(heldView(customer.client, room.id)).toEqual(storedView(server, room.id));
    expect(customer.socket.sent("send-message")).toHaveLength(1);
    customer.client.disconnect();
    agent.client.disconnect();
  });
});
