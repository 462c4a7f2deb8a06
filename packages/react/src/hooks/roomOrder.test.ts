import type { Room } from "@switchboard/protocol";
import { describe, expect, it } from "vitest";
import { floorOf, lowerFloor, visibleRoomIds, type RoomFilter } from "./roomOrder.ts";

let n = 0;
function room(over: Partial<Room> = {}): Room {
  const id = (++n).toString(16).padStart(24, "0");
  return {
    id,
    customerId: `c${n}`,
    adminId: null,
    status: "open",
    lastMessageAt: null,
    unreadCountCustomer: 0,
    unreadCountAdmin: 0,
    createdAt: `2025-01-01T00:00:${String(n).padStart(2, "0")}.000Z`,
    updatedAt: "2025-01-01T00:00:00.000Z",
    ...over,
  };
}
const byId = (...rooms: Room[]) => Object.fromEntries(rooms.map((r) => [r.id, r]));
const OPEN_ANY: RoomFilter = { status: "open", assigned: "any" };

describe("the agent's room list", () => {
  it("orders by newest activity (last message, else creation), then by id", () => {
    const old = room();
    const quiet = room();
    const busy = room({ lastMessageAt: "2025-01-02T00:00:00.000Z" });
    const tieA = room({ lastMessageAt: "2025-01-01T12:00:00.000Z" });
    const tieB = room({ lastMessageAt: "2025-01-01T12:00:00.000Z" });
    const ids = visibleRoomIds(byId(old, quiet, busy, tieA, tieB), OPEN_ANY, "me", null);
    expect(ids).toEqual([busy.id, tieB.id, tieA.id, quiet.id, old.id]);
  });

  it("filters by status and assignment", () => {
    const mine = room({ adminId: "me" });
    const theirs = room({ adminId: "ana" });
    const waiting = room();
    const done = room({ status: "closed", adminId: "me" });
    const all = byId(mine, theirs, waiting, done);
    const ids = (status: "open" | "closed", assigned: RoomFilter["assigned"]) =>
      visibleRoomIds(all, { status, assigned }, "me", null).sort();
    expect(ids("open", "me")).toEqual([mine.id]);
    expect(ids("open", "unassigned")).toEqual([waiting.id]);
    expect(ids("open", "any")).toEqual([mine.id, theirs.id, waiting.id].sort());
    expect(ids("closed", "me")).toEqual([done.id]);
  });

  it("leaves out rooms without a message yet (lastMessageId null), until their first one", () => {
    const empty = room({ lastMessageId: null });
    const talking = room({ lastMessageId: "m1", lastMessageAt: "2025-01-01T00:01:00.000Z" });
    const v1 = room(); // a version 1 server sends no lastMessageId: listed as answered
    expect(visibleRoomIds(byId(empty, talking, v1), OPEN_ANY, "me", null)).toEqual([
      talking.id,
      v1.id,
    ]);
    const unassigned: RoomFilter = { status: "open", assigned: "unassigned" };
    expect(visibleRoomIds(byId(empty), unassigned, "me", null)).toEqual([]);
    const written = { ...empty, lastMessageId: "m2", lastMessageAt: "2025-01-01T00:02:00.000Z" };
    expect(visibleRoomIds(byId(written, talking), OPEN_ANY, "me", null)).toEqual([
      written.id,
      talking.id,
    ]);
  });

  it("filters by label, and by the rooms a search found", () => {
    const vip = room({ labels: ["vip", "refund"] });
    const plain = room({ labels: [] });
    const old = room(); // no labels field (version 1)
    const all = byId(vip, plain, old);
    const labelled = { ...OPEN_ANY, label: "vip" };
    expect(visibleRoomIds(all, labelled, "me", null)).toEqual([vip.id]);
    const found = new Set([plain.id, old.id]);
    expect(visibleRoomIds(all, OPEN_ANY, "me", null, found)).toEqual([old.id, plain.id]);
    expect(visibleRoomIds(all, labelled, "me", null, found)).toEqual([]);
  });

  it("shows nothing below the loaded pages, but rooms that moved up above them", () => {
    const a = room();
    const b = room();
    const c = room();
    const floor = floorOf(b); // pages loaded down to b; a is older
    expect(visibleRoomIds(byId(a, b, c), OPEN_ANY, "me", floor)).toEqual([c.id, b.id]);
    const revived = { ...a, lastMessageAt: "2025-02-01T00:00:00.000Z" };
    expect(visibleRoomIds(byId(revived, b, c), OPEN_ANY, "me", floor)).toEqual([a.id, c.id, b.id]);
  });

  it("never raises the floor", () => {
    const [a, b] = [floorOf(room()), floorOf(room())];
    expect(lowerFloor(a, b)).toBe(a); // a is older: lower in the list
    expect(lowerFloor(b, a)).toBe(a);
    expect(lowerFloor(null, a)).toBeNull();
  });
});
