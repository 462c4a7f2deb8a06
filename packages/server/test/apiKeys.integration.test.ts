import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "./support.ts";

// Contract v2 API keys: a host's backend sends, closes and assigns over HTTP with
// `Authorization: Bearer <secret>`, as an agent, idempotently; a wrong key is 401.
const SECRET = "crm-0123456789abcdef0123";
let h: Harness;
beforeAll(async () => {
  h = await createHarness({ apiKeys: `crm:${SECRET}` });
});
afterAll(() => h.close());

const post = (path: string, body: unknown, token = SECRET) =>
  fetch(`${h.server.url}/api/chat${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, any> })); // eslint-disable-line @typescript-eslint/no-explicit-any

describe("API keys", () => {
  it("send as an agent (idempotent), assign and close over HTTP; list rooms as an admin", async () => {
    const customer = await h.connect("ak-customer");
    const roomId = (await h.call(customer, "join-chat", {})).data.room.id as string;
    await h.call(customer, "send-message", { roomId, clientMessageId: "c1", content: "Hi" });
    const send = { clientMessageId: "bot-1", content: "Hello from the bot", senderId: "bot" };
    const first = await post(`/rooms/${roomId}/messages`, send);
    expect(first).toMatchObject({
      status: 200,
      body: { message: { senderId: "bot", senderRole: "admin" } },
    });
    const again = await post(`/rooms/${roomId}/messages`, send);
    expect(again.body.message.id).toBe(first.body.message.id);
    expect(
      await h.db.collection("chat_messages").countDocuments({ clientMessageId: "bot-1" }),
    ).toBe(1);
    const list = await fetch(`${h.server.url}/api/chat/rooms`, {
      headers: { authorization: `Bearer ${SECRET}` },
    });
    expect(list.status).toBe(200);
    // The bot took the room with its answer; the key takes it over by name.
    expect((await post(`/rooms/${roomId}/assign`, {})).body.room.adminId).toBe("crm");
    expect((await post(`/rooms/${roomId}/close`, {})).body.room.status).toBe("closed");
    expect(
      (await post(`/rooms/${roomId}/messages`, { clientMessageId: "bot-2", content: "x" })).status,
    ).toBe(409);
  });

  it("refuses a wrong key, a customer, senderId without a key, and bad bodies", async () => {
    const customer = await h.connect("ak-c2");
    const roomId = (await h.call(customer, "join-chat", {})).data.room.id as string;
    expect(
      (
        await post(
          `/rooms/${roomId}/messages`,
          { clientMessageId: "x", content: "x" },
          "crm-wrong-key-000000000",
        )
      ).status,
    ).toBe(401);
    const customerToken = await h.server.token("ak-c2");
    expect(
      (
        await post(
          `/rooms/${roomId}/messages`,
          { clientMessageId: "x", content: "x" },
          customerToken,
        )
      ).status,
    ).toBe(403);
    const agentToken = await h.server.token("ak-agent", "admin");
    expect(
      (
        await post(
          `/rooms/${roomId}/messages`,
          { clientMessageId: "x", content: "x", senderId: "someone" },
          agentToken,
        )
      ).status,
    ).toBe(403);
    expect((await post(`/rooms/${roomId}/messages`, { content: "no id" })).status).toBe(400);
    expect(
      (await post(`/rooms/nope/messages`, { clientMessageId: "x", content: "x" })).status,
    ).toBe(400);
    expect(await h.db.collection("chat_messages").countDocuments({ clientMessageId: "x" })).toBe(0);
  });
});
