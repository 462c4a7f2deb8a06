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

describe("useRooms with a label or a search (contract v2)", () => {
  function setup() {
    const server = new FakeServer();
    const room = (customerId: string, text: string, labels: string[] = []) => {
      const r = server.createRoom(customerId);
      server.store(r.id, customerId, "customer", text);
      server.rooms.set(r.id, { ...server.rooms.get(r.id)!, labels, lastMessageAt: r.createdAt });
      return r.id;
    };
    const { client, socket } = createFakeChatClient(server, {
      userId: "a1",
      role: "admin",
      autoOnline: true,
    });
    return { server, client, socket, room };
  }

  it("lists a label's rooms, and follows a room labelled or unlabelled live", async () => {
    const { client, room } = setup();
    const vip = room("c1", "Hello", ["vip"]);
    const other = room("c2", "Hi");
    const rooms = renderHook(client, useRooms, {
      status: "open",
      assigned: "any",
      label: "vip",
    } as RoomFilter);
    await during(() => client.connect());
    expect(rooms.current.roomIds).toEqual([vip]);
    await during(() => client.join(other));
    await during(() => client.setLabels(other, ["vip"]));
    expect(rooms.current.roomIds.sort()).toEqual([vip, other].sort());
    await during(() => client.setLabels(vip, []));
    expect(rooms.current.roomIds).toEqual([other]);
    rooms.unmount();
    client.disconnect();
  });

  it("a search lists the rooms the server found; under 2 characters is no search", async () => {
    const { client, socket, room } = setup();
    const refund = room("c1", "Where is my refund?");
    room("c2", "Shoes too small");
    const rooms = renderHook(client, useRooms, {
      status: "open",
      assigned: "any",
      q: " refund ",
    } as RoomFilter);
    await during(() => client.connect());
    expect(rooms.current.roomIds).toEqual([refund]);
    expect(socket.sent("list-rooms").at(-1)).toMatchObject({ q: "refund" });

    rooms.rerender({ status: "open", assigned: "any", q: "r" });
    await during();
    expect(rooms.current.roomIds).toHaveLength(2);
    expect(socket.sent("list-rooms").at(-1)).not.toHaveProperty("q");
    rooms.unmount();
    client.disconnect();
  });
});
