// The customer's side of issue 14 in Debian's Chromium, on the real server and database:
// the header tells the truth (no "Online" without an agent), the email prompt (checked in
// the database), the first keystroke after opening, the unread count in the page's title,
// the rating after a close (replaced by a second one, seen by agents), the transcript's
// download, a German browser and Arabic laid out right to left. axe-core in
// every language. The tests of a describe build on each other.
// Needs the build: `npm run build -w apps/web`.
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createChatClient, type ChatClient } from "@switchboard/client";
import { startTestServer, type TestServer } from "@switchboard/server/testing";
import mongoose, { Types, type Connection } from "mongoose";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
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
const TEAM = "Acme Support";
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const run = randomBytes(3).toString("hex");

process.env.TEST_LOG_LEVEL ??= "warn";

let server: TestServer;
let db: Connection;
let browser: Browser;
const contexts: BrowserContext[] = [];
const agents: ChatClient[] = [];
const problems: PageProblems = { dialogs: [], errors: [] };

beforeAll(async () => {
  requireWebBuild();
  [server, browser] = await Promise.all([
    startTestServer({ mongoUri: inject("mongoUri"), webDist: WEB_DIST }),
    launchChromium(),
  ]);
  db = await mongoose.createConnection(server.mongoUri).asPromise();
});

afterAll(async () => {
  for (const agent of agents) agent.disconnect();
  await browser?.close();
  await server?.close();
  await db?.close();
});

/** The widget on the demo shop for `visitor`, with the shop's `query` (locale, position...). */
async function visit(
  on: TestServer,
  visitor: string,
  options: { query?: string; locale?: string; viewport?: typeof DESKTOP } = {},
) {
  const context = await browser.newContext({
    viewport: options.viewport ?? DESKTOP,
    acceptDownloads: true,
    ...(options.locale ? { locale: options.locale } : {}),
  });
  contexts.push(context);
  context.setDefaultTimeout(T);
  const page = watchPage(await context.newPage(), problems, visitor);
  const token = await on.token(visitor, "customer");
  await page.goto(`${on.url}/demo/?token=${token}${options.query ?? ""}`);
  return widget(page);
}

function widget(page: Page) {
  const host = page.locator("#switchboard-widget");
  const launcher = host.locator("button.launcher");
  const frame = page.locator("iframe#sb-frame").contentFrame();
  const input = frame.locator("textarea.sb-composer__input");
  return {
    page,
    launcher,
    frame,
    input,
    header: frame.locator(".sb-header__sub"),
    async open() {
      await launcher.click();
      await input.waitFor({ state: "visible" });
      await expect.poll(() => input.evaluate((el) => el === document.activeElement)).toBe(true);
    },
    async send(text: string) {
      await input.fill(text);
      await input.press("Enter");
    },
  };
}

/** An agent connected through the SDK: "online" for widget-config. */
async function agentOnline(on: TestServer, sub: string): Promise<ChatClient> {
  const client = createChatClient({
    url: on.url,
    getToken: () => on.token(sub, "admin", "1h", "Grace Hopper"),
    socketOptions: { transports: ["websocket"] },
  });
  agents.push(client);
  client.connect();
  await client.listRooms();
  return client;
}

/** `GET /api/chat/widget-config` as `visitor` sees it now. */
async function widgetConfig(on: TestServer, visitor: string): Promise<{ open: boolean }> {
  const res = await fetch(`${on.url}/api/chat/widget-config`, {
    headers: { Authorization: `Bearer ${await on.token(visitor, "customer")}` },
  });
  return (await res.json()) as { open: boolean };
}

const roomsOf = (customerId: string) =>
  db.collection("chat_rooms").find({ customerId }).sort({ createdAt: 1 }).toArray();

async function noSeriousAxe(page: Page, label: string) {
  const frame = page.frame({ url: /widget\.html/ });
  expect(frame, label).toBeTruthy();
  expect(await axeViolations(frame!), label).toEqual([]);
}

