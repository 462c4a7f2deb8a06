// Canned responses on the dashboard (issue 13): a page to list, add, edit and delete them
// (a taken shortcode shows the server's CONFLICT at the field), and `/` at the start of the
// composer: a picker filtered as you type, arrows and Enter insert the text with its
// placeholders filled, Escape closes it. Keyboard only in the composer. The tests build on
// each other (see session.ts).
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { screenshot } from "./browser.ts";
import { sdkCustomer } from "./dashboard.ts";
import { T, setupSession } from "./session.ts";

const AGENT_NAME = "Ana Lima";
const s = setupSession("canned", { agentName: AGENT_NAME });
const NAME = "Dana Whitfield";

const canned = () =>
  s.db.collection("chat_canned_responses").find().sort({ shortcode: 1 }).toArray();
const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? "");
const page = () => s.agentPage.getByRole("main");

describe("the canned responses page", () => {
  it("starts empty; 'New response' adds one (the shortcode lower-cased)", async () => {
    await s.agentPage.getByRole("button", { name: "Canned responses" }).click();
    await page().getByRole("heading", { level: 2, name: "Canned responses" }).waitFor();
    await page().getByText("No canned responses yet").waitFor({ timeout: T });
    await page().getByRole("button", { name: "New response" }).click();
    const form = page().getByRole("form", { name: "New canned response" });
    await form.getByLabel("Shortcode").fill("Refund");
    await form.getByLabel("Title (optional)").fill("Refund on its way");
    await form
      .getByLabel("Text")
      .fill("Hi {{customer.name}}, I'm {{agent.name}}. Your refund is on its way: 3 to 5 days.");
    await form.getByRole("button", { name: "Add response" }).click();
    await form.waitFor({ state: "detached", timeout: T });
    await page().getByRole("listitem").filter({ hasText: "/refund" }).waitFor({ timeout: T });
    await expect
      .poll(async () => (await canned()).map((c) => [c.shortcode, c.title]))
      .toEqual([["refund", "Refund on its way"]]);
    // Focus is back on "New response", the control that opened the form.
    expect(await s.agentPage.evaluate(() => document.activeElement?.textContent)).toBe(
      "New response",
    );
  });

  it("a taken shortcode shows the server's CONFLICT at the field, which takes the focus", async () => {
    await page().getByRole("button", { name: "New response" }).click();
    const form = page().getByRole("form", { name: "New canned response" });
    await form.getByLabel("Shortcode").fill("hello");
    await form.getByLabel("Text").fill("Hi {{customer.name}}! How can I help?");
    await form.getByRole("button", { name: "Add response" }).click();
    await form.waitFor({ state: "detached", timeout: T });

    await page().getByRole("button", { name: "New response" }).click();
    await form.getByLabel("Shortcode").fill("refund");
    await form.getByLabel("Text").fill("Another refund text");
    await form.getByRole("button", { name: "Add response" }).click();
    const alert = form.getByRole("alert");
    await alert.waitFor({ timeout: T });
    expect(await alert.textContent()).toBe("/refund is already taken. Choose another shortcode.");
    const field = form.getByLabel("Shortcode");
    expect(await field.getAttribute("aria-invalid")).toBe("true");
    expect(await focusedId(s.agentPage)).toBe(await field.getAttribute("id"));
    await screenshot(s.agentPage, "dashboard-canned-conflict");
    expect(await canned()).toHaveLength(2);
    await form.getByRole("button", { name: "Cancel" }).click();
  });

  it("edits one and deletes one (after a confirmation)", async () => {
    await page().getByRole("button", { name: "Edit /hello" }).click();
    const form = page().getByRole("form", { name: "Edit /hello" });
    await form.getByLabel("Title (optional)").fill("Greeting");
    await form.getByRole("button", { name: "Save changes" }).click();
    await form.waitFor({ state: "detached", timeout: T });
    await expect
      .poll(async () => (await canned()).find((c) => c.shortcode === "hello")?.title)
      .toBe("Greeting");
    expect(await s.agentPage.evaluate(() => document.activeElement?.ariaLabel)).toBe("Edit /hello");
    await screenshot(s.agentPage, "dashboard-canned-page");

    await page().getByRole("button", { name: "Delete /hello" }).click();
    const dialog = s.agentPage.getByRole("dialog", { name: "Delete /hello?" });
    await dialog.getByRole("button", { name: "Delete response" }).click();
    await dialog.waitFor({ state: "detached", timeout: T });
    await expect.poll(async () => (await canned()).map((c) => c.shortcode)).toEqual(["refund"]);
    await page().getByRole("listitem").filter({ hasText: "/hello" }).waitFor({ state: "detached" });
    expect(await page().getByRole("status").textContent()).toBe("Deleted /hello.");
  });
});

describe("'/' in the composer", () => {
  it("opens the picker, filtered as you type", async () => {
    const dana = await sdkCustomer(s.server, `dana-${s.run}`, NAME);
    s.sdkClients.push(dana);
    dana.say("Hi! Where is my refund?");
    await s.agentPage.getByRole("button", { name: "Inbox" }).click();
    await s.rowOf(dana.roomId).click();
    await s.agent.input.focus();
    await s.agentPage.keyboard.type("/");
    const list = s.agent.view.getByRole("listbox", { name: "Canned responses" });
    await list.waitFor({ timeout: T });
    await s.agentPage.keyboard.type("ref");
    await expect.poll(() => list.getByRole("option").count()).toBe(1);
    const option = list.getByRole("option", { selected: true });
    expect(await option.textContent()).toContain(`Hi ${NAME}, I'm ${AGENT_NAME}.`);
    const active = await s.agent.input.getAttribute("aria-activedescendant");
    expect(active).toBe(await option.getAttribute("id"));
    await screenshot(s.agentPage, "dashboard-canned-picker");
  });

  it("Enter inserts the text with the placeholders filled; the next Enter sends it", async () => {
    const text = `Hi ${NAME}, I'm ${AGENT_NAME}. Your refund is on its way: 3 to 5 days.`;
    await s.agentPage.keyboard.press("Enter");
    expect(await s.agent.input.inputValue()).toBe(text);
    await s.agent.view.getByRole("listbox").waitFor({ state: "detached", timeout: T });
    await s.agentPage.keyboard.press("Enter");
    await s.agent.messages.getByText(text, { exact: true }).waitFor({ timeout: T });
    await expect
      .poll(async () => (await s.db.collection("chat_messages").findOne({ content: text }))?.kind)
      .toBe("message");
  });

  it("Escape closes the picker and keeps what was typed", async () => {
    await s.agentPage.keyboard.type("/zz");
    const list = s.agent.view.getByRole("listbox", { name: "Canned responses" });
    await s.agent.view.getByText("No canned response matches “zz”.").waitFor({ timeout: T });
    expect(await list.count()).toBe(0);
    await s.agentPage.keyboard.press("Backspace");
    await s.agentPage.keyboard.press("Backspace");
    await list.waitFor({ timeout: T });
    await s.agentPage.keyboard.press("Escape");
    await list.waitFor({ state: "detached", timeout: T });
    expect(await s.agent.input.inputValue()).toBe("/");
    // The page's own Escape did not fire: the conversation is still open.
    await s.agent.view.waitFor({ timeout: T });
  });
});

it("no page raised a dialog or an uncaught error", () => {
  expect(s.problems).toEqual({ dialogs: [], errors: [] });
});
