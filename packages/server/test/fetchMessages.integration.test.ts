import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, openRoom, type ClientSocket, type Harness } from "./support.ts";

let h: Harness;
let s: ClientSocket;
let roomId: string;
let ids: string[];
beforeAll(async () => {
  h = await createHarness();
  s = await h.connect("fetch-owner");
  roomId = await openRoom(h, s);
  ids = [];
  for (let i = 0; i < 7; i++) {
    const ack = await h.call(s, "send-message", {
      roomId,
      clientMessageId: `f${i}`,
      content: `m${i}`,
    });
    ids.push(ack.data.message.id);
  }
});
afterAll(() => h.close());

const contents = (ack: { data: { messages: { content: string }[] } }) =>
  ack.data.messages.map((m) => m.content);

describe("fetch-messages", () => {
  it("without a cursor answers the newest page, ascending", async () => {
    const ack = await h.call(s, "fetch-messages", { roomId, limit: 3 });
    expect(contents(ack)).toEqual(["m4", "m5", "m6"]);
    expect(ack.data.hasMore).toBe(true);
  });

  it("pages backwards with before until hasMore is false", async () => {
    const page1 = await h.call(s, "fetch-messages", { roomId, before: ids[4], limit: 3 });
    expect(contents(page1)).toEqual(["m1", "m2", "m3"]);
    expect(page1.data.hasMore).toBe(true);
    const page2 = await h.call(s, "fetch-messages", { roomId, before: ids[1], limit: 3 });
    expect(contents(page2)).toEqual(["m0"]);
    expect(page2.data.hasMore).toBe(false);
  });

  it("pages forwards with after (the resync path)", async () => {
    const page1 = await h.call(s, "fetch-messages", { roomId, after: ids[1], limit: 3 });
    expect(contents(page1)).toEqual(["m2", "m3", "m4"]);
    expect(page1.data.hasMore).toBe(true);
    const page2 = await h.call(s, "fetch-messages", { roomId, after: ids[4] });
    expect(contents(page2)).toEqual(["m5", "m6"]);
    expect(page2.data.hasMore).toBe(false);
  });

  it("answers NOT_FOUND for a cursor from another room", async () => {
    const other = await h.connect("fetch-other");
    const otherRoom = await openRoom(h, other);
    const ack = await h.call(other, "send-message", {
      roomId: otherRoom,
      clientMessageId: "o1",
      content: "x",
    });
    const res = await h.call(s, "fetch-messages", { roomId, before: ack.data.message.id });
    expect(res).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
  });

  it.each([
    [{ limit: 0 }],
    [{ limit: 101 }],
    [{ limit: 2.5 }],
    [{ limit: "10" }],
    [{ before: "zz" }],
    [{ before: "0123456789abcdef01234567", after: "0123456789abcdef01234567" }],
  ])("refuses %j as VALIDATION", async (extra) => {
    expect(await h.call(s, "fetch-messages", { roomId, ...extra })).toMatchObject({
      ok: false,
      error: { code: "VALIDATION" },
    });
  });

  it("refuses another customer as FORBIDDEN", async () => {
    const intruder = await h.connect("fetch-intruder");
    expect(await h.call(intruder, "fetch-messages", { roomId })).toMatchObject({
      ok: false,
      error: { code: "FORBIDDEN" },
    });
  });
});
