// @vitest-environment jsdom
import type { FetchLike } from "@switchboard/client";
import { createFakeChatClient, createFakeFetch, FakeServer } from "@switchboard/client/testing";
import { describe, expect, it } from "vitest";
import { during, renderHook } from "../test/renderHook.tsx";
import { useAgents } from "./useAgents.ts";

function setup() {
  const server = new FakeServer();
  server.agents.push(
    { id: "a2", name: "Alan Turing", status: "online", openRooms: 0 },
    { id: "a3", name: "Grace Hopper", status: "away", openRooms: 0 },
  );
  const serve = createFakeFetch(server);
  let reads = 0;
  const fetch: FetchLike = (url, init) => {
    if (url.endsWith("/api/chat/agents")) reads++;
    return serve(url, init);
  };
  const { client, socket } = createFakeChatClient(server, { userId: "a1", role: "admin", fetch });
  return { server, client, socket, reads: () => reads };
}

describe("useAgents", () => {
  it("reads the team once for every component, and names agents", async () => {
    const { client, reads } = setup();
    const one = renderHook(client, () => useAgents(), {});
    const two = renderHook(client, () => useAgents(), {});
    expect(one.current.status).toBe("loading");
    await during();
    expect(one.current.status).toBe("ready");
    expect(two.current.agents.map((a) => a.name)).toEqual(["Alan Turing", "Grace Hopper"]);
    expect(one.current.nameOf("a3")).toBe("Grace Hopper");
    expect(one.current.nameOf("someone")).toBe("someone");
    expect(reads()).toBe(1);
    one.unmount();
    two.unmount();
  });

  it("reads again on refresh, after a reconnect, and when a room names an unknown agent", async () => {
    const { server, client, socket, reads } = setup();
    const hook = renderHook(client, () => useAgents(), {});
    await during();
    expect(reads()).toBe(1);

    server.agents[1] = { ...server.agents[1]!, status: "online" };
    await during(() => hook.current.refresh());
    expect(hook.current.agents.map((a) => a.status)).toEqual(["online", "online"]);
    expect(reads()).toBe(2);

    await during(() => client.connect());
    expect(reads()).toBe(2); // connecting is not online
    await during(() => socket.goOnline());
    expect(reads()).toBe(3);

    const room = server.createRoom("c1");
    await during(() => client.join(room.id));
    await during(() => client.assign(room.id, "a2")); // known: no read
    expect(reads()).toBe(3);
    server.agents.push({ id: "a9", name: "Ada Byron", status: "online", openRooms: 0 });
    await during(() => client.assign(room.id, "a9"));
    expect(reads()).toBe(4);
    expect(hook.current.nameOf("a9")).toBe("Ada Byron");
    hook.unmount();
    client.disconnect();
  });

  it("refreshOnMount reads fresh statuses when a picker opens", async () => {
    const { client, reads } = setup();
    const list = renderHook(client, () => useAgents(), {});
    await during();
    const picker = renderHook(client, () => useAgents({ refreshOnMount: true }), {});
    await during();
    expect(reads()).toBe(2);
    picker.unmount();
    list.unmount();
  });
});
