// The dashboard by keyboard alone (issue 13): j/k and Alt+Up/Down move through the inbox,
// Enter opens (focus lands in the composer), Escape goes back to the inbox, a assigns, n
// toggles note mode, / opens the canned responses, e closes (after a confirmation), ? lists
// every shortcut; none fires while typing in a field. No mouse is used after the page loads.
// The tests build on each other (see session.ts).
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { screenshot } from "./browser.ts";
import { sdkCustomer } from "./dashboard.ts";
import { T, setupSession } from "./session.ts";

const s = setupSession("keyboard", { agentName: "Ana Lima" });
const ids: string[] = []; // newest first, as the inbox lists them
const key = (k: string) => s.agentPage.keyboard.press(k);

/** What has the focus: a row's room id, "composer", or the element's accessible text. */
const focus = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    const row = el?.closest<HTMLElement>("[data-room-id]");
    if (row) return `row:${row.dataset.roomId}`;
    if (el?.closest(".sb-roomview") && el.tagName === "TEXTAREA") return "composer";
    return `${el?.tagName.toLowerCase()}:${el?.getAttribute("aria-label") ?? el?.textContent?.trim()}`;
  });

describe("moving through the inbox", () => {
  it("j, k and Alt+Up/Down move the focus from row to row", async () => {
    for (const name of ["Ada Lovelace", "Bob Kahn", "Cy Young"]) {
      const c = await sdkCustomer(s.server, `${name.split(" ")[0]!.toLowerCase()}-${s.run}`, name);
      s.sdkClients.push(c);
      c.say(`Hello from ${name}`);
      await s.rowOf(c.roomId).waitFor({ timeout: T });
      ids.unshift(c.roomId);
    }
    await s.agentPage.locator("body").focus();
    await key("j");
    expect(await focus(s.agentPage)).toBe(`row:${ids[0]}`);
    await key("j");
    expect(await focus(s.agentPage)).toBe(`row:${ids[1]}`);
    await key("Alt+ArrowDown");
    expect(await focus(s.agentPage)).toBe(`row:${ids[2]}`);
    await key("j"); // the last row stays
    expect(await focus(s.agentPage)).toBe(`row:${ids[2]}`);
    await key("k");
    await key("Alt+ArrowUp");
    expect(await focus(s.agentPage)).toBe(`row:${ids[0]}`);
  });

  it("Enter opens the conversation and puts the focus in the composer", async () => {
    await key("Enter");
    await s.agent.view.getByRole("heading", { name: "Cy Young" }).waitFor({ timeout: T });
    await expect.poll(() => focus(s.agentPage)).toBe("composer");
  });

  it("no shortcut fires while typing: j, k, a, n, e and ? are text in the composer", async () => {
    await s.agentPage.keyboard.type("jkanes? ok");
    expect(await s.agent.input.inputValue()).toBe("jkanes? ok");
    expect(await s.agentPage.getByRole("dialog").count()).toBe(0);
    await s.agent.view.getByText("Unassigned · replying assigns it to you").waitFor();
    await s.agent.input.fill("");
  });

  it("Escape leaves the composer for the open conversation's row; j moves on from there", async () => {
    await key("Escape");
    expect(await focus(s.agentPage)).toBe(`row:${ids[0]}`);
    await key("j");
    expect(await focus(s.agentPage)).toBe(`row:${ids[1]}`);
    await key("k");
  });
});

describe("acting on the open conversation", () => {
  it("a assigns it to me", async () => {
    await key("a");
    await s.agent.view.getByText("Assigned to you").waitFor({ timeout: T });
    await expect.poll(async () => (await s.roomsOf(`cy-${s.run}`))[0]?.adminId).toBe(s.AGENT);
  });

  it("n switches to a private note and back, the composer taking the focus", async () => {
    await key("n");
    await s.agent.view.getByText("Only agents see this", { exact: true }).waitFor({ timeout: T });
    await expect.poll(() => focus(s.agentPage)).toBe("composer");
    await s.agentPage.keyboard.type("Cy is a VIP: be generous.");
    await key("Enter");
    await s.agent.messages.getByText("Cy is a VIP: be generous.").waitFor({ timeout: T });
    await key("Escape");
    await key("n");
    await s.agent.view
      .getByText("Only agents see this", { exact: true })
      .waitFor({ state: "detached" });
    await expect.poll(() => focus(s.agentPage)).toBe("composer");
    await key("Escape");
  });

  it("/ opens the canned responses in the composer", async () => {
    await s.server.token(s.AGENT, "admin").then((token) =>
      fetch(`${s.server.url}/api/chat/canned-responses`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: JSON.stringify({ shortcode: "thanks", content: "Thanks {{customer.name}}!" }),
      }),
    );
    await key("/");
    await expect.poll(() => focus(s.agentPage)).toBe("composer");
    const list = s.agent.view.getByRole("listbox", { name: "Canned responses" });
    await list.waitFor({ timeout: T });
    await key("Enter");
    expect(await s.agent.input.inputValue()).toBe("Thanks Cy Young!");
    await key("Enter");
    await s.agent.messages.getByText("Thanks Cy Young!").waitFor({ timeout: T });
    await key("Escape");
  });

  it("? lists every shortcut; Escape closes it and the focus comes back", async () => {
    const before = await focus(s.agentPage);
    await key("?");
    const dialog = s.agentPage.getByRole("dialog", { name: "Keyboard shortcuts" });
    await dialog.waitFor({ timeout: T });
    const rows = await dialog.locator("tbody tr").allTextContents();
    expect(rows.map((r) => r.replace(/\s+/g, " "))).toEqual([
      "j or Alt+↓Next conversation in the inbox",
      "k or Alt+↑Previous conversation in the inbox",
      "EnterOpen the conversation",
      "EscFrom the reply field: back to the inbox",
      "aAssign the conversation to me",
      "nSwitch between reply and private note",
      "/Insert a canned response",
      "eClose the conversation (asks first)",
      "?Show these shortcuts",
    ]);
    await screenshot(s.agentPage, "dashboard-shortcuts");
    await key("j"); // no shortcut behind a dialog
    expect(await dialog.isVisible()).toBe(true);
    await key("Escape");
    await dialog.waitFor({ state: "detached" });
    await expect.poll(() => focus(s.agentPage)).toBe(before);
  });

  it("e asks to close; Escape keeps it open, Enter on the confirmation closes it", async () => {
    await key("e");
    const confirm = s.agentPage.getByRole("dialog", { name: "Close this conversation?" });
    await confirm.waitFor({ timeout: T });
    await key("Escape");
    await confirm.waitFor({ state: "detached" });
    expect((await s.roomsOf(`cy-${s.run}`))[0]?.status).toBe("open");
    await key("e");
    await confirm.waitFor({ timeout: T });
    await key("Tab"); // from Cancel (the safe first focus) to "Close conversation"
    await key("Enter");
    await s.agent.view.getByText("This conversation is closed.").waitFor({ timeout: T });
    expect((await s.roomsOf(`cy-${s.run}`))[0]?.status).toBe("closed");
    // Focus did not drop to the page: it is on the conversation's heading.
    await expect.poll(() => focus(s.agentPage)).toBe("h2:Cy Young");
  });
});

it("no page raised a dialog or an uncaught error", () => {
  expect(s.problems).toEqual({ dialogs: [], errors: [] });
});
