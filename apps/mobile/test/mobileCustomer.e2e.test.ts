// The customer's side of issue 14 on the phone screen (react-native-web in headless Chromium,
// 390 × 844), against a real server on a real database: the
// header says Away and asks for an email while no agent is online (the email lands on the
// room, read in the database), Online once one is, when the team is back outside business
// hours; the rating after a close (stored, then replaced); a German browser gets German;
// Arabic runs right to left. Photographs: away with the email prompt, the rating, Arabic.
//
// Run: `npx vitest run --project e2e apps/mobile/test/mobileCustomer.e2e.test.ts`.
import { createChatClient, type ChatClient } from "@switchboard/client";
import { startTestServer, type TestServer } from "@switchboard/server/testing";
import mongoose, { type Connection } from "mongoose";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  launchChromium,
  screenshot,
  watchPage,
  type PageProblems,
} from "../../web/test/browser.ts";
import { buildWebBundle } from "./webBundle.ts";

declare module "vitest" {
  export interface ProvidedContext {
    mongoUri: string;
  }
}

const T = 10_000;
const PHONE = { width: 390, height: 844 };
const run = Math.random().toString(16).slice(2, 8);

let server: TestServer;
let webDist: string;
let browser: Browser;
let db: Connection;
const agents: ChatClient[] = [];
const problems: PageProblems = { dialogs: [], errors: [] };

beforeAll(async () => {
  [webDist, browser] = await Promise.all([buildWebBundle(), launchChromium()]);
  server = await startTestServer({ mongoUri: inject("mongoUri"), webDist });
  db = await mongoose.createConnection(server.mongoUri).asPromise();
});

afterAll(async () => {
  for (const agent of agents) agent.disconnect();
  await browser?.close();
  await server?.close();
  await db?.close();
  expect(problems).toEqual({ dialogs: [], errors: [] });
});

/** The phone screen for `customer`, in a browser context of `locale` (the device's language). */
async function phone(
  on: TestServer,
  customer: string,
  opts: { locale?: string; query?: string } = {},
) {
  const context = await browser.newContext({
    viewport: PHONE,
    deviceScaleFactor: 2,
    hasTouch: true,
    locale: opts.locale ?? "en-US",
  });
  context.setDefaultTimeout(T);
  const page = watchPage(await context.newPage(), problems, customer);
  const token = await on.token(customer, "customer");
  await page.goto(`${on.url}/?token=${token}${opts.query ?? ""}`);
  return page;
}

/** An agent connected through the SDK: online for widget-config. */
async function agentOnline(on: TestServer, sub: string): Promise<ChatClient> {
  const token = await on.token(sub, "admin");
  const agent = createChatClient({
    url: on.url,
    getToken: () => token,
    socketOptions: { transports: ["websocket"] },
  });
  agents.push(agent);
  agent.connect();
  await agent.listRooms();
  return agent;
}

/** The customer's rooms in the database, oldest first. */
const roomsOf = (customerId: string) =>
  db.collection("chat_rooms").find({ customerId }).sort({ createdAt: 1 }).toArray();

const statusLine = (page: Page) => page.getByTestId("team-status");

describe("nobody can answer: the truth, and an email for the answer", () => {
  const CUSTOMER = `phone-away-${run}`;
  let page: Page;

  it("with no agent online the header says Away, never Online, and asks for an email", async () => {
    page = await phone(server, CUSTOMER);
    await expect.poll(() => statusLine(page).textContent()).toBe("Away · We'll reply by email");
    await page.getByRole("heading", { name: "Get the answer by email" }).waitFor();
    await page.getByText(/^No one is online right now/).waitFor();
  });

  it("refuses an address that is not one, then stores a good one on the room", async () => {
    const field = page.getByRole("textbox", { name: "Your email" });
    await field.fill("ada@example");
    await page.getByRole("button", { name: "Notify me" }).click();
    await page.getByText("Enter an email address such as name@example.com.").waitFor();
    expect((await roomsOf(CUSTOMER))[0]?.customerEmail ?? null).toBeNull();

    await field.fill("  Ada.Lovelace@Example.com ");
    await field.press("Enter");
    await page.getByText("We'll email you at ada.lovelace@example.com.").waitFor();
    await expect
      .poll(async () => (await roomsOf(CUSTOMER))[0]?.customerEmail)
      .toBe("ada.lovelace@example.com");
    await screenshot(page, "mobile-away-email");
  });

  it("once an agent is online the header says Online and how soon, and asks nothing", async () => {
    await agentOnline(server, `agent-away-${run}`);
    await page.reload();
    await expect
      .poll(() => statusLine(page).textContent())
      .toBe("Online · Replies in a few minutes");
    expect(await page.getByRole("heading", { name: "Get the answer by email" }).count()).toBe(0);
  });
});

