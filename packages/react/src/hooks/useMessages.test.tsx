// @vitest-environment jsdom
import { createFakeChatClient, FakeServer } from "@switchboard/client/testing";
import { describe, expect, it } from "vitest";
import { during, renderHook, until } from "../test/renderHook.tsx";
import { useMessages } from "./useMessages.ts";

describe("useMessages", () => {
  it("shows a room's history, the messages that arrive, and loads older pages", async () => {
    const server = new FakeServer();
    const room = server.createRoom("u1");
    for (let i = 1; i <= 60; i++) server.store(room.id, "u1", "customer", `old ${i}`);
    const { client } = createFakeChatClient(server, { autoOnline: true });
    const list = renderHook(client, useMessages, room.id as string | null);
    expect(list.current.messages).toEqual([]);

    await during(async () => {
      client.connect();
      await client.join(room.id);
    });
    expect(list.current.messages).toHaveLength(50);
    expect(list.current.hasMoreBefore).toBe(true);

    server.store(room.id, "a1", "admin", "Hello from support");
    await until(client, (s) => s.messagesByRoom[room.id]?.length === 51);
    expect(list.current.messages.at(-1)?.content).toBe("Hello from support");

    await during(() => list.current.loadOlder());
    expect(list.current.messages[0]?.content).toBe("old 1");
    expect(list.current.hasMoreBefore).toBe(false);

    list.rerender(null);
    expect(list.current.messages).toEqual([]);
  });
});