describe("nobody can answer: the truth, and an email for the answer", () => {
  const VISITOR = `visitor-away-${run}`;
  let w: ReturnType<typeof widget>;

  it("with no agent connected the header says Away, never Online, and asks for an email", async () => {
    w = await visit(server, VISITOR);
    await w.open();
    await expect.poll(() => w.header.textContent()).toBe("Away · We'll reply by email");
    const prompt = w.frame.getByRole("region", { name: "Get the answer by email" });
    await prompt.waitFor();
    expect(await prompt.textContent()).toContain("No one is online right now");
    await noSeriousAxe(w.page, "away");
  });

  it("refuses an address that is not one, with the reason at the field, which keeps the focus", async () => {
    const field = w.frame.getByRole("textbox", { name: "Your email" });
    await field.fill("ada@example");
    await w.frame.getByRole("button", { name: "Notify me" }).click();
    const error = w.frame.getByText("Enter an email address such as name@example.com.");
    await error.waitFor();
    expect(await field.getAttribute("aria-invalid")).toBe("true");
    expect(await field.evaluate((el) => el === document.activeElement)).toBe(true);
    expect((await roomsOf(VISITOR))[0]?.customerEmail ?? null).toBeNull();
  });

  it("stores a good one on the room (in the database), confirms it and lets it be changed", async () => {
    const field = w.frame.getByRole("textbox", { name: "Your email" });
    await field.fill("  Ada.Lovelace@Example.com ");
    await field.press("Enter");
    const saved = w.frame.getByText("We'll email you at ada.lovelace@example.com.");
    await saved.waitFor();
    const change = w.frame.getByRole("button", { name: "Change email" });
    expect(await change.evaluate((el) => el === document.activeElement)).toBe(true);
    await expect
      .poll(async () => (await roomsOf(VISITOR))[0]?.customerEmail)
      .toBe("ada.lovelace@example.com");
    await screenshot(w.page, "widget-away-email");

    await change.press("Enter");
    await field.fill("ada@example.org");
    await field.press("Enter");
    await w.frame.getByText("We'll email you at ada@example.org.").waitFor();
    await expect
      .poll(async () => (await roomsOf(VISITOR))[0]?.customerEmail)
      .toBe("ada@example.org");
  });

  it("once an agent is online the header says Online and how soon, and asks nothing", async () => {
    // The server now holds a fresh "closed" answer, which it would reuse for 2 s...
    expect((await widgetConfig(server, VISITOR)).open).toBe(false);
    await agentOnline(server, `agent-${run}`); // ...but an agent connecting drops it.
    await w.page.reload();
    await w.open();
    // Within 8 s: less than the widget's 10-s reread while away, so a stale answer fails.
    await expect
      .poll(() => w.header.textContent(), { timeout: 8_000 })
      .toBe("Online · Replies in a few minutes");
    expect(await w.frame.getByRole("region", { name: "Get the answer by email" }).count()).toBe(0);
  });
});

describe("outside business hours", () => {
  let closed: TestServer;
  afterAll(() => closed?.close());

  it("the header says when the team is back, in the visitor's own time", async () => {
    // Open one hour a day, three hours from now: closed now, back today or tomorrow.
    const hour = (new Date().getUTCHours() + 3) % 24;
    const span = `${String(hour).padStart(2, "0")}:00-${String(hour + 1).padStart(2, "0")}:00`;
    closed = await startTestServer({
      mongoUri: inject("mongoUri"),
      webDist: WEB_DIST,
      widget: { businessHours: `UTC; mon-sun ${span}`, teamName: TEAM },
    });
    await agentOnline(closed, `agent-hours-${run}`);
    const w = await visit(closed, `visitor-hours-${run}`, { viewport: PHONE });
    await w.open();
    await expect.poll(() => w.header.textContent()).toMatch(/^Away · Back (today|tomorrow) at /);
    await w.frame.getByText("We're away right now.", { exact: false }).waitFor();
    await screenshot(w.page, "widget-away-hours-phone");
  });
});

describe("typing at once after the first open", () => {
  it("keeps every keystroke: 'Typed immediately' arrives whole, not 'yped immediately'", async () => {
    const visitor = `visitor-quick-${run}`;
    const w = await visit(server, visitor);
    // A cold page: the click starts loading the frame; the keys come before it is ready.
    await w.launcher.click();
    await w.page.keyboard.type("Typed immediately");
    await expect.poll(() => w.input.inputValue()).toBe("Typed immediately");
    await w.page.keyboard.press("Enter");
    await expect
      .poll(async () => {
        const rooms = await roomsOf(visitor);
        const id = rooms[0]?._id;
        if (!id) return [];
        const docs = await db
          .collection("chat_messages")
          .find({ roomId: new Types.ObjectId(String(id)) })
          .toArray();
        return docs.map((d) => d.content);
      })
      .toEqual(["Typed immediately"]);
  });
});

describe("typing at once after opening a frame that is ready", () => {
  it("keeps every keystroke when the frame loaded before the click", async () => {
    const w = await visit(server, `visitor-warm-${run}`);
    await w.launcher.hover();
    await w.input.waitFor({ state: "attached" });
    await w.launcher.click();
    await w.page.keyboard.type("Typed immediately");
    await expect.poll(() => w.input.inputValue()).toBe("Typed immediately");
  });
});

