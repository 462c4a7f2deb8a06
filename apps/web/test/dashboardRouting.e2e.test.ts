// Availability and automatic assignment on the dashboard (issue 13), with AUTO_ASSIGN on: the
// top bar's "Available for new chats" switch (set-availability, kept across a reload), the
// "Assigned to you automatically" notice when routing gives the agent a chat, and a notice
// when a teammate takes one of theirs. The tests build on each other (see session.ts).
import type { ChatClient } from "@switchboard/client";
import { afterAll, describe, expect, it } from "vitest";
import { screenshot } from "./browser.ts";
import { sdkAgent, sdkCustomer } from "./dashboard.ts";
import { T, setupSession } from "./session.ts";

const s = setupSession("routing", { agentName: "Ana Lima", routing: { enabled: true } });
const teammates: ChatClient[] = [];
afterAll(() => teammates.forEach((c) => c.disconnect()));

const availability = () =>
  s.agentPage.getByRole("switch", { name: "Available for new chats" }).getAttribute("aria-checked");
const stored = async () =>
  (await s.db.collection("chat_agents").findOne({ agentId: s.AGENT }))?.availability;
const adminOf = async (customer: string) => (await s.roomsOf(customer))[0]?.adminId ?? null;
const notices = () => s.agentPage.locator(".sb-notice");

let dana: Awaited<ReturnType<typeof sdkCustomer>>;

describe("automatic assignment", () => {
  it("routing gives a new chat to the available agent, who is told so", async () => {
    await expect.poll(availability).toBe("true");
    dana = await sdkCustomer(s.server, `dana-${s.run}`, "Dana Whitfield");
    s.sdkClients.push(dana);
    dana.say("Hello, my order never arrived.");
    await expect.poll(() => adminOf(`dana-${s.run}`)).toBe(s.AGENT);
    const notice = notices().filter({ hasText: "Assigned to you automatically: Dana Whitfield" });
    await notice.waitFor({ timeout: T });
    expect(await s.agentPage.getByRole("status").allTextContents()).toContain(
      "Assigned to you automatically: Dana Whitfield",
    );
    await s.rowOf(dana.roomId).getByText("You", { exact: true }).waitFor({ timeout: T });
    await screenshot(s.agentPage, "dashboard-auto-assigned");
    // "Open" opens the chat and dismisses the notice.
    await notice.getByRole("button", { name: "Open" }).click();
    await s.agent.view.getByText("Assigned to you").waitFor({ timeout: T });
    await notice.waitFor({ state: "detached" });
  });
});

describe("availability", () => {
  it("the switch sets away by keyboard; routing then gives new chats to a teammate", async () => {
    const toggle = s.agentPage.getByRole("switch", { name: "Available for new chats" });
    await toggle.focus();
    await s.agentPage.keyboard.press("Space");
    await expect.poll(availability).toBe("false");
    await expect.poll(stored).toBe("away");

    const alan = await sdkAgent(s.server, `alan-${s.run}`, "Alan Turing");
    teammates.push(alan.client);
    const eve = await sdkCustomer(s.server, `eve-${s.run}`, "Eve Moss");
    s.sdkClients.push(eve);
    eve.say("Do you ship to Norway?");
    await expect.poll(() => adminOf(`eve-${s.run}`)).toBe(alan.id);
    expect(await notices().filter({ hasText: "Eve Moss" }).count()).toBe(0);
  });

  it("away is kept across a reload; switching back on takes chats again", async () => {
    await s.agentPage.reload();
    await s.agent.inbox.waitFor({ timeout: T });
    await expect.poll(availability).toBe("false");
    await screenshot(s.agentPage, "dashboard-away");
    await s.agentPage.getByRole("switch", { name: "Available for new chats" }).click();
    await expect.poll(availability).toBe("true");
    await expect.poll(stored).toBe("online");
  });
});

describe("a teammate takes a chat away", () => {
  it("the agent is told who took it", async () => {
    const alan = teammates[0]!;
    await alan.assign(dana.roomId);
    await notices()
      .filter({ hasText: "Alan Turing took over your chat with Dana Whitfield" })
      .waitFor({ timeout: T });
    const dismiss = s.agentPage.getByRole("button", {
      name: "Dismiss: Alan Turing took over your chat with Dana Whitfield",
    });
    await dismiss.click();
    await dismiss.waitFor({ state: "detached" });
  });
});

it("no page raised a dialog or an uncaught error", () => {
  expect(s.problems).toEqual({ dialogs: [], errors: [] });
});
