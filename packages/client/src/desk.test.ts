// The support desk's calls of contract v2: labels and availability over the socket (commands,
// the answer lands in the store), agents, search and canned responses over HTTP through the
// client's `fetch`, with the contract's errors (CONFLICT for a taken shortcode).
import { beforeEach, describe, expect, it } from "vitest";
import { codeOf, recordingClient, type RecordedCall } from "../test/unit.ts";
import { FakeServer } from "./testing/index.ts";

let server: FakeServer;
let calls: RecordedCall[];

beforeEach(() => {
  server = new FakeServer();
  calls = [];
});

function agent(id = "a1", role: "admin" | "customer" = "admin") {
  return recordingClient(server, calls, id, role);
}

/** A room with one customer message (what the inbox lists). */
function room(customerId = "c1") {
  const r = server.createRoom(customerId);
  server.store(r.id, customerId, "customer", "Hello");
  return r.id;
}

describe("setLabels", () => {
  it("sends set-labels once and puts the answered room in the store", async () => {
    const id = room();
    const { client, socket } = agent();
    const updated = await client.setLabels(id, ["refund", "vip", "refund"]);
    expect(updated.labels).toEqual(["refund", "vip"]);
    expect(client.store.getState().rooms[id]?.labels).toEqual(["refund", "vip"]);
    expect(socket.sent("set-labels")).toEqual([
      { roomId: id, labels: ["refund", "vip", "refund"] },
    ]);
  });

  it("rejects a label outside a-z0-9-_ with VALIDATION, changing nothing", async () => {
    const id = room();
    const { client } = agent();
    expect(await codeOf(client.setLabels(id, ["Refund"]))).toBe("VALIDATION");
    expect(server.rooms.get(id)?.labels).toBeUndefined();
  });

  it("is refused to a customer", async () => {
    const id = room();
    const { client } = agent("c1", "customer");
    expect(await codeOf(client.setLabels(id, ["x"]))).toBe("FORBIDDEN");
  });
});

describe("setAvailability", () => {
  it("sends set-availability and resolves with the status as set", async () => {
    const { client, socket } = agent();
    expect(await client.setAvailability("away")).toBe("away");
    expect(server.availability.get("a1")).toBe("away");
    expect(socket.sent("set-availability")).toEqual([{ status: "away" }]);
  });
});

describe("listAgents", () => {
  it("reads GET /api/chat/agents with the token, online first", async () => {
    server.agents.push(
      { id: "a3", name: "Zed", status: "offline", openRooms: 0 },
      { id: "a2", name: "Alan Turing", status: "online", openRooms: 0 },
    );
    const id = room();
    server.rooms.set(id, { ...server.rooms.get(id)!, adminId: "a2" });
    const { client } = agent();
    const agents = await client.listAgents();
    expect(agents.map((a) => [a.name, a.status, a.openRooms])).toEqual([
      ["Alan Turing", "online", 1],
      ["Zed", "offline", 0],
    ]);
    expect(calls).toEqual([
      { method: "GET", path: "/api/chat/agents", auth: expect.stringMatching(/^Bearer /) },
    ]);
  });

  it("rejects with the server's code (a customer: FORBIDDEN)", async () => {
    const { client } = agent("c1", "customer");
    expect(await codeOf(client.listAgents())).toBe("FORBIDDEN");
  });
});

describe("search", () => {
  it("passes q, limit and before in the query string, encoded", async () => {
    const id = room();
    server.store(id, "c1", "customer", "Where is my refund & invoice?");
    const { client } = agent();
    const page = await client.search({ q: "refund & invoice", limit: 5, before: "abc" });
    expect(calls[0]?.path).toBe("/api/chat/search?q=refund%20%26%20invoice&limit=5&before=abc");
    expect(page.results.map((r) => r.message?.content)).toEqual(["Where is my refund & invoice?"]);
    expect(page.hasMore).toBe(false);
  });

  it("rejects a q under 2 characters with VALIDATION", async () => {
    const { client } = agent();
    expect(await codeOf(client.search({ q: "x" }))).toBe("VALIDATION");
  });
});

describe("canned responses", () => {
  it("creates, lists by shortcode, updates and deletes, as JSON", async () => {
    const { client } = agent();
    const refund = await client.createCanned({
      shortcode: "refund",
      content: "Hi {{customer.name}}, your refund is on its way.",
    });
    expect(refund).toMatchObject({ shortcode: "refund", title: "refund" });
    await client.createCanned({ shortcode: "hello", title: "Greeting", content: "Hello!" });
    expect((await client.listCanned()).map((c) => c.shortcode)).toEqual(["hello", "refund"]);

    const changed = await client.updateCanned(refund.id, { title: "Refund sent" });
    expect(changed).toMatchObject({ id: refund.id, title: "Refund sent", shortcode: "refund" });
    await client.deleteCanned(refund.id);
    expect((await client.listCanned()).map((c) => c.shortcode)).toEqual(["hello"]);

    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      "POST /api/chat/canned-responses",
      "POST /api/chat/canned-responses",
      "GET /api/chat/canned-responses",
      `PATCH /api/chat/canned-responses/${refund.id}`,
      `DELETE /api/chat/canned-responses/${refund.id}`,
      "GET /api/chat/canned-responses",
    ]);
    expect(calls[3]?.body).toEqual({ title: "Refund sent" });
  });

  it("a taken shortcode rejects with CONFLICT, on create and on update", async () => {
    const { client } = agent();
    await client.createCanned({ shortcode: "refund", content: "A" });
    const other = await client.createCanned({ shortcode: "other", content: "B" });
    const taken = client.createCanned({ shortcode: "refund", content: "C" });
    await expect(taken).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await codeOf(client.updateCanned(other.id, { shortcode: "refund" }))).toBe("CONFLICT");
  });

  it("a deleted one is NOT_FOUND", async () => {
    const { client } = agent();
    const gone = await client.createCanned({ shortcode: "x", content: "A" });
    await client.deleteCanned(gone.id);
    expect(await codeOf(client.deleteCanned(gone.id))).toBe("NOT_FOUND");
    expect(await codeOf(client.updateCanned(gone.id, { content: "B" }))).toBe("NOT_FOUND");
  });
});
