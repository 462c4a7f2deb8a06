// The mobile chat screen, rendered through react-native-web in headless Chromium, against a
// real server on a real database: a customer on a phone-sized page chats with an agent who
// uses the SDK from Node (as the agent dashboard does). The tests run in order and build on
// one conversation; after the first failure the rest are skipped.
//
// Run: `npx vitest run --project e2e apps/mobile` at the repo root (builds the bundle).
import { createChatClient, type ChatClient } from "@switchboard/client";
import { startTestServer, type TestServer } from "@switchboard/server/testing";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import {
  launchChromium,
  screenshot,
  watchPage,
  type PageProblems,
} from "../../web/test/browser.ts";
import { buildWebBundle, makePng } from "./webBundle.ts";

declare module "vitest" {
  export interface ProvidedContext {
    mongoUri: string;
  }
}

const T = 10_000;
const PHONE = { width: 390, height: 844 };
/** The page closes its socket this long after the tab is hidden (the app backgrounded). */
const GRACE_MS = 1000;
const run = Math.random().toString(16).slice(2, 8);
const CUSTOMER = `phone-${run}`;
const AGENT = `agent-${run}`;

let server: TestServer;
let webDist: string;
let browser: Browser;
let page: Page;
let agent: ChatClient;
let agentToken: string;
let roomId: string;
const problems: PageProblems = { dialogs: [], errors: [] };
let firstFailure: string | null = null;

/** WebSockets the page opened so far: each one is a connection attempt (transport "websocket"). */
const socketsOpened = () => page.evaluate(() => (window as unknown as { __ws: number }).__ws);
const rowOf = (text: string) => page.getByTestId(/^message-/).filter({ hasText: text });

async function setHidden(hidden: boolean) {
  await page.evaluate((h) => {
    Object.defineProperty(document, "visibilityState", {
      configurable: true,
      get: () => (h ? "hidden" : "visible"),
    });
    document.dispatchEvent(new Event("visibilitychange"));
  }, hidden);
}

/** Open customer sockets on the server (its Prometheus gauge). */
async function customerSockets(): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const line = text
    .split("\n")
    .find((l) => l.startsWith('switchboard_connections{role="customer"}'));
  return line ? Number(line.split(" ").pop()) : 0;
}

/** The agent's copy of the room's messages. */
const agentMessages = () => agent.store.getState().messagesByRoom[roomId] ?? [];

beforeAll(async () => {
  const [dist, chromium] = await Promise.all([buildWebBundle(), launchChromium()]);
  [webDist, browser] = [dist, chromium];
  server = await startTestServer({ mongoUri: inject("mongoUri"), webDist });
  const customerToken = await server.token(CUSTOMER, "customer");
  agentToken = await server.token(AGENT, "admin");
  agent = createChatClient({ url: server.url, getToken: () => agentToken });
  agent.connect();

  const context = await browser.newContext({
    viewport: PHONE,
    deviceScaleFactor: 2,
    hasTouch: true,
  });
  context.setDefaultTimeout(T);
  page = watchPage(await context.newPage(), problems, "phone");
  await page.addInitScript(() => {
    const w = window as unknown as { __ws: number };
    w.__ws = 0;
    const Real = window.WebSocket;
    window.WebSocket = class extends Real {
      constructor(...args: ConstructorParameters<typeof WebSocket>) {
        super(...args);
        w.__ws++;
      }
    };
  });
  await page.goto(`${server.url}/?token=${customerToken}&grace=${GRACE_MS}`);
});

beforeEach((ctx) => {
  if (firstFailure) ctx.skip(`builds on "${firstFailure}", which failed`);
  ctx.onTestFailed(async () => {
    firstFailure ??= ctx.task.name;
    await screenshot(
      page,
      `failure-mobile-${ctx.task.name.slice(0, 50).replace(/\W+/g, "-")}`,
    ).catch(() => {});
  });
});

afterAll(async () => {
  agent?.disconnect();
  await browser?.close();
  await server?.close();
  expect(problems).toEqual({ dialogs: [], errors: [] });
});

