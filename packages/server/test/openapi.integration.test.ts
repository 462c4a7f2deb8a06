import { validate } from "@readme/openapi-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { createHarness, type Harness } from "./support.ts";
import { createChatRouter } from "../src/transport/http.ts";
import { ROUTES } from "../src/transport/openapi.ts";
import { RateLimits } from "../src/transport/rateLimits.ts";
import type { Services } from "../src/services/index.ts";
import type { ZodType } from "zod";

// GET /api/chat/openapi.json: valid OpenAPI 3.1 (checked by @readme/openapi-parser, a maintained
// validator), and every route the server registers under /api/chat is in it: they cannot drift.
let h: Harness;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let doc: any;
beforeAll(async () => {
  h = await createHarness({ webhooks: { urls: ["http://127.0.0.1:9/hook"], secret: "s" } });
  const res = await fetch(`${h.server.url}/api/chat/openapi.json`); // public: no token
  expect(res.status).toBe(200);
  doc = await res.json();
});
afterAll(() => h.close());

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Method and path of every route in an Express router and the routers it mounts at "/". */
function routesOf(stack: Layer[]): string[] {
  return stack.flatMap((layer) => {
    if (layer.route)
      return Object.keys(layer.route.methods)
        .filter((m) => m !== "_all")
        .map((m) => `${m} ${layer.route!.path.replace(/:(\w+)/g, "{$1}")}`);
    return layer.handle?.stack ? routesOf(layer.handle.stack) : [];
  });
}

describe("openapi.json", () => {
  it("is valid OpenAPI 3.1", async () => {
    expect(doc.openapi).toBe("3.1.0");
    const result = await validate(structuredClone(doc));
    expect(result.valid ? [] : result.errors).toEqual([]);
  });

  it("describes every route the server registers under /api/chat, and no other", () => {
    // The router the server mounts at /api/chat, as createChatServer builds it (only built:
    // its handlers never run here).
    const router = createChatRouter({
      services: {} as Services,
      logger: pino({ level: "silent" }),
      verifyToken: () => Promise.reject(new Error("unused")),
      maxUploadBytes: 1,
      limits: new RateLimits({ enabled: false }),
      proxyHops: 0,
    }) as unknown as { stack: Layer[] };
    const registered = routesOf(router.stack).sort();
    const documented = Object.entries(doc.paths as Record<string, object>)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`))
      .sort();
    expect(registered.length).toBeGreaterThan(20);
    expect(documented).toEqual(registered);
  });

  it("carries the schemas the routes validate with", () => {
    const list = doc.paths["/webhooks/deliveries"].get;
    const status = list.parameters.find((p: { name: string }) => p.name === "status");
    expect(status.schema.enum).toEqual(["pending", "delivered", "failed"]);
    const send = doc.paths["/rooms/{roomId}/messages"].post.requestBody.content["application/json"];
    expect(Object.keys(send.schema.properties)).toEqual(
      expect.arrayContaining(["clientMessageId", "content", "kind", "senderId"]),
    );
    expect(send.schema.properties.roomId).toBeUndefined(); // from the path
  });

  it("describes the answers the server really gives (strict: no field left out)", async () => {
    const customer = await h.connect("oa-customer", "customer", "Ada");
    const agent = await h.connect("oa-agent", "admin", "Grace");
    const roomId = (await h.call(customer, "join-chat", {})).data.room.id as string;
    const token = await h.server.token("oa-agent", "admin");
    const checked: string[] = [];
    /** Calls a route and parses its answer with the schema the document has for it. */
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const answer = async (method: string, path: string, body?: unknown): Promise<any> => {
      const res = await fetch(`${h.server.url}/api/chat${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const template = path
        .split("?")[0]!
        .replace(roomId, "{roomId}")
        .replace("oa-customer", "{customerId}")
        .replace(/^\/canned-responses\/[0-9a-f]{24}$/, "/canned-responses/{id}");
      const op = doc.paths[template]?.[method.toLowerCase()];
      expect(op, `${method} ${template} is documented`).toBeDefined();
      expect(op.responses[res.status], `${method} ${template} answers ${res.status}`).toBeDefined();
      const json = await res.json();
      schemaOf(method, template, res.status).parse(json);
      checked.push(`${method} ${template}`);
      return json;
    };
    await h.call(customer, "send-message", { roomId, clientMessageId: "c1", content: "hello" });
    await h.call(agent, "send-message", { roomId, clientMessageId: "a1", content: "hi Ada" });
    await answer("POST", `/rooms/${roomId}/messages`, {
      clientMessageId: "bot1",
      content: "a bot's answer",
    });
    await h.call(customer, "set-contact", { email: "ada@example.com" });
    await h.call(agent, "close-chat", { roomId });
    await h.call(customer, "rate-chat", { roomId, score: 4, comment: "ok" });
    await answer("GET", "/rooms?status=closed");
    await answer("GET", `/rooms/${roomId}/messages`);
    await answer("GET", "/customers/oa-customer");
    await answer("GET", "/customers/oa-customer/export");
    await answer("GET", "/search?q=hello");
    await answer("GET", "/widget-config");
    await answer("GET", "/agents");
    await answer("GET", "/stats");
    await answer("GET", "/webhooks/deliveries?status=pending");
    const canned = await answer("POST", "/canned-responses", {
      shortcode: "hi",
      title: "Hello",
      content: "Hello there",
    });
    await answer("PATCH", `/canned-responses/${canned.id}`, { title: "Hi" });
    await answer("GET", "/canned-responses");
    await answer("DELETE", "/customers/oa-customer");
    expect(checked).toHaveLength(14);
  });
});

/** The zod schema behind a documented answer (the same objects the document was built from). */
function schemaOf(method: string, path: string, status: number): ZodType {
  const route = ROUTES.find(([m, p]) => m === method.toLowerCase() && p === path);
  const response = (
    route?.[4] as Record<number, { content?: Record<string, { schema: ZodType }> }>
  )[status];
  const schema = response?.content?.["application/json"]?.schema;
  if (!schema) throw new Error(`no schema for ${method} ${path} ${status}`);
  return schema;
}
