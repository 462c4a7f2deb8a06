// @vitest-environment jsdom
import { createFakeChatClient, FakeServer } from "@switchboard/client/testing";
import { describe, expect, it } from "vitest";
import { during, renderHook } from "../test/renderHook.tsx";
import { useCustomerRoom } from "./useCustomerRoom.ts";

describe("useCustomerRoom", () => {
  it("stays off the network until opened, then joins and remembers the visitor's room", async () => {
    const server = new FakeServer();
    const { client, socket } = createFakeChatClient(server, { userId: "v1", autoOnline: true });
    localStorage.clear();
    const room = renderHook(
      client,
      (open: boolean) => useCustomerRoom(open, "v1"),
      false as boolean,
    );
    await during();
    expect(client.store.getState().connectionStatus).toBe("idle");
    expect(room.current.roomId).toBeNull();

    room.rerender(true);
    await during();
    const joined = room.current.roomId;
    expect(joined).toBe([...server.rooms.keys()][0]);
    expect(localStorage.getItem("switchboard:room:v1")).toBe(joined);
    room.unmount();
    expect(client.store.getState().connectionStatus).toBe("offline");

    // A returning visitor reconnects to that room at once, while the chat is still closed.
    const again = renderHook(
      client,
      (open: boolean) => useCustomerRoom(open, "v1"),
      false as boolean,
    );
    await during();
    expect(again.current.roomId).toBe(joined);
    expect(socket.sent("join-chat").at(-1)).toMatchObject({ roomId: joined });
    again.unmount();
  });
});
