// How messages are drawn, in Debian's Chromium against a real server: the log is a valid
// list in reading order; web addresses are links, the text stays text; the live region says
// what a message without text holds. The tests build on each other (see session.ts).
//
// `AXE_CORE=/path/to/axe.min.js` also runs axe-core (not a dependency of this repo) on both
// pages and fails on a serious or critical violation inside the message log.
import { readFileSync } from "node:fs";
import type { Frame, Locator, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { screenshot } from "./browser.ts";
import { samplePhoto } from "./png.ts";
import { T, TEAM, setupSession } from "./session.ts";

const s = setupSession("messages");
const NAME = "Dana Whitfield";

/** The widget's frame (axe runs inside it). */
const widgetFrame = () => s.customerPage.frames().find((f) => f.url().includes("widget"))!;

/**
 * The message log's list as a screen reader walks it: its children's tag names, and each
 * row's index and top edge in DOM order.
 */
const listShape = (messages: Locator) =>
  messages.locator("ol.sb-log__list:not(.sb-uploads)").evaluate((ol) => ({
    tags: [...ol.children].map((c) => c.tagName),
    rows: [...ol.children].map((c) => ({
      index: Number((c as HTMLElement).dataset.index),
      top: c.getBoundingClientRect().top,
    })),
  }));

/** axe-core's serious and critical violations inside `selector`, when AXE_CORE is set. */
async function axeViolations(target: Page | Frame, selector: string) {
  const file = process.env.AXE_CORE;
  if (!file) return [];
  await target.addScriptTag({ content: readFileSync(file, "utf8") });
  return target.evaluate(async (include) => {
    type Axe = {
      run(
        context: unknown,
        options: unknown,
      ): Promise<{ violations: { id: string; impact: string; nodes: { html: string }[] }[] }>;
    };
    const { violations } = await (window as unknown as { axe: Axe }).axe.run(
      { include: [include] },
      { resultTypes: ["violations"] },
    );
    return violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.html.slice(0, 120)).join(" | ")}`);
  }, selector);
}

beforeAll(async () => {
  await s.customerPage.goto(
    `${s.server.url}/demo/?token=${await s.server.token(s.VISITOR, "customer", "1h", NAME)}`,
  );
  await s.customer.open();
  await s.customer.send("Hi! My parcel has not arrived.");
  await s.agent.room(NAME).click();
  await s.agent.view.getByRole("button", { name: "Assign to me" }).click();
  await s.agent.send("Sorry to hear that! Let me look.");
  await s.customer.messages.getByText("Sorry to hear that! Let me look.").waitFor({ timeout: T });
});

describe("the message log", () => {
  it("is a list of list items only, in reading order, in the widget and on the dashboard", async () => {
    for (const messages of [s.customer.messages, s.agent.messages]) {
      const { tags, rows } = await listShape(messages);
      expect(tags.length).toBeGreaterThanOrEqual(3); // a day, two messages, an activity
      expect(new Set(tags)).toEqual(new Set(["LI"]));
      const sorted = (key: "index" | "top") =>
        rows.map((r) => r[key]).every((v, i, all) => i === 0 || v > all[i - 1]!);
      expect(sorted("index")).toBe(true);
      expect(sorted("top")).toBe(true);
      // Every message and day is one list item of the log.
      const items = messages.getByRole("listitem");
      expect(await items.count()).toBe(tags.length);
    }
    expect(await axeViolations(widgetFrame(), ".sb-log")).toEqual([]);
    expect(await axeViolations(s.agentPage, ".sb-log")).toEqual([]);
  });
});

describe("web addresses", () => {
  it("are links on both sides, opening a new tab without an opener; markup stays text", async () => {
    const own = `${s.server.url}/healthz`;
    const text = `Tracking: www.track.example/p?id=7, docs (https://docs.example/a_(b)). Status: ${own} <b>javascript:alert(1)</b>`;
    await s.customer.send(text);
    for (const messages of [s.agent.messages, s.customer.messages]) {
      const bubble = messages.locator(".sb-bubble", { hasText: "Tracking:" });
      await bubble.waitFor({ timeout: T });
      expect(await bubble.textContent()).toBe(text);
      const anchors = await bubble.locator("a").evaluateAll((els) =>
        els.map((a) => {
          const [href, target, rel] = ["href", "target", "rel"].map((n) => a.getAttribute(n));
          return [a.textContent, href, target, rel];
        }),
      );
      expect(anchors).toEqual([
        [
          "www.track.example/p?id=7",
          "https://www.track.example/p?id=7",
          "_blank",
          "noopener noreferrer",
        ],
        [
          "https://docs.example/a_(b)",
          "https://docs.example/a_(b)",
          "_blank",
          "noopener noreferrer",
        ],
        [own, own, "_blank", "noopener noreferrer"],
      ]);
      expect(await bubble.locator("b, img, script").count()).toBe(0);
    }
    await screenshot(s.customerPage, "widget-links");
    // The server's own address (no traffic leaves this machine): a new tab, no opener.
    const [tab] = await Promise.all([
      s.agentContext.waitForEvent("page"),
      s.agent.messages.getByRole("link", { name: own }).click(),
    ]);
    await tab.waitForLoadState();
    expect(await tab.evaluate(() => [window.opener, document.referrer])).toEqual([null, ""]);
    expect(await tab.textContent("body")).toContain("ok");
    await tab.close();
  });
});

describe("the widget's live region", () => {
  it("says what an image-only or a file-only message holds, not the name alone", async () => {
    const files = s.agent.view.locator('input[type="file"]');
    await files.setInputFiles({ name: "label.png", mimeType: "image/png", buffer: samplePhoto() });
    await expect
      .poll(() => s.customer.announcer.textContent(), { timeout: T })
      .toBe(`${TEAM} sent an image`);
    const pdf = Buffer.from("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
    await files.setInputFiles({
      name: "return-form.pdf",
      mimeType: "application/pdf",
      buffer: pdf,
    });
    await expect
      .poll(() => s.customer.announcer.textContent(), { timeout: T })
      .toBe(`${TEAM} sent a file return-form.pdf`);
    await s.agent.send("Fill it in and send it back.");
    await expect
      .poll(() => s.customer.announcer.textContent(), { timeout: T })
      .toBe(`${TEAM}: Fill it in and send it back.`);
  });
});

it("no page raised a dialog or an uncaught error", () => {
  expect(s.problems).toEqual({ dialogs: [], errors: [] });
});
