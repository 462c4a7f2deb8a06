// The built web app in a real browser against a real server on a real database: a customer
// on the demo shop chats through the widget (an iframe behind a launcher) with an agent on
// the agent page. One server, one browser and two browser contexts (customer, agent) are
// shared by the whole file; the tests run in order and build on each other's conversation,
// so after the first failure the rest are skipped (and both pages are photographed as
// `failure-*.png` next to the other screenshots).
//
// `E2E_DEBUG=1` also prints the pages' console; the server logs warnings and errors.
// Needs the build: `npm run build -w apps/web` (`npm run test:e2e` does it first).
import { randomBytes } from "node:crypto";
import { startTestServer, type TestServer } from "@switchboard/server/testing";
import mongoose, { Types, type Connection } from "mongoose";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import {
  agentOn,
  bubbleTexts,
  clearFailureScreenshots,
  launchChromium,
  requireWebBuild,
  screenshot,
  watchPage,
  WEB_DIST,
  widgetOn,
  type PageProblems,
} from "./browser.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** Base URI ending in "/", without a database name (see scripts/test-database.ts). */
    mongoUri: string;
  }
}

/** How long a UI condition may take to come true. */
const T = 10_000;
/** The SDK's own reconnection backoff (1 s doubling, jittered) after the server comes back. */
const RECONNECT_T = 30_000;
const DESKTOP = { width: 1280, height: 800 };
const MOBILE = { width: 390, height: 844 };
const TEAM = "Acme Support";

// The server's faults, if any, next to the failing test (startTestServer reads it).
process.env.TEST_LOG_LEVEL ??= "warn";

const run = randomBytes(3).toString("hex");
const CUSTOMER = `visitor-${run}`;
const AGENT = `agent-${run}`;

let server: TestServer;
let db: Connection;
let browser: Browser;
let customerPage: Page;
let agentPage: Page;
let customerToken: string;
let agentToken: string;
let roomId: string;
const problems: PageProblems = { dialogs: [], errors: [] };

let customer: ReturnType<typeof widgetOn>;
let agent: ReturnType<typeof agentOn>;
/** The first test that failed: the later ones, which build on it, are skipped. */
let firstFailure: string | null = null;

/** Starts the server, or restarts it onto the same database, port and secret. */
function startServer(restartOf?: TestServer): Promise<TestServer> {
  const mongoUri = inject("mongoUri");
  if (!restartOf) return startTestServer({ mongoUri, webDist: WEB_DIST });
  const { port, secret } = restartOf;
  const dbName = restartOf.mongoUri.slice(restartOf.mongoUri.lastIndexOf("/") + 1);
  return startTestServer({ mongoUri, dbName, port, secret, webDist: WEB_DIST });
}

/** The room's message contents as the database holds them, in (createdAt, _id) order. */
async function dbContents(): Promise<string[]> {
  const docs = await db
    .collection("chat_messages")
    .find({ roomId: new Types.ObjectId(roomId) })
    .sort({ createdAt: 1, _id: 1 })
    .toArray();
  // Activities (contract v2) are drawn as centred lines, not bubbles: compared on their own.
  return docs.filter((d) => d.kind !== "activity").map((d) => String(d.content));
}

const copiesInDb = (content: string) =>
  db.collection("chat_messages").countDocuments({ roomId: new Types.ObjectId(roomId), content });

const demoUrl = () => `${server.url}/demo/?token=${customerToken}`;

beforeAll(async () => {
  requireWebBuild();
  await clearFailureScreenshots();
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
  db = await mongoose.createConnection(server.mongoUri).asPromise();
  customerToken = await server.token(CUSTOMER, "customer");
  agentToken = await server.token(AGENT, "admin");
  const [customerContext, agentContext] = await Promise.all([
    browser.newContext({ viewport: DESKTOP }),
    browser.newContext({ viewport: DESKTOP }),
  ]);
  // Actions (click, fill) fail as fast as the waits do, not after Playwright's 30 s.
  customerContext.setDefaultTimeout(T);
  agentContext.setDefaultTimeout(T);
  customerPage = watchPage(await customerContext.newPage(), problems, "customer");
  agentPage = watchPage(await agentContext.newPage(), problems, "agent");
  customer = widgetOn(customerPage, TEAM);
  agent = agentOn(agentPage);
});

beforeEach((ctx) => {
  if (firstFailure) ctx.skip(`builds on "${firstFailure}", which failed`);
  ctx.onTestFailed(async () => {
    firstFailure ??= ctx.task.name;
    const slug = ctx.task.name.slice(0, 60).replace(/\W+/g, "-").replace(/-$/, "");
    for (const [who, page] of [
      ["customer", customerPage],
      ["agent", agentPage],
    ] as const) {
      await screenshot(page, `failure-${slug}-${who}`).catch(() => {});
    }
  });
});

afterAll(async () => {
  await browser?.close();
  // Already closed when a restart failed half-way.
  await server?.close().catch(() => {});
  await db?.close();
});

