// @vitest-environment jsdom
import { createFakeChatClient, FakeServer } from "@switchboard/client/testing";
import { describe, expect, it } from "vitest";
import { useChatClient } from "../ChatProvider.tsx";
import { during, renderHook } from "../test/renderHook.tsx";
import { useConnectionStatus } from "./useConnectionStatus.ts";

describe("useConnectionStatus", () => {
  it("follows the client's connection: idle, online, reconnecting, offline", async () => {
    const { client, socket } = createFakeChatClient(new FakeServer());
    const status = renderHook(client, useConnectionStatus, undefined);
    expect(status.current).toBe("idle");
    await during(() => {
      client.connect();
      socket.goOnline();
    });
    expect(status.current).toBe("online");
    await during(() => socket.drop());
    expect(status.current).toBe("reconnecting");
    await during(() => client.disconnect());
    expect(status.current).toBe("offline");
    status.unmount();
  });
});

describe("useChatClient", () => {
  it("is the provider's client", () => {
    const { client } = createFakeChatClient(new FakeServer());
    expect(renderHook(client, useChatClient, undefined).current).toBe(client);
  });
});
