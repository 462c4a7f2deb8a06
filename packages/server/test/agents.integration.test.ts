import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "./support.ts";

// The agents' directory (contract v2): `GET /api/chat/agents` with names, status and load;
// `set-availability`; assignment only to an agent the server knows (a typo must not hand a
// chat to nobody).
let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const agent = (sub: string, name: string) => h.connect(sub, "admin", name);

async function agentsList(sub = "ag-reader", role: "admin" | "customer" = "admin") {
  const res = await fetch(`${h.server.url}/api/chat/agents`, {
    headers: { authorization: `Bearer ${await h.server.token(sub, role)}` },
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const until = async (check: () => Promise<boolean>) => {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition still false after 10 s");
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe("agents", () => {
  it("lists every agent with name, status and open rooms; set-availability moves them", async () => {
    const grace = await agent("ag-grace", "Grace Hopper");
    const alan = await agent("ag-alan", "Alan Turing");
    const ada = await agent("ag-ada", "Ada Lovelace");
    const customer = await h.connect("ag-customer");
    const roomId = (await h.call(customer, "join-chat", {})).data.room.id as string;
    await h.call(customer, "send-message", { roomId, clientMessageId: "ag-1", content: "Hi" });
    await h.call(grace, "admin-assign", { roomId });

    expect(await h.call(alan, "set-availability", { status: "away" })).toEqual({
      ok: true,
      data: { status: "away" },
    });
    ada.close();
    const byId = async () =>
      Object.fromEntries(
        ((await agentsList()).body.agents as { id: string; status: string }[]).map((a) => [
          a.id,
          a,
        ]),
      );
    await until(async () => (await byId())["ag-ada"]?.status === "offline");
    const agents = (await agentsList()).body.agents as { id: string; status: string }[];
    const ours = agents.filter((a) => a.id.startsWith("ag-") && a.id !== "ag-reader");
    expect(ours).toEqual([
      { id: "ag-grace", name: "Grace Hopper", status: "online", openRooms: 1 },
      { id: "ag-alan", name: "Alan Turing", status: "away", openRooms: 0 },
      { id: "ag-ada", name: "Ada Lovelace", status: "offline", openRooms: 0 },
    ]);
    // Away is remembered across reconnects; online again when they say so.
    alan.close();
    const back = await agent("ag-alan", "Alan Turing");
    await until(async () => (await byId())["ag-alan"]?.status === "away");
    await h.call(back, "set-availability", { status: "online" });
    expect((await byId())["ag-alan"]).toMatchObject({ status: "online" });
  });

  it("assigns only to an agent the server knows: a typo is NOT_FOUND and changes nothing", async () => {
    await agent("ag-known", "Known Agent").then((s) => s.close()); // in the directory, offline
    const grace = await agent("ag-assigner", "Grace");
    const customer = await h.connect("ag-typo-customer");
    const roomId = (await h.call(customer, "join-chat", {})).data.room.id as string;
    const typo = await h.call(grace, "admin-assign", {
      roomId,
      adminId: "Typed with keyboard only",
    });
    expect(typo).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    const room = await h.db.collection("chat_rooms").findOne({ customerId: "ag-typo-customer" });
    expect(room).toMatchObject({ adminId: null, seq: 0 });
    const ok = await h.call(grace, "admin-assign", { roomId, adminId: "ag-known" });
    expect(ok).toMatchObject({ ok: true, data: { room: { adminId: "ag-known" } } });
  });

  it("refuse customers and bad payloads", async () => {
    const customer = await h.connect("ag-bad-customer");
    expect(await h.call(customer, "set-availability", { status: "away" })).toMatchObject({
      ok: false,
      error: { code: "FORBIDDEN" },
    });
    expect((await agentsList("ag-bad-customer", "customer")).status).toBe(403);
    const admin = await agent("ag-bad-admin", "Bad Payloads");
    for (const payload of [{ status: "busy" }, {}, null, "online"])
      expect(await h.call(admin, "set-availability", payload)).toMatchObject({
        ok: false,
        error: { code: "VALIDATION" },
      });
  });
});
