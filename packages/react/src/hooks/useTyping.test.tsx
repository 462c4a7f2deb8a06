// @vitest-environment jsdom
import { createFakeConversation } from "@switchboard/client/testing";
import type { Role } from "@switchboard/protocol";
import { describe, expect, it } from "vitest";
import { during, renderHook, until } from "../test/renderHook.tsx";
import { useTyping } from "./useTyping.ts";

describe("useTyping", () => {
  it("shows the other side typing until their message, and signals one's own typing", async () => {
    const { customer, agent, roomId } = await createFakeConversation();
    const typing = renderHook(
      customer.client,
      (p: { roomId: string; from: Role }) => useTyping(p.roomId, p.from),
      { roomId: roomId, from: "admin" },
    );
    expect(typing.current.isTyping).toBe(false);

    await during(() => agent.client.typing(roomId));
    expect(typing.current.isTyping).toBe(true);
    await during(() => agent.client.send(roomId, "Here is your answer"));
    await until(customer.client, (s) => s.messagesByRoom[roomId]?.length === 1);
    expect(typing.current.isTyping).toBe(false);

    // The customer's own typing is not "the other side".
    typing.rerender({ roomId: roomId, from: "customer" });
    await during(() => typing.current.notifyTyping());
    expect(typing.current.isTyping).toBe(false);
    expect(customer.socket.sent("typing")).toEqual([{ roomId: roomId }]);
    await during(() => typing.current.notifyStopTyping());
    expect(customer.socket.sent("stop-typing")).toEqual([{ roomId: roomId }]);
  });

  it("clears the other side's typing when the connection drops (their stop-typing would be lost)", async () => {
    const { customer, agent, roomId } = await createFakeConversation();
    const typing = renderHook(
      customer.client,
      (roomId: string | null) => useTyping(roomId, "admin"),
      roomId as string | null,
    );
    await during(() => agent.client.typing(roomId));
    expect(typing.current.isTyping).toBe(true);
    typing.rerender(null); // no room on screen: nobody typing there
    expect(typing.current.isTyping).toBe(false);
    typing.rerender(roomId);
    expect(typing.current.isTyping).toBe(true);
    await during(() => customer.socket.drop());
    expect(typing.current.isTyping).toBe(false);
    customer.client.disconnect();
    agent.client.disconnect();
  });
});