describe("mobile customer and agent", () => {
  it("the customer's message goes out pending and comes back sent", async () => {
    const input = page.getByRole("textbox", { name: "Message" });
    await input.fill("Hi! Do the Ridge Runners run small?");
    await page.getByRole("button", { name: "Send" }).click();
    const row = rowOf("Do the Ridge Runners run small?");
    await row.waitFor();
    await row.getByLabel("Sent").waitFor();
    expect(await input.inputValue()).toBe("");

    const res = await fetch(`${server.url}/api/chat/rooms?assigned=any`, {
      headers: { Authorization: `Bearer ${agentToken}` },
    });
    const { rooms } = (await res.json()) as { rooms: { id: string; customerId: string }[] };
    roomId = rooms.find((r) => r.customerId === CUSTOMER)!.id;
    await agent.join(roomId);
    expect(agentMessages().map((m) => m.content)).toEqual(["Hi! Do the Ridge Runners run small?"]);
  });

  it("the agent's typing and reply reach the phone, and the phone reads it", async () => {
    agent.typing?.(roomId);
    await page.getByText("Support is typing…").waitFor();
    agent.send(roomId, "They do, a little: take half a size up.");
    await rowOf("take half a size up").waitFor();
    await expect.poll(() => page.getByText("Support is typing…").count(), { timeout: T }).toBe(0);
    // The screen is visible: it marks the reply read, and the agent sees that.
    await expect
      .poll(() => agentMessages().find((m) => m.content.includes("half a size"))?.status, {
        timeout: T,
      })
      .toBe("read");
  });

  it("the agent reading the customer's message turns its ticks to read", async () => {
    const mine = agentMessages().find((m) => m.senderRole === "customer")!;
    await agent.markRead?.(roomId, mine.id);
    await rowOf("Ridge Runners").getByLabel("Read").waitFor();
  });

  it("an image picked on the phone is uploaded, sent and shown on both sides", async () => {
    const chooser = page.waitForEvent("filechooser");
    await page.getByRole("button", { name: "Attach image" }).click();
    await (
      await chooser
    ).setFiles({
      name: "shoe.png",
      mimeType: "image/png",
      buffer: makePng(320, 240, [245, 158, 11]),
    });
    await expect
      .poll(() => agentMessages().find((m) => m.attachments.length > 0)?.attachments[0]?.mimeType, {
        timeout: T,
      })
      .toBe("image/png");
    const img = page.locator("[data-expoimage] img").first();
    await img.waitFor();
    // Loaded through the authorised fetch (the file is not public): it has pixels.
    await expect
      .poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth), {
        timeout: T,
      })
      .toBe(320);
  });

  it("looks right", async () => {
    agent.send(roomId, "Here's the size chart: 42 fits a 27 cm foot.");
    await rowOf("size chart").waitFor();
    await page.waitForTimeout(300); // the image's fade-in
    await screenshot(page, "mobile-chat");
  });

  it("backgrounded, the socket closes after the grace period; back, it reconnects once and resyncs", async () => {
    const before = await socketsOpened();
    expect(await customerSockets()).toBe(1);
    await setHidden(true);
    // The server sees the phone go away once the grace period is over, not before.
    expect(await customerSockets()).toBe(1);
    await expect.poll(customerSockets, { timeout: T }).toBe(0);
    agent.send(roomId, "Sent while your phone was in a pocket.");
    await expect
      .poll(
        () =>
          agentMessages().some((m) => m.content.includes("pocket") && m.localStatus === "stored"),
        { timeout: T },
      )
      .toBe(true);
    // Away: no reconnection attempts at all.
    await page.waitForTimeout(3000);
    expect(await socketsOpened()).toBe(before);
    expect(await rowOf("pocket").count()).toBe(0);

    await setHidden(false);
    // Back: one connection, and the resync brings what was said meanwhile.
    await rowOf("pocket").waitFor();
    await expect.poll(customerSockets, { timeout: T }).toBe(1);
    await page.waitForTimeout(3000);
    expect(await socketsOpened()).toBe(before + 1);
  });

  it("a message sent while the server is down shows pending, then goes out once", async () => {
    const before = await socketsOpened();
    const { port, secret, mongoUri } = server;
    await server.close();
    await page.getByText(/^Reconnecting… Messages you send now/).waitFor(); // the banner (the header says "Reconnecting" too)
    await page.getByRole("textbox", { name: "Message" }).fill("Is my order still on its way?");
    await page.getByRole("button", { name: "Send" }).click();
    await rowOf("still on its way").getByLabel("Sending").waitFor();
    await screenshot(page, "mobile-offline");
    const down = Date.now();
    await page.waitForTimeout(5000);

    const dbName = mongoUri.slice(mongoUri.lastIndexOf("/") + 1);
    server = await startTestServer({ mongoUri: inject("mongoUri"), dbName, port, secret, webDist });
    // Socket.IO's backoff (2 s doubling, jittered) decides when the phone is back.
    await rowOf("still on its way")
      .getByLabel(/^(Sent|Delivered|Read)$/)
      .waitFor({ timeout: 60_000 });
    const attempts = (await socketsOpened()) - before;
    console.log(
      `outage of ${Math.round((Date.now() - down) / 1000)} s: ${attempts} connection attempts`,
    );
    expect(attempts).toBeLessThanOrEqual(6);
    await expect
      .poll(
        () => agentMessages().filter((m) => m.content === "Is my order still on its way?").length,
        { timeout: 30_000 },
      )
      .toBe(1);
  }, 120_000);
});