describe("customer and agent chat live", () => {
  it("a new conversation appears in the agent's inbox by itself, once the customer writes", async () => {
    await agentPage.goto(`${server.url}/agent.html?token=${agentToken}`);
    await agent.inbox.getByText("No open conversations").waitFor({ timeout: T });

    await customerPage.goto(demoUrl());
    await customer.open();
    // Opening the widget makes the room; a room with nothing written in it is no one's work
    // yet, so the inbox does not list it (as list-rooms does not).
    await expect
      .poll(() => db.collection("chat_rooms").findOne({ customerId: CUSTOMER }), { timeout: T })
      .not.toBeNull();
    const room = await db.collection("chat_rooms").findOne({ customerId: CUSTOMER });
    roomId = String(room!._id);
    expect(await agent.inbox.getByText("No open conversations").isVisible()).toBe(true);

    // No reload, no polling: the room arrives with `room-updated`.
    const first = "Hi! My order #1042 hasn't arrived yet.";
    await customer.send(first);
    await customer.messages.getByText(first, { exact: true }).waitFor({ timeout: T });
    await agent.room(CUSTOMER).waitFor({ timeout: T });
  });

  it("the customer's messages reach the agent, before and after the agent opens the room", async () => {
    const first = "Hi! My order #1042 hasn't arrived yet.";
    await agent.room(CUSTOMER).click();
    await agent.messages.getByText(first, { exact: true }).waitFor({ timeout: T });

    const second = "It was due last Friday.";
    await customer.send(second);
    await agent.messages.getByText(second, { exact: true }).waitFor({ timeout: T });
    expect(await bubbleTexts(agent.messages)).toEqual([first, second]);
  });

  it("the agent's reply reaches the customer", async () => {
    const reply = "Sorry about that! Let me check with the courier.";
    await agent.send(reply);
    await customer.messages.getByText(reply, { exact: true }).waitFor({ timeout: T });
    // The agent's first answer took the chat: both sides see that as a line, not a bubble.
    await customer.messages.locator(".sb-activity", { hasText: "took the chat" }).waitFor({
      timeout: T,
    });
    await expect
      .poll(() => bubbleTexts(customer.messages), { timeout: T })
      .toEqual(await dbContents());
  });
});

describe("history survives a reload", () => {
  it("the customer sees the same conversation after reloading and reopening the widget", async () => {
    const history = await dbContents();
    expect(history).toHaveLength(3);
    await customerPage.reload();
    await customer.open();
    await expect.poll(() => bubbleTexts(customer.messages), { timeout: T }).toEqual(history);
  });

  it("the agent sees the same conversation after reloading", async () => {
    const history = await dbContents();
    await agentPage.reload();
    await agent.room(CUSTOMER).click();
    await expect.poll(() => bubbleTexts(agent.messages), { timeout: T }).toEqual(history);
  });
});

describe("a server restart mid-conversation", () => {
  it("delivers what the customer sent while the server was down, exactly once", async () => {
    const offline = [`Are you still there? (${run})`, `Hello? (${run})`];
    const lost = "Connection lost. Reconnecting…";

    await server.close();
    await customer.frame.getByText(lost).waitFor({ timeout: T });
    await agentPage.getByText(lost).waitFor({ timeout: T });

    for (const text of offline) await customer.send(text);
    for (const text of offline) {
      const row = customer.messages.getByRole("listitem").filter({ hasText: text });
      await row.getByText("Sending…").waitFor({ timeout: T });
      expect(await copiesInDb(text)).toBe(0);
    }

    server = await startServer(server);

    // Both pages come back by themselves: nobody reloads or clicks anything.
    await customer.frame.getByText("Online · Replies in a few minutes").waitFor({
      timeout: RECONNECT_T,
    });
    // The top bar's connection state (the customer panel says "Online" of the customer too).
    await agentPage
      .getByRole("banner")
      .getByText("Online", { exact: true })
      .waitFor({ timeout: RECONNECT_T });
    await agentPage.getByText(lost).waitFor({ state: "hidden", timeout: T });

    await expect
      .poll(() => Promise.all(offline.map(copiesInDb)), { timeout: T })
      .toEqual(offline.map(() => 1));
    const inDb = await dbContents();
    expect(inDb.slice(-2)).toEqual(offline);
    await expect.poll(() => bubbleTexts(customer.messages), { timeout: T }).toEqual(inDb);
    await expect.poll(() => bubbleTexts(agent.messages), { timeout: T }).toEqual(inDb);
    for (const text of offline) {
      expect(await agent.messages.getByText(text, { exact: true }).count()).toBe(1);
    }
    expect(await customer.messages.getByText("Sending…").count()).toBe(0);
  });

  it("keeps chatting both ways on the new server", async () => {
    const reply = "Yes, sorry, we had a hiccup. Your parcel is at the depot.";
    await agent.send(reply);
    await customer.messages.getByText(reply, { exact: true }).waitFor({ timeout: T });
    // The agent's first answer took the chat: both sides see that as a line, not a bubble.
    await customer.messages.locator(".sb-activity", { hasText: "took the chat" }).waitFor({
      timeout: T,
    });
    const thanks = "Great, thanks!";
    await customer.send(thanks);
    await agent.messages.getByText(thanks, { exact: true }).waitFor({ timeout: T });
    await expect
      .poll(() => bubbleTexts(customer.messages), { timeout: T })
      .toEqual(await dbContents());
  });
});