describe("after the chat: unread count, rating and transcript", () => {
  const VISITOR = `visitor-rate-${run}`;
  let w: ReturnType<typeof widget>;
  let agent: ChatClient;
  let roomId: string;

  it("the launcher's badge and the page's title count what arrived while closed", async () => {
    agent = await agentOnline(server, `agent-rate-${run}`);
    w = await visit(server, VISITOR);
    await w.open();
    await w.send("I need help with my order");
    await expect.poll(async () => (await roomsOf(VISITOR)).length).toBe(1);
    roomId = String((await roomsOf(VISITOR))[0]!._id);
    await agent.join(roomId);
    await w.page.keyboard.press("Escape");
    agent.send(roomId, "Happy to help! Which order?");
    await expect.poll(() => w.page.title()).toBe("(1) Acme Outdoor · Demo store");
    expect(await w.launcher.getAttribute("aria-label")).toBe(`Open ${TEAM} chat, 1 unread`);
    expect(await w.launcher.locator(".badge").textContent()).toBe("1");
    await w.open();
    await expect.poll(() => w.page.title()).toBe("Acme Outdoor · Demo store");
  });

  it("a closed chat asks for a rating, given by keyboard alone, stored on the room", async () => {
    await agent.closeChat(roomId);
    const form = w.frame.getByRole("group", { name: "How was this conversation?" });
    await form.waitFor();
    await noSeriousAxe(w.page, "rating");
    await form.getByRole("radio", { name: "1 of 5, Very bad" }).focus();
    for (let i = 0; i < 3; i++) await w.page.keyboard.press("ArrowRight");
    expect(await form.getByRole("radio", { name: "4 of 5, Good" }).isChecked()).toBe(true);
    await w.page.keyboard.press("Tab");
    await w.page.keyboard.type("Quick and kind");
    await w.page.keyboard.press("Tab");
    await screenshot(w.page, "widget-rating");
    await w.page.keyboard.press("Enter");
    await w.frame.getByText("Thank you for your feedback!").waitFor();
    await expect
      .poll(async () => (await roomsOf(VISITOR))[0]?.rating)
      .toMatchObject({
        score: 4,
        comment: "Quick and kind",
      });
    await screenshot(w.page, "widget-rating-thanks");
  });

  it("a second rating replaces the first, and agents see it on the room", async () => {
    await w.frame.getByRole("button", { name: "Change rating" }).click();
    await w.frame.getByRole("radio", { name: "5 of 5, Great" }).check();
    await w.frame.getByRole("button", { name: "Send rating" }).click();
    await w.frame.getByText("You rated this conversation 5 out of 5.").waitFor();
    await expect.poll(async () => (await roomsOf(VISITOR))[0]?.rating?.score).toBe(5);
    const { rooms } = await agent.listRooms({ status: "closed" });
    expect(rooms.find((r) => r.id === roomId)?.rating).toMatchObject({ score: 5 });
    expect(await roomsOf(VISITOR)).toHaveLength(1);
  });

  it("downloads the transcript as text and as HTML, with the token, notes left out", async () => {
    for (const [name, check] of [
      ["Download as text", (body: string) => expect(body).toMatch(/Customer: I need help/)],
      ["Download as HTML", (body: string) => expect(body).toMatch(/^<!doctype html>/)],
    ] as const) {
      const download = w.page.waitForEvent("download");
      await w.frame.getByRole("button", { name }).click();
      const file = await (await download).path();
      const body = await readFile(file, "utf8");
      check(body);
      expect(body).toContain("Happy to help! Which order?");
      expect((await download).suggestedFilename()).toMatch(
        new RegExp(`^transcript-${roomId}\\.(txt|html)$`),
      );
    }
  });
});

describe("languages", () => {
  it("a German browser gets the widget in German (the measured bug)", async () => {
    const w = await visit(server, `visitor-de-${run}`, { locale: "de-DE" });
    expect(await w.launcher.getAttribute("aria-label")).toBe(`Chat mit ${TEAM} öffnen`);
    await w.open();
    expect(
      await w.frame.getByRole("textbox", { name: "Nachricht" }).getAttribute("placeholder"),
    ).toBe("Nachricht schreiben…");
    await expect.poll(() => w.header.textContent()).toBe("Online · Antwort in wenigen Minuten");
    expect(await w.frame.locator("html").getAttribute("lang")).toBe("de");
  });

  it("Arabic lays the widget out right to left, on a phone", async () => {
    const w = await visit(server, `visitor-ar-${run}`, { query: "&locale=ar", viewport: PHONE });
    await w.open();
    expect(await w.frame.locator("html").getAttribute("dir")).toBe("rtl");
    expect(await w.frame.locator(".sb-chat").getAttribute("dir")).toBe("rtl");
    await w.frame.getByRole("textbox", { name: "الرسالة" }).waitFor();
    await w.send("مرحبا، أحتاج إلى مساعدة");
    await w.frame.locator(".sb-row--own").first().waitFor();
    // The customer's own bubble sits on the left in a right-to-left layout.
    const row = await w.frame.locator(".sb-row--own .sb-bubble").first().boundingBox();
    expect(row!.x).toBeLessThan(PHONE.width / 2);
    await screenshot(w.page, "widget-arabic-phone");
  });

  it.each(["en", "de", "fr", "es", "ar"])(
    "%s: no serious or critical axe-core violation, and the launcher on the left when asked",
    async (locale) => {
      const w = await visit(server, `visitor-axe-${locale}-${run}`, {
        query: `&locale=${locale}&position=left&color=%23ffd400&label=Chat`,
      });
      const box = await w.launcher.boundingBox();
      expect(box!.x).toBeLessThan(DESKTOP.width / 2);
      await w.open();
      await w.send("Hello");
      await w.frame.locator(".sb-row--own").first().waitFor();
      await noSeriousAxe(w.page, locale);
      if (locale === "fr") await screenshot(w.page, "widget-french-yellow-left");
    },
  );
});

it("no page raised a dialog or an uncaught error", () => {
  expect(problems).toEqual({ dialogs: [], errors: [] });
});
