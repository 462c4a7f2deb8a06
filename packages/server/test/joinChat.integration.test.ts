import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRooms, createHarness, openRoom, waitFor, type Harness } from "./support.ts";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe("join-chat", () => {
  it("creates the customer's open room once and returns it on every later join", async () => {
    const s = await h.connect("join-once");
    const first = await h.call(s, "join-chat", {});
    const second = await h.call(s, "join-chat");
    expect(first.ok).toBe(true);
    expect(first.data.room).toMatchObject({
      customerId: "join-once",
      adminId: null,
      status: "open",
    });
    expect(first.data).toMatchObject({ messages: [], hasMore: false });
    expect(second.data.room.id).toBe(first.data.room.id);
  });

  it("ends 50 concurrent joins over 5 sockets in exactly one open room", async () => {
    const sockets = await Promise.all(Array.from({ length: 5 }, () => h.connect("join-race")));
    const acks = await Promise.all(
      Array.from({ length: 50 }, (_, i) => h.call(sockets[i % 5]!, "join-chat", {})),
    );
    const ids = new Set(acks.map((a) => a.data.room.id));
    expect(acks.every((a) => a.ok)).toBe(true);
    expect(ids.size).toBe(1);
    expect(await countRooms(h, { customerId: "join-race" })).toBe(1);
  });

  it("sends chat-history to the joining socket", async () => {
    const s = await h.connect("join-history");
    const history = waitFor<{ roomId: string; messages: unknown[]; hasMore: boolean }>(
      s,
      "chat-history",
    );
    const roomId = await openRoom(h, s);
    expect(await history).toEqual({ roomId, messages: [], hasMore: false });
  });

  it("refuses another customer's room as FORBIDDEN", async () => {
    const roomId = await openRoom(h, await h.connect("join-owner"));
    const ack = await h.call(await h.connect("join-intruder"), "join-chat", { roomId });
    expect(ack).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
  });

  it("answers NOT_FOUND for an unknown room and VALIDATION for a malformed id", async () => {
    const s = await h.connect("join-unknown");
    expect(await h.call(s, "join-chat", { roomId: "0123456789abcdef01234567" })).toMatchObject({
      ok: false,
      error: { code: "NOT_FOUND" },
    });
    expect(await h.call(s, "join-chat", { roomId: "nope" })).toMatchObject({
      ok: false,
      error: { code: "VALIDATION" },
    });
  });

  it("lets any admin join any room, and requires a roomId from admins", async () => {
    const roomId = await openRoom(h, await h.connect("join-for-admin"));
    const admin = await h.connect("join-admin", "admin");
    expect(await h.call(admin, "join-chat", { roomId })).toMatchObject({
      ok: true,
      data: { room: { id: roomId } },
    });
    expect(await h.call(admin, "join-chat", {})).toMatchObject({
      ok: false,
      error: { code: "VALIDATION" },
    });
  });

  it("tells every connected admin about a new room", async () => {
    const admin = await h.connect("join-watcher", "admin");
    const updated = waitFor<{ customerId: string }>(admin, "room-updated");
    await openRoom(h, await h.connect("join-new-room"));
    expect(await updated).toMatchObject({ customerId: "join-new-room", status: "open" });
  });
});
