import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, openRoom, waitFor, type Harness } from "./support.ts";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe("typing", () => {
  it("reaches the other side but no socket of the typist, and stops on send", async () => {
    const customer = await h.connect("ty-customer");
    const secondDevice = await h.connect("ty-customer");
    const roomId = await openRoom(h, customer);
    await h.call(secondDevice, "join-chat", { roomId });
    const admin = await h.connect("ty-agent", "admin");
    await h.call(admin, "join-chat", { roomId });
    let echoed = 0;
    secondDevice.on("typing", () => echoed++);
    customer.on("typing", () => echoed++);
    const typing = waitFor(admin, "typing");
    expect(await h.call(customer, "typing", { roomId })).toEqual({ ok: true, data: {} });
    expect(await typing).toEqual({ roomId, userId: "ty-customer", role: "customer" });
    const stopped = waitFor(admin, "stop-typing");
    await h.call(customer, "send-message", { roomId, clientMessageId: "t1", content: "done" });
    expect(await stopped).toEqual({ roomId, userId: "ty-customer", role: "customer" });
    expect(echoed).toBe(0);
  });

  it("stops for the others when the typist disconnects", async () => {
    const customer = await h.connect("ty-gone");
    const roomId = await openRoom(h, customer);
    const admin = await h.connect("ty-gone-agent", "admin");
    await h.call(admin, "join-chat", { roomId });
    await h.call(customer, "typing", { roomId });
    const stopped = waitFor(admin, "stop-typing");
    customer.disconnect();
    expect(await stopped).toMatchObject({ roomId, userId: "ty-gone" });
  });

  it("refuses typing into another customer's room", async () => {
    const roomId = await openRoom(h, await h.connect("ty-owner"));
    const intruder = await h.connect("ty-intruder");
    expect(await h.call(intruder, "typing", { roomId })).toMatchObject({
      ok: false,
      error: { code: "FORBIDDEN" },
    });
    expect(await h.call(intruder, "stop-typing", { roomId })).toMatchObject({
      ok: false,
      error: { code: "FORBIDDEN" },
    });
  });
});
