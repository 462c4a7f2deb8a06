// The customer's side of issue 14 on the phone screen (react-native-web in headless Chromium,
// 390 × 844), against a real server on a real database: the
// header says Away and asks for an email while no agent is online (the email lands on the
// room, read in the database), Online once one is, when the team is back outside business
// hours; the rating after a close (stored, then replaced) and the transcript by email (the
// server with a real SMTP server process: the mail it received); a German browser gets
// German, activity lines included; Arabic runs right to left. Photographs: away with the
// email prompt, the rating with the activity line and the email action, Arabic.
//
// Run: `npx vitest run --project e2e apps/mobile/test/mobileCustomer.e2e.test.ts`.
import { createChatClient, type ChatClient } from "@switchboard/client";
import { startTestServer, type TestServer } from "@switchboard/server/testing";
import mongoose, { type Connection } from "mongoose";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startSmtpSink, type SmtpSink } from "../../../packages/server/test/smtpSink.ts";
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
let sink: SmtpSink;
let webDist: string;
let browser: Browser;
let db: Connection;
const agents: ChatClient[] = [];
const problems: PageProblems = { dialogs: [], errors: [] };

beforeAll(async () => {
  [webDist, browser, sink] = await Promise.all([
    buildWebBundle(),
    launchChromium(),
    startSmtpSink(),
  ]);
  server = await startTestServer({
    mongoUri: inject("mongoUri"),
    webDist,
    // Transcripts by email; the replies' continuity emails would come after 10 minutes: never here.
    email: { smtpUrl: sink.url, from: "Support <support@acme.test>", delaySeconds: 600 },
  });
  db = await mongoose.createConnection(server.mongoUri).asPromise();
});

afterAll(async () => {
  for (const agent of agents) agent.disconnect();
  await browser?.close();
  await server?.close();
  await sink?.stop();
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
async function agentOnline(on: TestServer, sub: string, name?: string): Promise<ChatClient> {
  const token = await on.token(sub, "admin", "1h", name);
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
/** The activity lines on the screen, oldest first. */
const activities = (page: Page) => page.getByTestId(/^activity-/).allTextContents();

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
    // The server now holds a fresh "closed" answer, which it would reuse for 2 s...
    const token = await server.token(CUSTOMER, "customer");
    const before = await fetch(`${server.url}/api/chat/widget-config`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(((await before.json()) as { open: boolean }).open).toBe(false);
    await agentOnline(server, `agent-away-${run}`); // ...but an agent connecting drops it.
    await page.reload();
    // Within 8 s: less than the screen's 10-s reread while away, so a stale answer fails.
    await expect
      .poll(() => statusLine(page).textContent(), { timeout: 8_000 })
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
    agent = await agentOnline(server, `agent-rate-${run}`, "Grace Hopper");
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
    // The close is a system line, not a bubble; the server can email, so the action is offered.
    await expect
      .poll(() => activities(page))
      .toContainEqual(expect.stringMatching(/^Grace Hopper closed the chat · /));
    await page.getByRole("button", { name: "Email me the transcript" }).waitFor();
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

  it("emails the transcript: no address yet, so a field, stored with set-contact, then sent", async () => {
    await page.getByRole("button", { name: "Email me the transcript" }).click();
    const field = page.getByRole("textbox", { name: "Your email, to send the transcript to" });
    await field.fill("not-an-address");
    await field.press("Enter");
    await page.getByText("Enter an email address such as name@example.com.").waitFor();
    await field.fill("ada@example.test");
    await field.press("Enter");
    await page.getByText("We're emailing the transcript to ada@example.test.").waitFor();
    const mail = (await sink.received(1)).find((m) => m.to.includes("ada@example.test"));
    expect(mail?.text).toContain("My parcel never arrived");
    expect(mail?.text).toContain("Grace Hopper: Sorry about that!");
    // set-contact after the end: on the customer's next room, where the server looks too.
    expect((await roomsOf(CUSTOMER)).map((r) => r.customerEmail ?? null)).toContain(
      "ada@example.test",
    );
    await screenshot(page, "mobile-transcript-emailed");
  });
});

describe("languages", () => {
  it("a German phone gets the screen in German, activity lines included", async () => {
    const CUSTOMER = `phone-de-${run}`;
    const agent = await agentOnline(server, `agent-de-${run}`, "Grace Hopper");
    const page = await phone(server, CUSTOMER, { locale: "de-DE" });
    await page.getByRole("textbox", { name: "Nachricht" }).fill("Wo ist mein Paket?");
    await page.getByRole("button", { name: "Senden" }).click();
    await expect
      .poll(() => statusLine(page).textContent())
      .toBe("Online · Antwort in wenigen Minuten");
    await expect.poll(async () => (await roomsOf(CUSTOMER)).length).toBe(1);
    const roomId = String((await roomsOf(CUSTOMER))[0]!._id);
    await agent.join(roomId);
    await agent.assign(roomId);
    await expect
      .poll(() => activities(page))
      .toEqual([expect.stringMatching(/^Grace Hopper hat den Chat übernommen · \d/)]);
    // A line of its own: centred on the screen, not an agent's bubble at the start.
    const line = page.getByTestId(/^activity-/).first();
    const middle = await line.evaluate((el) => {
      const text = el.firstElementChild!.getBoundingClientRect();
      return text.x + text.width / 2;
    });
    expect(Math.abs(middle - PHONE.width / 2)).toBeLessThan(4);
    expect(await page.getByText(/took the chat/).count()).toBe(0);
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
