// The dashboard on a 390-px phone and under axe-core (issue 13): one long preview must not
// widen the inbox (everything shrinks: min-width 0, ellipsis), and axe-core finds no serious
// or critical violation, nor page-has-heading-one or landmark-one-main, in each view (inbox,
// an open conversation with its dialogs, metrics, canned responses), on desktop and phone.
// The tests build on each other.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { axeViolations } from "./axe.ts";
import { agentOn, screenshot } from "./browser.ts";
import { sdkCustomer } from "./dashboard.ts";
import { T, setupSession } from "./session.ts";

const s = setupSession("a11y", { agentName: "Ana Lima" });
const PHONE = { width: 390, height: 844 };
const ALSO = ["page-has-heading-one", "landmark-one-main", "region", "heading-order"];
const LONG =
  "My order https://shop.example.com/orders/2291/items/ridge-runner-trail-shoes-size-44-colour-midnight-blue?ref=mail-campaign-spring never arrived and I have written three times already without any answer at all";

let phone: Page;

/** How wide the page and the inbox are, against the viewport. */
const widths = (page: Page) =>
  page.evaluate(() => ({
    viewport: window.innerWidth,
    page: document.documentElement.scrollWidth,
    inbox: document.querySelector(".sb-rooms")?.getBoundingClientRect().width ?? 0,
  }));

describe("desktop", () => {
  it("the inbox and an open conversation have no serious axe violation", async () => {
    const c = await sdkCustomer(s.server, `dana-${s.run}`, "Dana Whitfield");
    s.sdkClients.push(c);
    c.say(LONG);
    await s.rowOf(c.roomId).waitFor({ timeout: T });
    expect(await axeViolations(s.agentPage, { alsoRules: ALSO })).toEqual([]);
    await s.rowOf(c.roomId).click();
    await s.agent.input.waitFor();
    expect(await axeViolations(s.agentPage, { alsoRules: ALSO })).toEqual([]);
  });

  it("nor with a dialog open, nor in Metrics and Canned responses", async () => {
    await s.agent.view.getByRole("button", { name: "Assign…" }).click();
    await s.agentPage.getByRole("dialog", { name: "Assign this conversation" }).waitFor();
    expect(await axeViolations(s.agentPage, { alsoRules: ALSO })).toEqual([]);
    await s.agentPage.keyboard.press("Escape");
    for (const view of ["Metrics", "Canned responses"]) {
      await s.agentPage.getByRole("button", { name: view, exact: true }).click();
      await s.agentPage.getByRole("heading", { level: 2, name: view }).waitFor({ timeout: T });
      expect(await axeViolations(s.agentPage, { alsoRules: ALSO })).toEqual([]);
    }
    await s.agentPage.getByRole("button", { name: "Inbox", exact: true }).click();
  });
});

describe("a 390-px phone", () => {
  it("one long preview does not widen the inbox: it fits the screen", async () => {
    const context = await s.browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
    context.setDefaultTimeout(T);
    phone = await context.newPage();
    const token = await s.server.token(s.AGENT, "admin", "1h", "Ana Lima");
    await phone.goto(`${s.server.url}/agent.html?token=${token}`);
    const agent = agentOn(phone);
    await agent.room("Dana Whitfield").waitFor({ timeout: T });
    await screenshot(phone, "dashboard-phone-inbox");
    const w = await widths(phone);
    expect(w.page).toBeLessThanOrEqual(PHONE.width);
    expect(w.inbox).toBeLessThanOrEqual(PHONE.width);
    expect(await axeViolations(phone, { alsoRules: ALSO })).toEqual([]);
  });

  it("the open conversation fits too, header actions and composer included", async () => {
    const agent = agentOn(phone);
    await agent.room("Dana Whitfield").click();
    await agent.input.waitFor({ timeout: T });
    await screenshot(phone, "dashboard-phone-conversation");
    const w = await widths(phone);
    expect(w.page).toBeLessThanOrEqual(PHONE.width);
    const right = await phone.evaluate(() =>
      Math.max(
        ...[...document.querySelectorAll(".sb-roomview button, .sb-roomview textarea")].map(
          (el) => el.getBoundingClientRect().right,
        ),
      ),
    );
    expect(right).toBeLessThanOrEqual(PHONE.width);
    expect(await axeViolations(phone, { alsoRules: ALSO })).toEqual([]);
    await phone.context().close();
  });
});

it("no page raised a dialog or an uncaught error", () => {
  expect(s.problems).toEqual({ dialogs: [], errors: [] });
});
