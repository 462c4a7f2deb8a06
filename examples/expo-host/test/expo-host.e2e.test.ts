// examples/expo-host in a browser (issue 12): the example, installed from the PACKED packages
// outside the workspace (test/expoHost.ts, the install the integration test shares), built
// for the web with Vite and react-native-web, and run in headless Chromium against a real
// server on the test database. The customer signs in to the host (its token in the page's
// query), is not connected on the Home and Orders tabs, connects on the Support tab, writes;
// the server stores it; an agent (the SDK from Node) answers; leaving the tab disconnects.
//
// Run: `npx vitest run --project e2e examples/expo-host` at the repo root.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { createChatClient, type ChatClient } from "@switchboard/client";
import type { Message, Room } from "@switchboard/protocol";
import { startTestServer, type TestServer } from "@switchboard/server/testing";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium, watchPage, type PageProblems } from "../../../apps/web/test/browser.ts";
import { installNote, type HostApp } from "../../../scripts/hostInstall.ts";
import { expoHost } from "./expoHost.ts";

declare module "vitest" {
  export interface ProvidedContext {
    mongoUri: string;
  }
}

const T = 10_000;
const SCREENSHOT = "/tmp/expo-host.png";
const run = Math.random().toString(16).slice(2, 8);
const CUSTOMER = `dana-${run}`;
const AGENT = `agent-${run}`;

let app: HostApp;
let server: TestServer;
let browser: Browser;
let page: Page;
let agent: ChatClient;
let agentToken: string;
const problems: PageProblems = { dialogs: [], errors: [] };

/** Open customer sockets on the server (its Prometheus gauge). */
async function customerSockets(): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const line = text
    .split("\n")
    .find((l) => l.startsWith('switchboard_connections{role="customer"}'));
  return line ? Number(line.split(" ").pop()) : 0;
}

/** WebSockets the page opened so far. */
const socketsOpened = () => page.evaluate(() => (window as unknown as { __ws: number }).__ws);
const tab = (name: string) => page.getByRole("tab", { name });
const rowOf = (text: string) => page.getByTestId(/^message-/).filter({ hasText: text });

/** The agent's view over HTTP: the customer's room and what the server stored in it. */
async function stored(): Promise<{ room: Room; messages: Message[] }> {
  const headers = { Authorization: `Bearer ${agentToken}` };
  const list = await fetch(`${server.url}/api/chat/rooms?assigned=any`, { headers });
  const { rooms } = (await list.json()) as { rooms: Room[] };
  const room = rooms.find((r) => r.customerId === CUSTOMER);
  if (!room) throw new Error(`no room of ${CUSTOMER}`);
  const res = await fetch(`${server.url}/api/chat/rooms/${room.id}/messages`, { headers });
  return { room, messages: ((await res.json()) as { messages: Message[] }).messages };
}

beforeAll(async () => {
  let started = Date.now();
  app = await expoHost("web");
  console.log(
    `expo-host: ${installNote(app)}, ready in ${Math.round((Date.now() - started) / 1000)} s`,
  );
  started = Date.now();
  // NODE_ENV=production: a production React build (vitest's "test" would make a dev one).
  await promisify(execFile)(
    process.execPath,
    [
      app.resolve("vite/bin/vite.js"),
      "build",
      "--config",
      "web/vite.config.mts",
      "--logLevel",
      "error",
    ],
    { cwd: app.dir, env: { ...app.env, NODE_ENV: "production" } },
  );
  console.log(`expo-host: web build in ${Math.round((Date.now() - started) / 1000)} s`);

  browser = await launchChromium();
  server = await startTestServer({
    mongoUri: inject("mongoUri"),
    webDist: path.join(app.dir, "dist", "web"),
  });
  // The host's backend signs the customer in and hands the app their chat token.
  const customerToken = await server.token(CUSTOMER, "customer", "1h", "Dana");
  agentToken = await server.token(AGENT, "admin", "1h", "Sam");
  agent = createChatClient({ url: server.url, getToken: () => agentToken });
  agent.connect();

  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  context.setDefaultTimeout(T);
  page = watchPage(await context.newPage(), problems, "expo-host");
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
  await page.goto(`${server.url}/?token=${customerToken}&name=Dana`);
}, 600_000);

afterAll(async () => {
  agent?.disconnect();
  await browser?.close();
  await server?.close();
  app?.release();
  expect(problems).toEqual({ dialogs: [], errors: [] });
});

describe("the Expo host app in Chromium, on a real server", () => {
  it("chats on the Support tab only, and an agent's reply appears", async () => {
    // Home, then Orders: the host's own tabs, and no chat connection.
    await page.getByRole("heading", { name: "Hello, Dana" }).waitFor();
    await tab("Orders").click();
    await page.getByText("Ridge Runner trail shoes").waitFor();
    expect(await socketsOpened()).toBe(0);
    expect(await customerSockets()).toBe(0);

    // Support: one connection, with the host's token (the server knows who it is).
    await tab("Support").click();
    await expect.poll(customerSockets, { timeout: T }).toBe(1);
    expect(await socketsOpened()).toBe(1);

    const input = page.getByRole("textbox", { name: "Message" });
    await input.fill("Hi! Where is order 1042?");
    await page.getByRole("button", { name: "Send" }).click();
    await rowOf("Where is order 1042?").getByLabel("Sent").waitFor();

    // The server stored it, in the room of the signed-in customer.
    const { room, messages } = await stored();
    expect(messages.map((m) => [m.senderId, m.content])).toEqual([
      [CUSTOMER, "Hi! Where is order 1042?"],
    ]);

    // The agent answers; the reply appears on the phone.
    await agent.join(room.id);
    agent.send(room.id, "Hi Dana! It left our warehouse this morning.");
    await rowOf("It left our warehouse this morning.").waitFor();
    await page.screenshot({ path: SCREENSHOT, animations: "disabled", caret: "hide" });

    // Another tab: the socket closes; back on Support, one new connection.
    await tab("Home").click();
    await expect.poll(customerSockets, { timeout: T }).toBe(0);
    await tab("Support").click();
    await expect.poll(customerSockets, { timeout: T }).toBe(1);
    expect(await socketsOpened()).toBe(2);
    await rowOf("It left our warehouse this morning.").waitFor();
  });
});
