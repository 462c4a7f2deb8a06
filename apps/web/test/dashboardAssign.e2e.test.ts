// Assign and transfer on the dashboard (issue 13): the agent picks a teammate from
// GET /api/chat/agents (names, presence, open conversations), never types an id; "Assign to
// me" on a teammate's chat asks first; assignees show by name; every dialog gives focus back
// to the control that opened it. The tests build on each other (see session.ts).
import type { Page } from "playwright-core";
import type { ChatClient } from "@switchboard/client";
import { afterAll, describe, expect, it } from "vitest";
import { screenshot } from "./browser.ts";
import { sdkAgent, sdkCustomer } from "./dashboard.ts";
import { T, setupSession } from "./session.ts";

const s = setupSession("assign");
const NAME = "Dana Whitfield";
const ALAN = "Alan Turing";
const GRACE = "Grace Hopper";

/** The focused element's tag and accessible text, as a keyboard user finds it. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return `${el?.tagName.toLowerCase()}:${el?.getAttribute("aria-label") ?? el?.textContent?.trim()}`;
  });

const teammates: ChatClient[] = [];
afterAll(() => teammates.forEach((c) => c.disconnect()));

let roomId: string;
let alanId: string;

describe("assign and transfer", () => {
  it("a teammate picker lists the team by name, presence and load", async () => {
    const alan = await sdkAgent(s.server, `alan-${s.run}`, ALAN);
    const grace = await sdkAgent(s.server, `grace-${s.run}`, GRACE);
    grace.client.disconnect(); // known to the directory, offline now
    alanId = alan.id;
    teammates.push(alan.client);
    const dana = await sdkCustomer(s.server, `dana-${s.run}`, NAME);
    s.sdkClients.push(dana);
    roomId = dana.roomId;
    dana.say("Hi, my parcel went to the wrong address.");
    await s.rowOf(roomId).click();

    await s.agent.view.getByRole("button", { name: "Assign…" }).click();
    const picker = s.agentPage.getByRole("dialog", { name: "Assign this conversation" });
    const team = picker.getByRole("list", { name: "Teammates" });
    await team.getByRole("button", { name: new RegExp(`^${ALAN}`) }).waitFor({ timeout: T });
    await expect
      .poll(() =>
        team
          .getByRole("button")
          .evaluateAll((buttons) =>
            buttons.map((b) =>
              [...b.querySelectorAll(":scope > :not([aria-hidden])")]
                .map((part) => part.textContent)
                .join(" "),
            ),
          ),
      )
      .toEqual([
        // Online first, then by name (the server's order).
        `${s.AGENT} (you)Online, 0 open conversations`,
        `${ALAN}Online, 0 open conversations`,
        `${GRACE}Offline, 0 open conversations`,
      ]);
    expect(await focused(s.agentPage)).toBe("input:Find a teammate");
    await screenshot(s.agentPage, "dashboard-assign-picker");
  });

  it("filters as you type; arrow keys and Enter assign, by keyboard only", async () => {
    const picker = s.agentPage.getByRole("dialog", { name: "Assign this conversation" });
    await s.agentPage.keyboard.type("tur");
    await expect.poll(() => picker.getByRole("button", { name: /open/ }).count()).toBe(1);
    await s.agentPage.keyboard.press("ArrowDown");
    expect(await focused(s.agentPage)).toMatch(new RegExp(`^button:AT${ALAN}Online`));
    await s.agentPage.keyboard.press("Enter");
    await picker.waitFor({ state: "detached", timeout: T });
    await s.agent.view.getByText(`Assigned to ${ALAN}`).waitFor({ timeout: T });
    await s.rowOf(roomId).getByText(ALAN, { exact: true }).waitFor({ timeout: T });
    await expect.poll(async () => (await s.roomsOf(`dana-${s.run}`))[0]?.adminId).toBe(alanId);
    // The opener ("Assign…", now "Transfer") has the focus back.
    expect(await focused(s.agentPage)).toBe("button:Transfer");
    // The panel names the assignee too, with their presence.
    const panel = s.agentPage.getByRole("complementary", { name: "Customer details" });
    await panel.getByText(ALAN, { exact: true }).waitFor({ timeout: T });
  });

  it("'Assign to me' on a teammate's chat asks first; Escape and Cancel give focus back", async () => {
    const take = s.agent.view.getByRole("button", { name: "Assign to me" });
    await take.click();
    const confirm = s.agentPage.getByRole("dialog", { name: `Take over from ${ALAN}?` });
    await confirm.waitFor({ timeout: T });
    await screenshot(s.agentPage, "dashboard-takeover-confirm");
    await s.agentPage.keyboard.press("Escape");
    await confirm.waitFor({ state: "detached", timeout: T });
    await expect.poll(() => focused(s.agentPage)).toBe("button:Assign to me");

    await s.agentPage.keyboard.press("Enter"); // the focused "Assign to me" opens it again
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await confirm.waitFor({ state: "detached", timeout: T });
    await expect.poll(() => focused(s.agentPage)).toBe("button:Assign to me");
    expect((await s.roomsOf(`dana-${s.run}`))[0]?.adminId).toBe(alanId);
  });

  it("taking over assigns it, writes the trail Alan sees, and puts focus in the composer", async () => {
    await s.agent.view.getByRole("button", { name: "Assign to me" }).click();
    const confirm = s.agentPage.getByRole("dialog", { name: `Take over from ${ALAN}?` });
    await confirm.getByRole("button", { name: "Take over" }).click();
    await confirm.waitFor({ state: "detached", timeout: T });
    await s.agent.view.getByText("Assigned to you").waitFor({ timeout: T });
    await expect.poll(async () => (await s.roomsOf(`dana-${s.run}`))[0]?.adminId).toBe(s.AGENT);
    await s.agent.messages
      .getByText(`${s.AGENT} took the chat over from ${ALAN}`)
      .waitFor({ timeout: T });
    await expect
      .poll(() => s.agent.input.evaluate((el) => el === document.activeElement))
      .toBe(true);
  });

  it("the panel's 'Transfer to a teammate…' opens the same picker; Escape returns focus", async () => {
    const panel = s.agentPage.getByRole("complementary", { name: "Customer details" });
    const open = panel.getByRole("button", { name: "Transfer to a teammate…" });
    await open.click();
    const picker = s.agentPage.getByRole("dialog", { name: "Transfer this conversation" });
    const mine = picker.getByRole("button", { name: new RegExp(`^${s.AGENT}`) });
    await expect.poll(() => mine.isDisabled()).toBe(true); // the current assignee
    await s.agentPage.keyboard.press("Escape");
    await picker.waitFor({ state: "detached", timeout: T });
    expect(await focused(s.agentPage)).toBe("button:Transfer to a teammate…");
  });
});

it("no page raised a dialog or an uncaught error", () => {
  expect(s.problems).toEqual({ dialogs: [], errors: [] });
});
