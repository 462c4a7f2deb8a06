import { afterAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "./support.ts";

// Contract v2 `GET /api/chat/widget-config`: the team's settings, and the truth about
// whether anyone can answer: `open` needs business hours and an available agent, on a real
// server with real sockets. (Business hours across daylight-saving changes: unit tests.)
const harnesses: Harness[] = [];
afterAll(() => Promise.all(harnesses.map((h) => h.close())));

async function config(h: Harness, role: "customer" | "admin" = "customer") {
  const res = await fetch(`${h.server.url}/api/chat/widget-config`, {
    headers: { authorization: `Bearer ${await h.server.token("wc-visitor", role)}` },
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("GET /api/chat/widget-config", () => {
  it("says closed with nobody online, open once an agent is available, closed when away", async () => {
    const h = await createHarness({
      widget: { teamName: "Acme Support", greeting: "Hello!", locale: "de", color: "#0b6e4f" },
    });
    harnesses.push(h);
    expect(await config(h)).toEqual({
      status: 200,
      body: {
        teamName: "Acme Support",
        greeting: "Hello!",
        locale: "de",
        color: "#0b6e4f",
        open: false, // always within hours, but no agent
        agentsOnline: 0,
        nextOpenAt: null,
        replyTime: "hours",
      },
    });
    // Answers are reused for 2 s, but an agent connecting, leaving or going away on this node
    // drops the reused one: the very next answer says so.
    const agent = await h.connect("wc-agent", "admin", "Ada");
    expect((await config(h)).body).toMatchObject({
      open: true,
      agentsOnline: 1,
      replyTime: "minutes",
    });
    expect((await h.call(agent, "set-availability", { status: "away" })).ok).toBe(true);
    expect((await config(h)).body).toMatchObject({
      open: false,
      agentsOnline: 0,
    });
    expect((await h.call(agent, "set-availability", { status: "online" })).ok).toBe(true);
    expect((await config(h)).body).toMatchObject({ open: true }); // and reused from here
    // Leaving: closed as soon as the server has seen the socket go, well within the 2 s an
    // answer is reused otherwise.
    agent.disconnect();
    const deadline = Date.now() + 1_000;
    let body = (await config(h)).body;
    while (body.open !== false && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      body = (await config(h)).body;
    }
    expect(body).toMatchObject({ open: false, agentsOnline: 0 });
  });

  it("is closed on a holiday, with the next opening, even with an agent online", async () => {
    // Not across midnight UTC: "today" must stay today for the test's few seconds.
    const toMidnight = 86_400_000 - (Date.now() % 86_400_000);
    if (toMidnight < 30_000) await new Promise((r) => setTimeout(r, toMidnight + 1_000));
    const today = new Date().toISOString().slice(0, 10);
    const h = await createHarness({
      widget: { businessHours: `UTC; mon-sun 00:00-24:00; holidays ${today}` },
    });
    harnesses.push(h);
    await h.connect("wc-agent-2", "admin");
    const tomorrow = new Date(`${today}T00:00:00Z`).getTime() + 86_400_000;
    expect((await config(h)).body).toMatchObject({
      open: false,
      agentsOnline: 1,
      nextOpenAt: new Date(tomorrow).toISOString(),
      replyTime: tomorrow - Date.now() <= 12 * 3_600_000 ? "hours" : "day",
    });
  });

  it("answers any valid token, and 401 without one", async () => {
    const h = harnesses[0]!;
    expect((await config(h, "admin")).status).toBe(200);
    const res = await fetch(`${h.server.url}/api/chat/widget-config`);
    expect(res.status).toBe(401);
  });

  it("says autoAssign: true (an extension) with AUTO_ASSIGN on, and nothing without", async () => {
    const h = await createHarness({ routing: { enabled: true, capacity: 5 } });
    harnesses.push(h);
    expect((await config(h, "admin")).body).toMatchObject({ autoAssign: true });
    expect((await config(harnesses[0]!, "admin")).body).not.toHaveProperty("autoAssign");
  });
});
