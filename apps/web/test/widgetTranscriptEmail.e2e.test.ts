// The rest of issue 14's customer side in Debian's Chromium, on the real server, database and
// a real SMTP server process: activity lines in the widget's language (German here, from the
// browser), and "Email me the transcript" after a chat, with an address known (one click) and
// without (the widget asks, stores it with set-contact, then sends): checked in the mail the
// SMTP server received (recipient, both parts, no note). axe-core on the panel.
// Needs the build: `npm run build -w apps/web`.
import { randomBytes } from "node:crypto";
import { createChatClient, type ChatClient } from "@switchboard/client";
import { startTestServer, type TestServer } from "@switchboard/server/testing";
import mongoose, { type Connection } from "mongoose";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startSmtpSink, type SmtpSink } from "../../../packages/server/test/smtpSink.ts";
import { axeViolations } from "./axe.ts";
import {
  launchChromium,
  requireWebBuild,
  screenshot,
  watchPage,
  WEB_DIST,
  type PageProblems,
} from "./browser.ts";

declare module "vitest" {
  export interface ProvidedContext {
    mongoUri: string;
  }
}

const T = 10_000;
const NOTE = "NOTE-agents-only";
const run = randomBytes(3).toString("hex");
process.env.TEST_LOG_LEVEL ??= "warn";

let server: TestServer;
let sink: SmtpSink;
let db: Connection;
let browser: Browser;
const clients: ChatClient[] = [];
const problems: PageProblems = { dialogs: [], errors: [] };

beforeAll(async () => {
  requireWebBuild();
  sink = await startSmtpSink();
  [server, browser] = await Promise.all([
    startTestServer({
      mongoUri: inject("mongoUri"),
      webDist: WEB_DIST,
      widget: { teamName: "Acme Support" },
      // The replies' own continuity emails would come after 10 minutes: never in this test.
      email: { smtpUrl: sink.url, from: "Acme Support <support@acme.test>", delaySeconds: 600 },
    }),
    launchChromium(),
  ]);
  db = await mongoose.createConnection(server.mongoUri).asPromise();
});

afterAll(async () => {
  for (const c of clients) c.disconnect();
  await browser?.close();
  await server?.close();
  await sink?.stop();
  await db?.close();
});

function sdk(sub: string, role: "admin" | "customer", name?: string): ChatClient {
  const client = createChatClient({
    url: server.url,
    getToken: () => server.token(sub, role, "1h", name),
    socketOptions: { transports: ["websocket"] },
  });
  clients.push(client);
  client.connect();
  return client;
}

/** The widget on the demo shop, opened, for `visitor` in a browser speaking `locale`. */
async function openWidget(visitor: string, locale: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale });
  context.setDefaultTimeout(T);
  const page = watchPage(await context.newPage(), problems, visitor);
  await page.goto(`${server.url}/demo/?token=${await server.token(visitor, "customer")}`);
  const frame = page.locator("iframe#sb-frame").contentFrame();
  const input = frame.locator("textarea.sb-composer__input");
  await page.locator("#switchboard-widget button.launcher").click();
  await input.waitFor({ state: "visible" });
  return { page, frame, input };
}

/** A conversation the agent took, answered (with a note the customer never sees), closed. */
async function conversation(page: Page, input: { fill(t: string): Promise<void> }, who: string) {
  const agent = sdk(`agent-${who}-${run}`, "admin", "Grace Hopper");
  await agent.listRooms();
  await input.fill("My parcel is late");
  await page.keyboard.press("Enter");
  const visitor = `visitor-${who}-${run}`;
  await expect
    .poll(async () => (await db.collection("chat_rooms").findOne({ customerId: visitor }))?._id)
    .toBeTruthy();
  const room = await db.collection("chat_rooms").findOne({ customerId: visitor });
  const roomId = String(room!._id);
  await agent.join(roomId);
  await agent.assign(roomId);
  agent.send(roomId, "It arrives tomorrow.");
  agent.send(roomId, NOTE, undefined, { kind: "note" });
  return { agent, roomId, visitor };
}