describe("accessibility basics", () => {
  it("the launcher is a named button whose aria-expanded follows the widget", async () => {
    const { launcher, frameElement } = customer;
    await expect.poll(() => launcher.getAttribute("aria-expanded")).toBe("true");
    expect(await launcher.getAttribute("aria-label")).toBe(`Close ${TEAM} chat`);

    await launcher.click();
    await expect.poll(() => launcher.getAttribute("aria-expanded")).toBe("false");
    expect(await launcher.getAttribute("aria-label")).toBe(`Open ${TEAM} chat`);
    await frameElement.waitFor({ state: "hidden", timeout: T });

    await launcher.click();
    await expect.poll(() => launcher.getAttribute("aria-expanded")).toBe("true");
    await frameElement.waitFor({ state: "visible", timeout: T });
  });

  it("Escape in the widget closes it and puts focus back on the launcher", async () => {
    const { launcher, frameElement, input } = customer;
    // Opening moved focus into the frame, onto the composer.
    await expect
      .poll(() => input.evaluate((el) => el === document.activeElement), { timeout: T })
      .toBe(true);

    await input.press("Escape");
    await expect.poll(() => launcher.getAttribute("aria-expanded"), { timeout: T }).toBe("false");
    await frameElement.waitFor({ state: "hidden", timeout: T });
    // The launcher lives in a shadow root: it is that root's active element.
    await expect
      .poll(
        () =>
          launcher.evaluate(
            (el) => (el.getRootNode() as ShadowRoot).activeElement === el && document.hasFocus(),
          ),
        { timeout: T },
      )
      .toBe(true);
  });

  it("a reply that arrives while the widget is closed shows as unread on the launcher", async () => {
    const reply = "PS: you'll get a tracking link by email.";
    await agent.send(reply);
    await customerPage
      .getByRole("button", { name: `Open ${TEAM} chat, 1 unread`, exact: true })
      .waitFor({ timeout: T });
    await customer.open();
    await expect
      .poll(() => customer.launcher.getAttribute("aria-label"), { timeout: T })
      .toBe(`Close ${TEAM} chat`);
  });

  it("a polite live region in the widget announces the agent's reply", async () => {
    const reply = "Anything else I can help with?";
    await agent.send(reply);
    await expect
      .poll(() => customer.announcer.textContent(), { timeout: T })
      .toBe(`${TEAM}: ${reply}`);
    expect(await customer.announcer.getAttribute("aria-atomic")).toBe("true");
  });
});

describe("message content is text, never markup", () => {
  it("shows an HTML payload literally on both sides and runs nothing", async () => {
    const fromCustomer = "<img src=x onerror=alert(1)>";
    const fromAgent = '<script>alert("agent")</script><b>bold?</b>';
    await customer.send(fromCustomer);
    await agent.messages.getByText(fromCustomer, { exact: true }).waitFor({ timeout: T });
    await customer.messages.getByText(fromCustomer, { exact: true }).waitFor({ timeout: T });
    await agent.send(fromAgent);
    await customer.messages.getByText(fromAgent, { exact: true }).waitFor({ timeout: T });
    await agent.messages.getByText(fromAgent, { exact: true }).waitFor({ timeout: T });

    for (const messages of [customer.messages, agent.messages]) {
      expect(await messages.locator("img, script, b").count()).toBe(0);
    }
    expect(await copiesInDb(fromCustomer)).toBe(1);
    expect(problems.dialogs).toEqual([]);
  });
});

describe("screenshots", () => {
  it("saves the demo page with the widget open and the agent page (1280x800)", async () => {
    await customer.messages.getByText("<img src=x onerror=alert(1)>").waitFor({ timeout: T });
    expect(await customer.launcher.getAttribute("aria-expanded")).toBe("true");
    await screenshot(customerPage, "desktop-customer-widget");
    await agent.view.waitFor({ timeout: T });
    await screenshot(agentPage, "desktop-agent");
  });

  it("saves the widget at a phone's size (390x844), on another device of the same visitor", async () => {
    const context = await browser.newContext({
      viewport: MOBILE,
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    context.setDefaultTimeout(T);
    try {
      const page = watchPage(await context.newPage(), problems, "phone");
      const phone = widgetOn(page, TEAM);
      await page.goto(demoUrl());
      await phone.launcher.waitFor({ timeout: T });
      await screenshot(page, "mobile-demo");
      await phone.launcher.tap();
      // The same open room, found by the visitor's id: the whole history, on a new device.
      await expect
        .poll(() => bubbleTexts(phone.messages), { timeout: T })
        .toEqual(await dbContents());
      await screenshot(page, "mobile-widget");
    } finally {
      await context.close();
    }
  });
});

it("no page raised a dialog or an uncaught error", () => {
  expect(problems).toEqual({ dialogs: [], errors: [] });
});
