import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "./support.ts";

// Canned responses (contract v2): HTTP routes for agents, stored in the database, shortcodes
// unique (a taken one is 409 CONFLICT), customers refused before anything is read.
let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

async function api(
  method: string,
  path: string,
  sub: string,
  role: "customer" | "admin",
  body?: unknown,
) {
  const res = await fetch(`${h.server.url}/api/chat/canned-responses${path}`, {
    method,
    headers: {
      authorization: `Bearer ${await h.server.token(sub, role)}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}
const stored = () => h.db.collection("chat_canned_responses").find({}).toArray();

describe("canned responses", () => {
  it("are created, listed, changed and deleted by agents", async () => {
    const created = await api("POST", "", "cr-agent", "admin", {
      shortcode: " Refund ",
      content: "Hi {{customer.name}}, your refund is on its way.",
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      shortcode: "refund",
      title: "refund",
      content: "Hi {{customer.name}}, your refund is on its way.",
    });
    const other = await api("POST", "", "cr-agent", "admin", {
      shortcode: "hours",
      title: "Opening hours",
      content: "We answer 9 to 5.",
    });
    expect(other.status).toBe(201);

    const list = await api("GET", "", "cr-teammate", "admin");
    expect(list.status).toBe(200);
    expect(list.body.cannedResponses.map((c: { shortcode: string }) => c.shortcode)).toEqual([
      "hours",
      "refund",
    ]);

    const patched = await api("PATCH", `/${created.body.id}`, "cr-agent", "admin", {
      title: "Refunds",
    });
    expect(patched).toMatchObject({ status: 200, body: { title: "Refunds", shortcode: "refund" } });

    // A taken shortcode: 409 CONFLICT, on create and on change; nothing changes.
    const taken = await api("POST", "", "cr-agent", "admin", { shortcode: "hours", content: "x" });
    expect(taken).toMatchObject({ status: 409, body: { error: { code: "CONFLICT" } } });
    const renamed = await api("PATCH", `/${created.body.id}`, "cr-agent", "admin", {
      shortcode: "hours",
    });
    expect(renamed).toMatchObject({ status: 409, body: { error: { code: "CONFLICT" } } });
    expect((await stored()).map((d) => d.shortcode).sort()).toEqual(["hours", "refund"]);

    expect((await api("DELETE", `/${other.body.id}`, "cr-agent", "admin")).status).toBe(204);
    const gone = await api("DELETE", `/${other.body.id}`, "cr-agent", "admin");
    expect(gone).toMatchObject({ status: 404, body: { error: { code: "NOT_FOUND" } } });
    const missing = await api("PATCH", `/${other.body.id}`, "cr-agent", "admin", { title: "x" });
    expect(missing.status).toBe(404);
    expect((await stored()).map((d) => d.shortcode)).toEqual(["refund"]);
  });

  it("refuse customers (403 before the body is read), bad bodies and bad ids, changing nothing", async () => {
    const before = await stored();
    for (const [method, path, body] of [
      ["GET", "", undefined],
      ["POST", "", { shortcode: "mine", content: "x" }],
      ["POST", "", { nonsense: true }],
      ["PATCH", `/${"a".repeat(24)}`, { title: "x" }],
      ["DELETE", `/${"a".repeat(24)}`, undefined],
    ] as const) {
      const res = await api(method, path, "cr-customer", "customer", body);
      expect(res, `${method} ${path}`).toMatchObject({
        status: 403,
        body: { error: { code: "FORBIDDEN" } },
      });
    }
    for (const body of [
      {},
      { shortcode: "a b", content: "x" },
      { shortcode: "ok", content: "" },
      { shortcode: "x".repeat(33), content: "x" },
      { shortcode: "ok", content: "x".repeat(4001) },
      { shortcode: ["array"], content: "x" },
    ]) {
      const res = await api("POST", "", "cr-agent", "admin", body);
      expect(res, JSON.stringify(body)).toMatchObject({
        status: 400,
        body: { error: { code: "VALIDATION" } },
      });
    }
    expect((await api("PATCH", "/not-an-id", "cr-agent", "admin", { title: "x" })).status).toBe(
      400,
    );
    expect((await api("PATCH", `/${"a".repeat(24)}`, "cr-agent", "admin", {})).status).toBe(400);
    expect(await stored()).toEqual(before);
  });
});