const activities = (frame: ReturnType<Page["frameLocator"]>) =>
  frame.locator(".sb-activity").allTextContents();

describe("a German visitor", () => {
  let w: Awaited<ReturnType<typeof openWidget>>;
  let roomId: string;
  let agent: ChatClient;

  it("reads the activity lines in German, never the server's English", async () => {
    w = await openWidget(`visitor-de-${run}`, "de-DE");
    ({ agent, roomId } = await conversation(w.page, w.input, "de"));
    await w.frame.locator(".sb-bubble", { hasText: "It arrives tomorrow." }).waitFor();
    await expect
      .poll(() => activities(w.frame))
      .toEqual([expect.stringMatching(/^Grace Hopper hat den Chat übernommen · /)]);
    await agent.closeChat(roomId);
    await w.frame.getByRole("group", { name: /Wie war dieses Gespräch/ }).waitFor();
    await w.frame.getByRole("radio", { name: /^5 von 5/ }).check();
    await w.frame.getByRole("button", { name: "Bewertung senden" }).click();
    await expect
      .poll(() => activities(w.frame))
      .toEqual([
        expect.stringMatching(/^Grace Hopper hat den Chat übernommen · /),
        expect.stringMatching(/^Grace Hopper hat den Chat beendet · /),
        expect.stringMatching(/^Sie haben den Chat mit 5 von 5 bewertet · /),
      ]);
    expect((await activities(w.frame)).join()).not.toMatch(/took|closed|rated/);
  });

  it("with no address known, the email action asks for one, stores it and sends", async () => {
    const action = w.frame.getByRole("button", { name: "Verlauf per E-Mail senden" });
    await action.click();
    const field = w.frame.getByRole("textbox", { name: "Ihre E-Mail-Adresse für den Verlauf" });
    await expect.poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);
    await field.fill("dana@example.test");
    await screenshot(w.page, "widget-transcript-email-ask-de");
    await field.press("Enter");
    await w.frame.getByText("Wir senden den Verlauf an dana@example.test.").waitFor();
    const mail = (await sink.received(1)).find((m) => m.to.includes("dana@example.test"));
    expect(mail?.subject).toBe("Acme Support: the transcript of your conversation");
    expect(mail?.text).toContain("My parcel is late");
    expect(mail?.text).toContain("Grace Hopper: It arrives tomorrow.");
    expect(mail?.html).toContain("It arrives tomorrow.");
    expect(JSON.stringify(mail)).not.toContain(NOTE);
    expect(await axeViolations(w.page.frame({ url: /widget\.html/ })!)).toEqual([]);
    await screenshot(w.page, "widget-transcript-emailed-de");
  });
});

describe("an English visitor who left an address", () => {
  it("emails the transcript in one click, to that address, once", async () => {
    const w = await openWidget(`visitor-en-${run}`, "en-US");
    const { agent, roomId, visitor } = await conversation(w.page, w.input, "en");
    // The visitor's address, left in the chat (set-contact), as the away prompt does.
    const self = sdk(visitor, "customer");
    await self.join(roomId);
    await self.setContact("ada@example.test");
    await agent.closeChat(roomId);
    const action = w.frame.getByRole("button", { name: "Email me the transcript" });
    await action.waitFor();
    await screenshot(w.page, "widget-transcript-email");
    await action.click();
    await w.frame.getByText("We're emailing the transcript to ada@example.test.").waitFor();
    expect(await action.count()).toBe(0); // sent: no second click to make
    const mails = await sink.received(2);
    const mail = mails.find((m) => m.to.includes("ada@example.test"));
    expect(mail?.text).toContain("It arrives tomorrow.");
    expect(JSON.stringify(mail)).not.toContain(NOTE);
    expect(await axeViolations(w.page.frame({ url: /widget\.html/ })!)).toEqual([]);
  });
});

it("no page raised a dialog or an uncaught error", () => {
  expect(problems).toEqual({ dialogs: [], errors: [] });
});
