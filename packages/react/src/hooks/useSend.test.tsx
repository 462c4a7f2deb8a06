// @vitest-environment jsdom
import { createFakeChatClient, FakeServer, type Intercept } from "@switchboard/client/testing";
import { describe, expect, it } from "vitest";
import { during, renderHook, until } from "../test/renderHook.tsx";
import { useSend } from "./useSend.ts";

describe("useSend", () => {
  it("holds what is sent before the room is known, counts pending and failed, retries", async () => {
    const server = new FakeServer();
    const { client, socket } = createFakeChatClient(server, { autoOnline: true });
    const sender = renderHook(client, useSend, null as string | null);
    sender.current.send("typed while joining");
    expect(socket.sent("send-message")).toHaveLength(0);

    await during(() => client.connect());
    const room = await client.join();
    const refuse: Intercept = {
      answer: { ok: false, error: { code: "FORBIDDEN", message: "no" } },
    };
    socket.intercept = (event) => (event === "send-message" ? refuse : undefined);
    await during(() => sender.rerender(room.id));
    expect(socket.sent("send-message")).toMatchObject([{ content: "typed while joining" }]);
    await until(client, (s) => s.messagesByRoom[room.id]?.[0]?.localStatus === "failed");
    expect(sender.current).toMatchObject({ pending: 0, failed: 1 });

    socket.intercept = () => undefined;
    await during(() => sender.current.retryAll());
    await until(client, (s) => s.messagesByRoom[room.id]?.[0]?.localStatus === "stored");
    expect(sender.current).toMatchObject({ pending: 0, failed: 0 });
    expect(server.roomMessages(room.id).map((m) => m.content)).toEqual(["typed while joining"]);

    await during(() => {
      socket.intercept = (event) => (event === "send-message" ? { blackhole: true } : undefined);
      sender.current.send("on its way");
    });
    expect(sender.current).toMatchObject({ pending: 1, failed: 0 });
    client.disconnect();
  });
});
