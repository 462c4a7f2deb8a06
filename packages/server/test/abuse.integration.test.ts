import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countMessages, createHarness, openRoom, waitFor, type Harness } from "./support.ts";

// Tight limits so the test runs in seconds: 5 messages a second, disconnect after 1.5 s of
// sending on past RATE_LIMITED answers. The defaults (20 per 4 s, 10 s) follow the same rule.
const DISCONNECT_AFTER_MS = 1500;
let h: Harness;
beforeAll(async () => {
  h = await createHarness({
    rateLimits: { limits: { messages: [5, 1] }, disconnectAfterMs: DISCONNECT_AFTER_MS },
  });
});
afterAll(() => h.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("sustained abuse", () => {
  it("disconnects a socket that keeps sending past its RATE_LIMITED answers, and counts it", async () => {
    const s = await h.connect("abuser");
    const roomId = await openRoom(h, s);
    const disconnected = waitFor<string>(s, "disconnect");
    let firstRefusal: number | undefined;
    let stop = false;
    void disconnected.then(() => (stop = true));
    const started = Date.now();
    for (let i = 0; !stop && Date.now() - started < 8000; i++) {
      // Does not wait for answers, as a flood would not.
      s.timeout(5000).emit(
        "send-message",
        { roomId, clientMessageId: `f${i}`, content: `${i}` },
        (_err: unknown, ack?: { ok: boolean; error?: { code: string } }) => {
          if (ack?.error?.code === "RATE_LIMITED") firstRefusal ??= Date.now();
        },
      );
      await sleep(20);
    }
    expect(await disconnected).toBe("io server disconnect");
    const after = Date.now() - firstRefusal!;
    // Refills let some through every second; it is the ignoring that ends the connection.
    expect(after).toBeGreaterThanOrEqual(DISCONNECT_AFTER_MS);
    expect(after).toBeLessThan(DISCONNECT_AFTER_MS + 2000);
    const stored = await countMessages(h, { senderId: "abuser" });
    expect(stored).toBeGreaterThan(5); // several windows' worth got through
    expect(stored).toBeLessThan(5 * Math.ceil(after / 1000 + 2));
    const text = await (await fetch(`${h.server.url}/metrics`)).text();
    expect(text).toMatch(/switchboard_abuse_disconnects_total\{kind="messages"\} 1/);
  });

  it("keeps a client that waits out each retryAfterMs connected, however long it sends at the limit", async () => {
    const s = await h.connect("patient");
    const roomId = await openRoom(h, s);
    let refusals = 0;
    let stored = 0;
    const started = Date.now();
    for (let i = 0; Date.now() - started < 3 * DISCONNECT_AFTER_MS;) {
      const ack = await h.call(s, "send-message", {
        roomId,
        clientMessageId: `p${i}`,
        content: `${i}`,
      });
      if (ack.ok) {
        stored++;
        i++;
      } else {
        expect(ack.error.code).toBe("RATE_LIMITED");
        refusals++;
        await sleep(ack.error.retryAfterMs);
      }
    }
    expect(refusals).toBeGreaterThan(2);
    expect(s.connected).toBe(true);
    expect(await countMessages(h, { senderId: "patient" })).toBe(stored);
  });
});
