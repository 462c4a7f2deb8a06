import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, nextWhere, type Harness } from "./support.ts";

// Contract v2 `set-contact` (the customer's email, stored on their open room) and `rate-chat`
// (a closed room's rating, with its `rated` activity in the same write), on a real server.
let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const roomDoc = (roomId: string) =>
  h.db.collection("chat_rooms").findOne({ _id: new mongoose.Types.ObjectId(roomId) });

describe("set-contact", () => {
  it("stores the customer's email on their open room, opening one if needed; agents hear it", async () => {
    const customer = await h.connect("ct-customer");
    const agent = await h.connect("ct-agent", "admin");
    const told = nextWhere<{ customerEmail: string | null }>(
      agent,
      "room-updated",
      (r) => r.customerEmail === "ada@example.com",
    );
    // No join first: the widget may ask for the email before anything is written.
    const ack = await h.call(customer, "set-contact", { email: "  Ada@Example.COM " });
    expect(ack).toMatchObject({ ok: true, data: { room: { customerEmail: "ada@example.com" } } });
    await told;
    const roomId = ack.data.room.id as string;
    expect((await h.call(customer, "join-chat", {})).data.room).toMatchObject({
      id: roomId,
      customerEmail: "ada@example.com",
    });
    expect((await roomDoc(roomId))!.customerEmail).toBe("ada@example.com");
  });

  it("refuses agents and bad addresses, changing nothing", async () => {
    const customer = await h.connect("ct-bad");
    const roomId = (await h.call(customer, "join-chat", {})).data.room.id as string;
    for (const email of ["not-an-email", "", "a@b", `${"x".repeat(300)}@example.com`, 42, null])
      expect(await h.call(customer, "set-contact", { email }), String(email)).toMatchObject({
        ok: false,
        error: { code: "VALIDATION" },
      });
    expect(await h.call(customer, "set-contact", {})).toMatchObject({ ok: false });
    const agent = await h.connect("ct-agent-2", "admin");
    expect(await h.call(agent, "set-contact", { email: "a@example.com" })).toMatchObject({
      ok: false,
      error: { code: "FORBIDDEN" },
    });
    expect((await roomDoc(roomId))!.customerEmail).toBeNull();
  });
});

describe("rate-chat", () => {
  it("rates a closed chat with a rated activity both sides see; a second rating replaces it", async () => {
    const customer = await h.connect("rt-customer");
    const roomId = (await h.call(customer, "join-chat", {})).data.room.id as string;
    await h.call(customer, "send-message", { roomId, clientMessageId: "rt-1", content: "Hi" });
    const agent = await h.connect("rt-agent", "admin", "Grace Hopper");
    await h.call(agent, "join-chat", { roomId }); // the conversation open on the dashboard
    await h.call(agent, "send-message", { roomId, clientMessageId: "rt-2", content: "Done!" });

    // Open: not yet.
    expect(await h.call(customer, "rate-chat", { roomId, score: 5 })).toMatchObject({
      ok: false,
      error: { code: "VALIDATION" },
    });
    await h.call(agent, "close-chat", { roomId });

    const agentSaw = nextWhere<{ kind: string; activity: { type: string; score: number } }>(
      agent,
      "new-message",
      (m) => m.kind === "activity" && m.activity.type === "rated",
    );
    const roomSeen = nextWhere<{ id: string; rating: { score: number } | null }>(
      agent,
      "room-updated",
      (r) => r.id === roomId && r.rating?.score === 4,
    );
    const ack = await h.call(customer, "rate-chat", {
      roomId,
      score: 4,
      comment: "Quick and kind",
    });
    expect(ack).toMatchObject({
      ok: true,
      data: {
        room: { id: roomId, status: "closed", rating: { score: 4, comment: "Quick and kind" } },
      },
    });
    expect(await agentSaw).toMatchObject({
      senderId: "system",
      content: "The customer rated the chat 4 out of 5",
      activity: { type: "rated", by: "rt-customer", score: 4, comment: "Quick and kind" },
    });
    await roomSeen;

    const again = await h.call(customer, "rate-chat", { roomId, score: 2 });
    expect(again.data.room.rating).toMatchObject({ score: 2, comment: "" });
    const doc = await roomDoc(roomId);
    expect(doc!.rating).toMatchObject({ score: 2, comment: "" });
    expect(doc!.unreadCountCustomer).toBe(1); // the agent's "Done!"; the ratings add none
    const rated = await h.db
      .collection("chat_messages")
      .countDocuments({ roomId: new mongoose.Types.ObjectId(roomId), "activity.type": "rated" });
    expect(rated).toBe(2);

    // The dashboard's CSAT: one room rated (its second rating replaced the first).
    const res = await fetch(`${h.server.url}/api/chat/stats`, {
      headers: { authorization: `Bearer ${await h.server.token("rt-agent", "admin")}` },
    });
    expect(((await res.json()) as { csat: unknown }).csat).toEqual({
      last7Days: { average: 2, count: 1 },
      last30Days: { average: 2, count: 1 },
    });
  });

  it("is the room's customer's only, with a score of 1 to 5", async () => {
    const customer = await h.connect("rt-own");
    const roomId = (await h.call(customer, "join-chat", {})).data.room.id as string;
    await h.call(customer, "send-message", { roomId, clientMessageId: "ro-1", content: "Hi" });
    await h.call(customer, "close-chat", { roomId });
    for (const bad of [
      { roomId, score: 0 },
      { roomId, score: 6 },
      { roomId, score: 4.5 },
      { roomId, score: "5" },
      { roomId },
      { roomId: "nope", score: 5 },
      { roomId, score: 5, comment: "x".repeat(1001) },
    ])
      expect(
        await h.call(customer, "rate-chat", bad),
        JSON.stringify(bad).slice(0, 60),
      ).toMatchObject({ ok: false, error: { code: "VALIDATION" } });
    const stranger = await h.connect("rt-stranger");
    const agent = await h.connect("rt-agent-2", "admin");
    for (const who of [stranger, agent])
      expect((await h.call(who, "rate-chat", { roomId, score: 5 })).ok).toBe(false);
    expect(await h.call(agent, "rate-chat", { roomId, score: 5 })).toMatchObject({
      error: { code: "FORBIDDEN" },
    });
    expect((await roomDoc(roomId))!.rating).toBeNull();
  });

  it("lets a customer rate 10 times an hour (each rating writes an activity), then refuses", async () => {
    const customer = await h.connect("rt-many");
    const roomId = (await h.call(customer, "join-chat", {})).data.room.id as string;
    await h.call(customer, "send-message", { roomId, clientMessageId: "rm-1", content: "Hi" });
    await h.call(customer, "close-chat", { roomId });
    const codes = [];
    for (let i = 0; i < 11; i++) {
      const ack = await h.call(customer, "rate-chat", { roomId, score: 1 + (i % 5) });
      codes.push(ack.ok ? "ok" : ack.error.code);
    }
    expect(codes).toEqual([...Array(10).fill("ok"), "RATE_LIMITED"]);
    expect((await roomDoc(roomId))!.rating).toMatchObject({ score: 5 }); // the tenth stands
  });
});
