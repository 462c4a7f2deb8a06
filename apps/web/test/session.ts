// The shared setup of the dashboard e2e files: one real server on a fresh database, one
// Chromium, an agent page (with a notification recorder) and a customer on the demo shop.
// The tests of a file build on each other: after the first failure the rest are skipped,
// and both pages are photographed as `failure-*.png`.
import { randomBytes } from "node:crypto";
import { startTestServer, type TestServer } from "@switchboard/server/testing";
import mongoose, { type Connection } from "mongoose";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, inject } from "vitest";
import {
  agentOn,
  launchChromium,
  requireWebBuild,
  screenshot,
  watchPage,
  WEB_DIST,
  widgetOn,
  type PageProblems,
} from "./browser.ts";
import { recordNotifications, type sdkCustomer } from "./dashboard.ts";

declare module "vitest" {
  export interface ProvidedContext {
    mongoUri: string;
  }
}

/** How long a UI condition may take to come true. */
export const T = 10_000;
export const DESKTOP = { width: 1280, height: 800 };
export const TEAM = "Acme Support";

export interface Session {
  run: string;
  AGENT: string;
  /** The agent's name in their token, when `setupSession` was given one. */
  AGENT_NAME: string | undefined;
  /** Automatic assignment on the server (AUTO_ASSIGN), when `setupSession` was given it. */
  routing: { enabled: boolean; capacity?: number } | undefined;
  VISITOR: string;
  server: TestServer;
  db: Connection;
  browser: Browser;
  agentContext: BrowserContext;
  agentPage: Page;
  customerPage: Page;
  agent: ReturnType<typeof agentOn>;
  customer: ReturnType<typeof widgetOn>;
  problems: PageProblems;
  /** Customers driven through the SDK; disconnected at the end. */
  sdkClients: Awaited<ReturnType<typeof sdkCustomer>>[];
  /** The inbox row of a room. */
  rowOf(roomId: string): ReturnType<Page["locator"]>;
  /** A customer's rooms in the database, oldest first. */
  roomsOf(customerId: string): Promise<Record<string, unknown>[]>;
}

async function open(session: Session): Promise<void> {
  requireWebBuild();
  process.env.TEST_LOG_LEVEL ??= "warn";
  const [server, browser] = await Promise.all([
    startTestServer({
      mongoUri: inject("mongoUri"),
      webDist: WEB_DIST,
      ...(session.routing ? { routing: session.routing } : {}),
    }),
    launchChromium(),
  ]);
  const db = await mongoose.createConnection(server.mongoUri).asPromise();
  const agentContext = await browser.newContext({ viewport: DESKTOP });
  const customerContext = await browser.newContext({ viewport: DESKTOP });
  for (const c of [agentContext, customerContext]) c.setDefaultTimeout(T);
  await agentContext.addInitScript(recordNotifications);
  const agentPage = watchPage(await agentContext.newPage(), session.problems, "agent");
  const customerPage = watchPage(await customerContext.newPage(), session.problems, "customer");
  const agent = agentOn(agentPage);
  Object.assign(session, {
    server,
    db,
    browser,
    agentContext,
    agentPage,
    customerPage,
    agent,
    customer: widgetOn(customerPage, TEAM),
    rowOf: (roomId: string) => agent.inbox.locator(`[data-room-id="${roomId}"]`),
    roomsOf: (customerId: string) =>
      db.collection("chat_rooms").find({ customerId }).sort({ createdAt: 1 }).toArray(),
  });
  await agentPage.goto(
    `${server.url}/agent.html?token=${await server.token(session.AGENT, "admin", "1h", session.AGENT_NAME)}`,
  );
}

async function close(session: Session): Promise<void> {
  for (const c of session.sdkClients) c.client.disconnect();
  await session.browser?.close();
  await session.server?.close().catch(() => {});
  await session.db?.close();
}

/**
 * Registers the file's hooks and returns the session they fill (usable inside tests).
 * `label` names the failure screenshots; `agentName` goes into the agent's token; `routing`
 * turns automatic assignment on.
 */
export function setupSession(
  label: string,
  options: { agentName?: string; routing?: Session["routing"] } = {},
): Session {
  const run = randomBytes(3).toString("hex");
  const session = {
    run,
    AGENT: `agent-${run}`,
    AGENT_NAME: options.agentName,
    routing: options.routing,
    VISITOR: `visitor-${run}`,
    problems: { dialogs: [], errors: [] },
    sdkClients: [],
  } as unknown as Session;
  let firstFailure: string | null = null;
  beforeAll(() => open(session));
  beforeEach((ctx) => {
    if (firstFailure) ctx.skip(`builds on "${firstFailure}", which failed`);
    ctx.onTestFailed(async () => {
      firstFailure ??= ctx.task.name;
      const slug = ctx.task.name.slice(0, 50).replace(/\W+/g, "-").replace(/-$/, "");
      for (const [who, page] of [
        ["agent", session.agentPage],
        ["customer", session.customerPage],
      ] as const) {
        await screenshot(page, `failure-${label}-${slug}-${who}`).catch(() => {});
      }
    });
  });
  afterAll(() => close(session));
  return session;
}
