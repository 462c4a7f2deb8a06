// The customer's calls of contract v2: the widget's configuration and a transcript over
// HTTP through the client's `fetch`; set-contact and rate-chat as socket commands (sent
// once, the answered room lands in the store), with the contract's errors.
import { beforeEach, describe, expect, it } from "vitest";
import { codeOf, recordingClient, type RecordedCall } from "../test/unit.ts";
import { FakeServer } from "./testing/index.ts";

let server: FakeServer;
let calls: RecordedCall[];

beforeEach(() => {
  server = new FakeServer();
  calls = [];
});

function customer(id = "c1", role: "admin" | "customer" = "customer") {
  return recordingClient(server, calls, id, role);
}

describe("widgetConfig", () => {
  it("GETs /api/chat/widget-config with the token through the client's fetch", async () => {
    server.widgetConfig = {
      ...server.widgetConfig,
      open: false,
      nextOpenAt: "2025-01-02T08:00:00.000Z",
    };
    const { client } = customer();
    const config = await client.widgetConfig();
    expect(config).toMatchObject({ open: false, nextOpenAt: "2025-01-02T08:00:00.000Z" });
    expect(calls).toEqual([
      { method: "GET", path: "/api/chat/widget-config", auth: expect.stringMatching(/^Bearer /) },
    ]);
  });
});

describe("setContact", () => {
  it("sends set-contact once; the room with its customerEmail lands in the store", async () => {
    const { client, socket } = customer();
    const joined = await client.join();
    const room = await client.setContact("  Ada@Example.com ");
    expect(room.id).toBe(joined.id);
    expect(room.customerEmail).toBe("ada@example.com");
    expect(client.store.getState().rooms[joined.id]?.customerEmail).toBe("ada@example.com");
    expect(socket.sent("set-contact")).toEqual([{ email: "  Ada@Example.com " }]);
  });

  it("rejects an address that is not one with VALIDATION, and an agent with FORBIDDEN", async () => {
    const { client } = customer();
    expect(await codeOf(client.setContact("not-an-email"))).toBe("VALIDATION");
    const { client: agent } = customer("a1", "admin");
    expect(await codeOf(agent.setContact("a@b.example"))).toBe("FORBIDDEN");
  });
});

describe("rateChat", () => {
  it("rates a closed room; a second rating replaces the first", async () => {
    const { client, socket } = customer();
    const { id } = await client.join();
    server.closeRoom(id);
    await client.rateChat(id, 2);
    const room = await client.rateChat(id, 5, "Quick and kind");
    expect(room.rating).toMatchObject({ score: 5, comment: "Quick and kind" });
    expect(client.store.getState().rooms[id]?.rating?.score).toBe(5);
    expect(socket.sent("rate-chat")).toEqual([
      { roomId: id, score: 2 },
      { roomId: id, score: 5, comment: "Quick and kind" },
    ]);
  });

  it("refuses an open room and a score outside 1 to 5 with VALIDATION", async () => {
    const { client } = customer();
    const { id } = await client.join();
    expect(await codeOf(client.rateChat(id, 4))).toBe("VALIDATION");
    server.closeRoom(id);
    expect(await codeOf(client.rateChat(id, 6))).toBe("VALIDATION");
    expect(server.rooms.get(id)?.rating).toBeUndefined();
  });
});

describe("transcript", () => {
  it("downloads the room's transcript as a Blob, text by default or html", async () => {
    const { client } = customer();
    const { id } = await client.join();
    server.store(id, "agent-1", "admin", "Hello Ada");
    const text = await client.transcript(id);
    expect(await text.text()).toBe("agent-1: Hello Ada");
    const html = await client.transcript(id, "html");
    expect(html.type).toBe("text/html");
    expect(calls.map((c) => c.path)).toEqual([
      `/api/chat/rooms/${id}/transcript?format=text`,
      `/api/chat/rooms/${id}/transcript?format=html`,
    ]);
  });

  it("is NOT_FOUND for another customer's room", async () => {
    const other = server.createRoom("c2");
    const { client } = customer();
    expect(await codeOf(client.transcript(other.id))).toBe("NOT_FOUND");
  });
});
