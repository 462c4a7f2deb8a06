// @vitest-environment jsdom
import type { ChatClient } from "@switchboard/client";
import { createFakeConversation, type FakeServer } from "@switchboard/client/testing";
import { describe, expect, it } from "vitest";
import { during, renderHook, until } from "../test/renderHook.tsx";
import { EMPTY, useClientState } from "./useChatState.ts";
import { useMarkRead } from "./useMarkRead.ts";

type Seen = { active: boolean; atBottom: boolean };

/** The hook as MessageList runs it, over the room's messages in the client's store. */
function useRoomRead(client: ChatClient, roomId: string, seen: Seen) {
  const messages = useClientState(client, (s) => s.messagesByRoom[roomId] ?? EMPTY);
  useMarkRead(client, roomId, messages, "customer", seen);
}

describe("useMarkRead", () => {
  it("marks up to the newest message of the other side once it is seen, by the SDK's rule", async () => {
    const { server, customer, agent, roomId } = await createFakeConversation();
    const held = (s: ReturnType<ChatClient["store"]["getState"]>) => s.messagesByRoom[roomId] ?? [];
    const read = renderHook(
      customer.client,
      (seen: Seen) => useRoomRead(customer.client, roomId, seen),
      { active: false, atBottom: true },
    );

    const agentWrites = async (text: string) => {
      let stored!: ReturnType<FakeServer["store"]>;
      await during(() => void (stored = server.store(roomId, "a1", "admin", text)));
      return stored;
    };
    const first = await agentWrites("Your parcel left today");
    await until(customer.client, (s) => held(s).length === 1);
    await during();
    expect(customer.socket.sent("message-read")).toEqual([]); // the widget is closed

    read.rerender({ active: true, atBottom: true });
    await until(customer.client, (s) => held(s)[0]?.status === "read");
    expect(customer.socket.sent("message-read")).toEqual([
      { roomId: roomId, upToMessageId: first.id },
    ]);

    // Scrolled up: a new message waits until the reader is back at the end.
    read.rerender({ active: true, atBottom: false });
    const second = await agentWrites("Tracking: 1Z999");
    await until(customer.client, (s) => held(s).length === 2);
    await during();
    expect(customer.socket.sent("message-read")).toHaveLength(1);
    read.rerender({ active: true, atBottom: true });
    await until(customer.client, (s) => held(s)[1]?.status === "read");
    expect(customer.socket.sent("message-read")[1]).toEqual({
      roomId: roomId,
      upToMessageId: second.id,
    });

    // The customer's own message never asks for a receipt.
    await during(() => customer.client.send(roomId, "Thanks!"));
    await until(customer.client, (s) => held(s)[2]?.localStatus === "stored");
    await during();
    expect(customer.socket.sent("message-read")).toHaveLength(2);
    read.unmount();
    customer.client.disconnect();
    agent.client.disconnect();
  });
});
