// The agent dashboard's Metrics view in Debian's Chromium against a real server: a
// customer (the SDK, from Node) writes in a room no agent has taken; the admin opens
// Metrics from the top bar (by keyboard) and sees the live numbers, polled every 5 s.
import { describe, expect, it } from "vitest";
import { screenshot } from "./browser.ts";
import { sdkCustomer } from "./dashboard.ts";
import { DESKTOP, T, setupSession } from "./session.ts";

const s = setupSession("metrics");
const views = () => s.agentPage.getByRole("navigation", { name: "Dashboard views" });
const metrics = () => s.agentPage.getByRole("region", { name: "Metrics" });
const metricSel = (label: string) => `[data-metric="${label}"]`;
const value = (label: string) => metrics().locator(metricSel(label));
const numberOf = async (label: string) =>
  Number((await value(label).textContent())?.replace(/[^\d.]/g, "") || NaN);

describe("the Metrics view", () => {
  it("a customer writes in an unassigned room", async () => {
    const c = await sdkCustomer(s.server, `metrics-${s.run}`);
    s.sdkClients.push(c);
    c.say("Hello, is anyone there?");
    await s.rowOf(c.roomId).getByLabel("1 unread").waitFor({ timeout: T });
  });

  it("opens from the top bar with the keyboard", async () => {
    const inbox = views().getByRole("button", { name: "Inbox" });
    const button = views().getByRole("button", { name: "Metrics" });
    expect(await inbox.getAttribute("aria-pressed")).toBe("true");
    expect(await button.getAttribute("aria-pressed")).toBe("false");
    await inbox.focus();
    await s.agentPage.keyboard.press("Tab");
    expect(await button.evaluate((el) => el === document.activeElement)).toBe(true);
    await s.agentPage.keyboard.press("Enter");
    await metrics().waitFor({ timeout: T });
    expect(await button.getAttribute("aria-pressed")).toBe("true");
    expect(await s.agent.inbox.isVisible()).toBe(false);
  });

  it("shows the live numbers: customers, messages per minute, rooms waiting", async () => {
    await metrics()
      .getByText(/^Updated /)
      .waitFor({ timeout: T });
    await expect.poll(() => numberOf("Active customers"), { timeout: T }).toBeGreaterThanOrEqual(1);
    await expect.poll(() => numberOf("Active agents"), { timeout: T }).toBeGreaterThanOrEqual(1);
    await expect
      .poll(() => numberOf("Messages per minute"), { timeout: T })
      .toBeGreaterThanOrEqual(1);
    await expect
      .poll(() => numberOf("Waiting for an agent"), { timeout: T })
      .toBeGreaterThanOrEqual(1);
    expect(await numberOf("Open rooms")).toBeGreaterThanOrEqual(1);
    // Highlighted: customers are waiting.
    const card = s.agentPage.locator(metricSel("Waiting for an agent"));
    const waiting = metrics().locator(".sb-metric", { has: card });
    expect(await waiting.getAttribute("class")).toContain("sb-metric--warn");
    expect(await value("Delivery latency (p95)").textContent()).toMatch(/^(—|[\d,]+ ms)$/);
  });

  it("polls: a second reading draws the trend line", async () => {
    s.sdkClients[0]!.say("Hello again");
    await metrics()
      .getByRole("img", { name: /^Messages per minute during this session/ })
      .waitFor({ timeout: 3 * T });
    await expect
      .poll(() => numberOf("Messages per minute"), { timeout: 3 * T })
      .toBeGreaterThanOrEqual(2);
    await s.agentPage.mouse.move(0, 0);
    await screenshot(s.agentPage, "dashboard-metrics");
    await s.agentPage.setViewportSize({ width: 390, height: 844 });
    await screenshot(s.agentPage, "dashboard-metrics-phone");
    await s.agentPage.setViewportSize(DESKTOP);
    expect(s.problems).toEqual({ dialogs: [], errors: [] });
  });

  it("goes back to the inbox, as it was", async () => {
    await views().getByRole("button", { name: "Inbox" }).click();
    await s.agent.inbox.waitFor({ timeout: T });
    expect(await metrics().count()).toBe(0);
    await s.rowOf(s.sdkClients[0]!.roomId).getByLabel("2 unread").waitFor({ timeout: T });
  });
});
