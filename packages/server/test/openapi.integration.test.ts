import { validate } from "@readme/openapi-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { createHarness, type Harness } from "./support.ts";
import { createChatRouter } from "../src/transport/http.ts";
import { RateLimits } from "../src/transport/rateLimits.ts";
import type { Services } from "../src/services/index.ts";

// GET /api/chat/openapi.json: valid OpenAPI 3.1 (checked by @readme/openapi-parser, a maintained
// validator), and every route the server registers under /api/chat is in it: they cannot drift.
let h: Harness;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let doc: any;
beforeAll(async () => {
  h = await createHarness();
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
});