describe("outside business hours", () => {
  let closed: TestServer;
  afterAll(() => closed?.close());

  it("the header says when the team is back, in the reader's clock", async () => {
    // Open one hour a day, three hours from now: closed now, back today or tomorrow.
    const hour = (new Date().getUTCHours() + 3) % 24;
    const span = `${String(hour).padStart(2, "0")}:00-${String(hour + 1).padStart(2, "0")}:00`;
    closed = await startTestServer({
      mongoUri: inject("mongoUri"),
      webDist,
      widget: { businessHours: `UTC; mon-sun ${span}`, teamName: "Acme Support" },
    });
    await agentOnline(closed, `agent-hours-${run}`);
    const page = await phone(closed, `phone-hours-${run}`);
    await expect
      .poll(() => statusLine(page).textContent())
      .toMatch(/^Away · Back (today|tomorrow) at /);
    await page.getByRole("heading", { name: "Acme Support" }).waitFor();
    await page.getByText(/^We're away right now/).waitFor();
    await page.context().close(); // before its server goes
  });
});

describe("after the chat: the rating", () => {
  const CUSTOMER = `phone-rate-${run}`;
  let page: Page;
  let agent: ChatClient;
  let roomId: string;

  it("a closed chat asks for a rating; score and comment are stored on the room", async () => {
    agent = await agentOnline(server, `agent-rate-${run}`);
    page = await phone(server, CUSTOMER);
    await page.getByRole("textbox", { name: "Message" }).fill("My parcel never arrived");
    await page.getByRole("button", { name: "Send" }).click();
    await expect.poll(async () => (await roomsOf(CUSTOMER)).length).toBe(1);
    roomId = String((await roomsOf(CUSTOMER))[0]!._id);
    await agent.join(roomId);
    agent.send(roomId, "Sorry about that! A new one is on its way.");
    await page.getByText("A new one is on its way.", { exact: false }).waitFor();
    await agent.closeChat(roomId);

    await page.getByRole("radiogroup", { name: "How was this conversation?" }).waitFor();
    const radios = page.getByRole("radio");
    expect(await radios.count()).toBe(5);
    await page.getByRole("radio", { name: "4 of 5, Good" }).click();
    await expect
      .poll(() => page.getByRole("radio", { name: "4 of 5, Good" }).isChecked())
      .toBe(true);
    expect(await page.getByRole("radio", { name: "5 of 5, Great" }).isChecked()).toBe(false);
    await page.getByRole("textbox", { name: "Comment (optional)" }).fill("Quick and kind");
    await screenshot(page, "mobile-rating");
    await page.getByRole("button", { name: "Send rating" }).click();
    await page.getByText("Thank you for your feedback!").waitFor();
    await expect
      .poll(async () => (await roomsOf(CUSTOMER))[0]?.rating)
      .toMatchObject({ score: 4, comment: "Quick and kind" });
  });

  it("a second rating replaces the first", async () => {
    await page.getByRole("button", { name: "Change rating" }).click();
    await page.getByRole("radio", { name: "5 of 5, Great" }).click();
    await page.getByRole("button", { name: "Send rating" }).click();
    await page.getByText("You rated this conversation 5 out of 5.").waitFor();
    await expect.poll(async () => (await roomsOf(CUSTOMER))[0]?.rating?.score).toBe(5);
    expect(await roomsOf(CUSTOMER)).toHaveLength(1);
  });
});

describe("languages", () => {
  it("a German phone gets the screen in German", async () => {
    const page = await phone(server, `phone-de-${run}`, { locale: "de-DE" });
    await page.getByRole("textbox", { name: "Nachricht" }).waitFor();
    await page.getByRole("button", { name: "Senden" }).waitFor();
    await expect
      .poll(() => statusLine(page).textContent())
      .toBe("Online · Antwort in wenigen Minuten");
  });

  it("Arabic lays the screen out right to left", async () => {
    const page = await phone(server, `phone-ar-${run}`, { query: "&locale=ar" });
    const root = page.getByTestId("chat-screen");
    expect(await root.getAttribute("dir")).toBe("rtl");
    expect(await root.getAttribute("lang")).toBe("ar");
    await page.getByRole("textbox", { name: "الرسالة" }).fill("مرحبا، أحتاج إلى مساعدة");
    await page.getByRole("button", { name: "إرسال" }).click();
    const own = page.getByTestId(/^message-/).first();
    await own.getByLabel(/^(تم الإرسال|تم التسليم|مقروءة)$/).waitFor();
    // The customer's own bubble sits on the left in a right-to-left layout.
    const box = await own.locator("[aria-label]").first().boundingBox();
    expect(box!.x).toBeLessThan(PHONE.width / 2);
    await screenshot(page, "mobile-arabic");
  });
});
