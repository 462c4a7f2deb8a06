// @vitest-environment jsdom
import { createFakeChatClient, FakeServer } from "@switchboard/client/testing";
import type { Room } from "@switchboard/protocol";
import { describe, expect, it } from "vitest";
import { during, renderHook } from "../test/renderHook.tsx";
import { useUnread } from "./useUnread.ts";

describe("useUnread", () => {
  it("counts the viewer's unread messages per room and over the open rooms", async () => {
    const server = new FakeServer();
    const rooms = [server.createRoom("c1"), server.createRoom("c2"), server.createRoom("c3")];
    const { client } = createFakeChatClient(server, {
      userId: "a1",
      role: "admin",
      autoOnline: true,
    });
    const counts = (r: Room, admin: number, status: Room["status"] = "open"): Room => ({
      ...r,
      status,
      unreadCountAdmin: admin,
      unreadCountCustomer: 7,
      updatedAt: "2025-02-01T00:00:00.000Z",
    });
    const [a, b, c] = rooms as [Room, Room, Room];
    await during(() => client.connect()); // the viewer's role comes from the token
    const total = renderHook(client, () => useUnread(), undefined);
    const one = renderHook(
      client,
      (id: string | null) => useUnread(id, { role: "admin" }),
      b.id as string | null,
    );
    expect(total.current).toEqual({ count: 0, rooms: 0 });

    await during(() =>
      client.store.upsertRooms([counts(a, 2), counts(b, 3), counts(c, 4, "closed")]),
    );
    expect(total.current).toEqual({ count: 5, rooms: 2 }); // the closed room is not waiting
    expect(one.current).toEqual({ count: 3, rooms: 1 });
    one.rerender(c.id);
    expect(one.current).toEqual({ count: 4, rooms: 1 }); // one room: whatever its status
    one.rerender(null);
    expect(one.current).toEqual({ count: 0, rooms: 0 });
  });

  it("counts only an agent's own open rooms with assignedTo", async () => {
    const server = new FakeServer();
    const [a, b] = [server.createRoom("c1"), server.createRoom("c2")] as [Room, Room];
    const { client } = createFakeChatClient(server, {
      userId: "a1",
      role: "admin",
      autoOnline: true,
    });
    await during(() => client.connect());
    const mine = renderHook(client, () => useUnread(undefined, { assignedTo: "a1" }), undefined);
    const at = "2025-02-01T00:00:00.000Z";
    await during(() =>
      client.store.upsertRooms([
        { ...a, adminId: "a1", unreadCountAdmin: 2, updatedAt: at },
        { ...b, adminId: "a2", unreadCountAdmin: 5, updatedAt: at },
      ]),
    );
    expect(mine.current).toEqual({ count: 2, rooms: 1 }); // a teammate's chat does not count
  });
});
