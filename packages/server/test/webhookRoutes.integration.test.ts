import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "./support.ts";
import { startReceiver, type Receiver } from "./webhookReceiver.ts";

// GET /api/chat/webhooks/deliveries and POST .../:id/retry: admins and API keys, the contract's
// codes, a delivery given up on listed as failed, queued again and delivered.
const KEY = "crm:0123456789abcdef0123";
const harnesses: Harness[] = [];
const receivers: Receiver[] = [];
afterAll(async () => {
  await Promise.all(harnesses.map((h) => h.close()));
  await Promise.all(receivers.map((r) => r.stop()));
});

describe("webhook delivery routes", () => {
  it("list failed deliveries and retry one until it is delivered", async () => {
    const secret = randomBytes(16).toString("hex");
    const receiver = await startReceiver(secret, 0, { mode: "500" });
    receivers.push(receiver);
    const h = await createHarness({
      apiKeys: KEY,
      // Given up on after its first failure: the retry window is 0 s.
      webhooks: { urls: [receiver.url], secret, retryBaseMs: 50, retryForSeconds: 0, pollMs: 200 },
    });
    harnesses.push(h);
    const customer = await h.connect("wr-customer");
    const roomId = (await h.call(customer, "join-chat", {})).data.room.id as string;
    const admin = await h.server.token("wr-admin", "admin");
    const api = (path: string, token: string, method = "GET") =>
      fetch(`${h.server.url}/api/chat${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}` },
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as any })); // eslint-disable-line @typescript-eslint/no-explicit-any

    let failed;
    for (let i = 0; i < 100; i++) {
      failed = await api("/webhooks/deliveries?status=failed", admin);
      if (failed.body.deliveries?.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(failed!.status).toBe(200);
    const [d] = failed!.body.deliveries;
    expect(d).toMatchObject({
      eventId: roomId,
      type: "room.created",
      roomId,
      url: receiver.url,
      status: "failed",
      attempts: 1,
      nextAttemptAt: null,
      deliveredAt: null,
      lastError: "HTTP 500",
    });
    // API keys too; a customer is FORBIDDEN; bad input is VALIDATION; unknown NOT_FOUND.
    const key = KEY.split(":")[1]!;
    expect((await api("/webhooks/deliveries", key)).body.deliveries).toHaveLength(1);
    const customerToken = await h.server.token("wr-customer");
    expect((await api("/webhooks/deliveries", customerToken)).status).toBe(403);
    expect((await api("/webhooks/deliveries?status=lost", admin)).body.error.code).toBe(
      "VALIDATION",
    );
    expect((await api("/webhooks/deliveries?limit=0", admin)).status).toBe(400);
    expect((await api("/webhooks/deliveries/nope/retry", admin, "POST")).status).toBe(400);
    const unknown = `${"0".repeat(24)}.${"0".repeat(12)}`;
    expect(
      (await api(`/webhooks/deliveries/${unknown}/retry`, admin, "POST")).body.error.code,
    ).toBe("NOT_FOUND");
    expect((await api(`/webhooks/deliveries/${d.id}/retry`, customerToken, "POST")).status).toBe(
      403,
    );

    receiver.answer("ok");
    await new Promise((r) => setTimeout(r, 200));
    const retried = await api(`/webhooks/deliveries/${d.id}/retry`, key, "POST");
    expect(retried).toMatchObject({
      status: 200,
      body: { delivery: { id: d.id, status: "pending", attempts: 0 } },
    });
    await receiver.until((r) => r.some((x) => x.id === roomId && x.status === 204));
    let delivered;
    for (let i = 0; i < 50; i++) {
      delivered = await api("/webhooks/deliveries?status=delivered", admin);
      if (delivered.body.deliveries.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(delivered!.body.deliveries[0]).toMatchObject({ id: d.id, status: "delivered" });
    expect((await api("/webhooks/deliveries?status=failed", admin)).body).toEqual({
      deliveries: [],
      hasMore: false,
    });
  });

  it("answers NOT_FOUND when webhooks are off", async () => {
    const h = await createHarness();
    harnesses.push(h);
    const admin = await h.server.token("wr-admin", "admin");
    const res = await fetch(`${h.server.url}/api/chat/webhooks/deliveries`, {
      headers: { Authorization: `Bearer ${admin}` },
    });
    expect(res.status).toBe(404);
  });
});
