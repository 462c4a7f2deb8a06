// The agent dashboard in Debian's Chromium against a real server with AUTO_ASSIGN on
// (capacity 1): what an unassigned room's header and panel say in that mode, a closed room's
// rating (score and comment) on the room, the CSAT figures over 7 and 30 days in Metrics, and
// the search's result count said politely to screen readers. The tests build on each other.
import { describe, expect, it } from "vitest";
import { axeViolations } from "./axe.ts";
import { screenshot } from "./browser.ts";
import { sdkCustomer } from "./dashboard.ts";
import { T, setupSession } from "./session.ts";

const s = setupSession("desk", { agentName: "Ana Lima", routing: { enabled: true, capacity: 1 } });
const panel = () => s.agentPage.getByRole("complementary", { name: "Customer details" });
const header = () => s.agent.view.locator(".sb-roomview__title p");
let first: Awaited<ReturnType<typeof sdkCustomer>>;
let second: Awaited<ReturnType<typeof sdkCustomer>>;

describe("with automatic assignment", () => {
  it("a room routing cannot place says so, and that replying still takes it", async () => {
    first = await sdkCustomer(s.server, `desk-a-${s.run}`, "Dana Scully");
    second = await sdkCustomer(s.server, `desk-b-${s.run}`, "Fox Mulder");
    s.sdkClients.push(first, second);
    first.say("My parcel never came");
    await expect // routing places it (a few reads on FerretDB: not within the default 1 s)
      .poll(async () => (await s.roomsOf(`desk-a-${s.run}`))[0]?.adminId, { timeout: T })
      .toBe(s.AGENT);
    second.say("Where is the zebra-striped tent?"); // Ana is at capacity: it waits
    await s.rowOf(second.roomId).click();
    await expect
      .poll(() => header().textContent(), { timeout: T })
      .toBe("Unassigned · goes to the next free agent, or to you if you reply first");
    expect(await panel().textContent()).toContain(
      "Nobody yet: it goes to the next agent who is free, unless someone replies first.",
    );
  });
});

describe("a closed room's rating", () => {
  it("shows on the room: the header, and score and comment in the customer panel", async () => {
    await first.client.closeChat(first.roomId);
    await first.client.rateChat(first.roomId, 4, "Quick and kind, thank you");
    await s.agent.inbox.getByRole("button", { name: "Closed" }).click();
    await s.rowOf(first.roomId).click();
    await expect
      .poll(() => header().textContent(), { timeout: T })
      .toBe("Closed · Rated 4 out of 5");
    const rating = panel().getByRole("region", { name: "Customer rating" });
    await rating.waitFor();
    expect(await rating.textContent()).toContain("4 out of 5");
    expect(await rating.textContent()).toContain("“Quick and kind, thank you”");
    await s.agentPage.mouse.move(0, 0);
    await screenshot(s.agentPage, "dashboard-rating");
    expect(await axeViolations(s.agentPage)).toEqual([]);
  });

  it("Metrics shows the average and the count over 7 and 30 days", async () => {
    const views = s.agentPage.getByRole("navigation", { name: "Dashboard views" });
    await views.getByRole("button", { name: "Metrics" }).click();
    const metrics = s.agentPage.getByRole("region", { name: "Metrics" });
    for (const label of ["Satisfaction, 7 days", "Satisfaction, 30 days"]) {
      const card = metrics.locator(".sb-metric", {
        has: s.agentPage.locator(`[data-metric="${label}"]`),
      });
      await expect
        .poll(() => card.locator(".sb-metric__value").textContent(), { timeout: T })
        .toBe("4.0 / 5");
      expect(await card.locator(".sb-metric__hint").textContent()).toBe("From 1 rating");
    }
    await screenshot(s.agentPage, "dashboard-metrics-csat");
    await views.getByRole("button", { name: "Inbox" }).click();
  });
});

describe("search", () => {
  it("says how many conversations it found, politely, for screen readers", async () => {
    await s.agent.inbox.getByRole("button", { name: "Open" }).click();
    const search = s.agent.inbox.getByRole("searchbox", { name: "Search conversations" });
    // The search's own status (the list's loading spinner is a status too).
    const status = s.agent.inbox.getByRole("status").and(s.agent.inbox.locator(".sb-rooms__found"));
    expect(await status.getAttribute("aria-live")).toBeNull(); // role status: polite already
    await search.fill("zebra-striped");
    await expect.poll(() => status.textContent(), { timeout: T }).toBe("1 result");
    await search.fill("no-such-words-anywhere");
    await expect.poll(() => status.textContent(), { timeout: T }).toBe("No results");
    await search.fill("");
    await expect.poll(() => status.textContent(), { timeout: T }).toBe("");
  });
});

it("no page raised a dialog or an uncaught error", () => {
  expect(s.problems).toEqual({ dialogs: [], errors: [] });
});
