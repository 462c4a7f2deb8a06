// @vitest-environment jsdom
import { createFakeChatClient, FakeServer } from "@switchboard/client/testing";
import { describe, expect, it } from "vitest";
import { during, renderHook } from "../test/renderHook.tsx";
import type { RoomFilter } from "./roomOrder.ts";
import { useRooms } from "./useRooms.ts";

describe("useRooms", () => {
  it("lists the filter's rooms once online, newest first, and follows live changes", async () => {
    const server = new FakeServer();
    const [older, newer] = [server.createRoom("c1"), server.createRoom("c2")];
    server.closeRoom(server.createRoom("c3").id);
    const { client } = createFakeChatClient(server, {
      userId: "a1",
      role: "admin",
      autoOnline: true,
    });
    const rooms = renderHook(client, useRooms, { status: "open", assigned: "any" } as RoomFilter);
    expect(rooms.current).toMatchObject({ status: "loading", roomIds: [] });

    await during(() => client.connect());
    expect(rooms.current).toMatchObject({ status: "ready", hasMore: false });
    expect(rooms.current.roomIds).toEqual([newer.id, older.id]);

    await during(() => client.assign(older.id));
    rooms.rerender({ status: "open", assigned: "me" });
    await during();
    expect(rooms.current.roomIds).toEqual([older.id]);
    rooms.rerender({ status: "closed", assigned: "any" });
    await during();
    expect(rooms.current.roomIds).toHaveLength(1);
    rooms.unmount();
    client.disconnect();
  });
});
