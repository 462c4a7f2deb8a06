// Labels and search on the dashboard (issue 13): labels on the conversation (added and
// removed from the customer panel, checked as the contract says), label filters and a
// search box over the inbox (list-rooms label and q), all by keyboard. The tests build on
// each other (see session.ts).
import { describe, expect, it } from "vitest";
import { screenshot } from "./browser.ts";
import { sdkAgent, sdkCustomer } from "./dashboard.ts";
import { T, setupSession } from "./session.ts";

const s = setupSession("labels", { agentName: "Ana Lima" });
const rooms: Record<string, string> = {};
const panel = () => s.agentPage.getByRole("complementary", { name: "Customer details" });
const labelsOf = async (customer: string) =>
  (await s.roomsOf(`${customer}-${s.run}`))[0]?.labels as string[] | undefined;
const listed = () =>
  s.agent.inbox
    .locator("[data-room-id]")
    .evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.roomId));
const idsOf = (...names: string[]) => names.map((n) => rooms[n]);

describe("labels on the conversation", () => {
  it("adds labels from the panel, typed as people type (lower case, dashes)", async () => {
    for (const [name, text] of [
      ["Dana Whitfield", "My refund hasn't arrived."],
      ["Eve Moss", "These shoes are too small."],
      ["Finn Carter", "Can I get a refund for order 55?"],
    ] as const) {
      const c = await sdkCustomer(s.server, `${name.split(" ")[0]!.toLowerCase()}-${s.run}`, name);
      s.sdkClients.push(c);
      c.say(text);
      rooms[name.split(" ")[0]!] = c.roomId;
      await s.rowOf(c.roomId).waitFor({ timeout: T });
    }
    await s.rowOf(rooms.Dana!).click();
    const add = panel().getByRole("combobox", { name: "Add a label" });
    await add.fill("VIP Customer");
    await add.press("Enter");
    const chips = panel().getByRole("list", { name: "Labels on this conversation" });
    await chips.getByText("vip-customer").waitFor({ timeout: T });
    await add.fill("refund");
    await add.press("Enter");
    await chips.getByText("refund").waitFor({ timeout: T });
    await expect.poll(() => labelsOf("dana")).toEqual(["vip-customer", "refund"]);
    // The inbox row carries them too.
    await s.rowOf(rooms.Dana!).getByText("vip-customer").waitFor({ timeout: T });
    await screenshot(s.agentPage, "dashboard-labels");
  });

  it("refuses a label the contract refuses, saying why, and stores nothing", async () => {
    const add = panel().getByRole("combobox", { name: "Add a label" });
    await add.fill("café");
    await add.press("Enter");
    const alert = panel().getByRole("alert");
    await alert.waitFor({ timeout: T });
    expect(await alert.textContent()).toBe("A label is 1 to 32 of a–z, 0–9, - and _.");
    expect(await add.getAttribute("aria-invalid")).toBe("true");
    expect(await labelsOf("dana")).toEqual(["vip-customer", "refund"]);
    await add.fill("");
  });

  it("removes one with its own button, by keyboard", async () => {
    await panel().getByRole("button", { name: "Remove label vip-customer" }).focus();
    await s.agentPage.keyboard.press("Enter");
    await expect.poll(() => labelsOf("dana")).toEqual(["refund"]);
    await s.rowOf(rooms.Dana!).getByText("vip-customer").waitFor({ state: "detached" });
  });
});

describe("the inbox's label filter and search", () => {
  it("filters by label, live", async () => {
    const filter = s.agent.inbox.getByRole("combobox", { name: "Filter by label" });
    await filter.selectOption("refund");
    await expect.poll(listed).toEqual(idsOf("Dana"));
    // A teammate labels another conversation: it joins the filtered list at once.
    const teammate = await sdkAgent(s.server, `grace-${s.run}`, "Grace Hopper");
    await teammate.client.setLabels(rooms.Finn!, ["refund"]);
    await expect.poll(listed).toEqual(idsOf("Finn", "Dana"));
    await teammate.client.setLabels(rooms.Finn!, []);
    await expect.poll(listed).toEqual(idsOf("Dana"));
    teammate.client.disconnect();
    await filter.selectOption("");
    await expect.poll(listed).toHaveLength(3);
  });

  it("the search box is reachable by Tab and lists the rooms holding the text", async () => {
    const search = s.agent.inbox.getByRole("searchbox", { name: "Search conversations" });
    await s.agentPage.getByRole("button", { name: "Sign out" }).focus();
    let reached = false;
    for (let i = 0; i < 15 && !reached; i++) {
      await s.agentPage.keyboard.press("Tab");
      reached = await search.evaluate((el) => el === document.activeElement);
    }
    expect(reached).toBe(true);
    await s.agentPage.keyboard.type("REFUND");
    await expect.poll(listed).toEqual(idsOf("Finn", "Dana"));
    await screenshot(s.agentPage, "dashboard-search");
    await s.agentPage.keyboard.type("zzz");
    await s.agent.inbox.getByText("No open conversations match “REFUNDzzz”.").waitFor();
    await s.agentPage.keyboard.press("Escape"); // clears the search box
    await expect.poll(listed).toHaveLength(3);
  });
});

it("no page raised a dialog or an uncaught error", () => {
  expect(s.problems).toEqual({ dialogs: [], errors: [] });
});
