import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, nextWhere, type Harness } from "./support.ts";

// Labels (contract v2): `set-labels` replaces a room's labels (admins), every admin hears
// `room-updated`, and `list-rooms { label }` lists the rooms that carry one.
let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const labelsInDb = async (roomId: string) =>
  (await h.db.collection("chat_rooms").findOne({ _id: new mongoose.Types.ObjectId(roomId) }))!
    .labels as string[];

describe("set-labels", () => {
  it("replaces the labels, tells every admin, and filters list-rooms", async () => {
    const customer = await h.connect("lb-customer");
    const roomId = (await h.call(customer, "join-chat", {})).data.room.id as string;
    await h.call(customer, "send-message", { roomId, clientMessageId: "lb-1", content: "Refund?" });
    const other = await h.connect("lb-other");
    const otherRoom = (await h.call(other, "join-chat", {})).data.room.id as string;
    await h.call(other, "send-message", {
      roomId: otherRoom,
      clientMessageId: "lb-o",
      content: "Hi",
    });
    const agent = await h.connect("lb-agent", "admin");
    const watcher = await h.connect("lb-watcher", "admin");

    const told = nextWhere<{ id: string; labels: string[] }>(
      watcher,
      "room-updated",
      (r) => r.id === roomId,
    );
    const ack = await h.call(agent, "set-labels", {
      roomId,
      labels: ["billing", "vip", "billing"],
    });
    expect(ack).toMatchObject({
      ok: true,
      data: { room: { id: roomId, labels: ["billing", "vip"] } },
    });
    expect((await told).labels).toEqual(["billing", "vip"]);
    expect(await labelsInDb(roomId)).toEqual(["billing", "vip"]);

    const billing = await h.call(agent, "list-rooms", { label: "billing" });
    expect(billing.data.rooms.map((r: { id: string }) => r.id)).toEqual([roomId]);
    expect((await h.call(agent, "list-rooms", { label: "nothing" })).data.rooms).toEqual([]);
    const all = await h.call(agent, "list-rooms", {});
    expect(all.data.rooms.map((r: { id: string }) => r.id)).toContain(otherRoom);

    // A send after the labels keeps them on the room it announces.
    const sent = nextWhere<{ id: string; labels: string[]; lastMessage: { text: string } }>(
      watcher,
      "room-updated",
      (r) => r.id === roomId && r.lastMessage?.text === "Any news?",
    );
    const customerSaw = nextWhere<{ id: string; labels: string[]; lastMessage: { text: string } }>(
      customer,
      "room-updated",
      (r) => r.id === roomId && r.lastMessage?.text === "Any news?",
    );
    await h.call(customer, "send-message", {
      roomId,
      clientMessageId: "lb-2",
      content: "Any news?",
    });
    expect((await sent).labels).toEqual(["billing", "vip"]);
    // Labels are the agents' words about the customer: the customer's room never has them.
    expect((await customerSaw).labels).toEqual([]);
    const joined = (await h.call(customer, "join-chat", { roomId })).data.room;
    expect(joined.labels).toEqual([]);
    const resync = await h.call(customer, "join-chat", {
      roomId,
      after: joined.lastMessageId,
    });
    expect(resync.data).toMatchObject({ messages: [], room: { labels: [] } });

    // Emptying them, and labelling a closed room, are allowed.
    await h.call(agent, "close-chat", { roomId });
    expect((await h.call(agent, "set-labels", { roomId, labels: [] })).data.room.labels).toEqual(
      [],
    );
    expect(await labelsInDb(roomId)).toEqual([]);
  });

  it("refuses customers, bad labels and unknown rooms, changing nothing", async () => {
    const customer = await h.connect("lb-bad-customer");
    const roomId = (await h.call(customer, "join-chat", {})).data.room.id as string;
    const agent = await h.connect("lb-bad-agent", "admin");
    await h.call(agent, "set-labels", { roomId, labels: ["keep"] });

    expect(await h.call(customer, "set-labels", { roomId, labels: ["mine"] })).toMatchObject({
      ok: false,
      error: { code: "FORBIDDEN" },
    });
    // A customer is refused as a customer whatever the payload, for every agents' event.
    for (const [event, payload] of [
      ["set-labels", { roomId, labels: "Not Valid" }],
      ["admin-assign", { roomId: 42 }],
      ["list-rooms", { status: "everything" }],
      ["set-availability", { status: "asleep" }],
    ] as const)
      expect(await h.call(customer, event, payload), event).toMatchObject({
        ok: false,
        error: { code: "FORBIDDEN" },
      });
    for (const labels of [["Has Space"], ["x".repeat(33)], Array(11).fill("a"), "keep", null])
      expect(await h.call(agent, "set-labels", { roomId, labels })).toMatchObject({
        ok: false,
        error: { code: "VALIDATION" },
      });
    expect(
      await h.call(agent, "set-labels", { roomId: "0123456789abcdef01234567", labels: [] }),
    ).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await h.call(agent, "list-rooms", { label: "Not A Label" })).toMatchObject({
      ok: false,
      error: { code: "VALIDATION" },
    });
    expect(await labelsInDb(roomId)).toEqual(["keep"]);
  });
});
