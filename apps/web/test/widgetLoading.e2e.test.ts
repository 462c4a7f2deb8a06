// What a shop's visitor pays for the widget, in Debian's Chromium against the real server
// serving the real build: the host page fetches only the loader (compressed), the chat frame
// (React, the SDK) waits for a sign of intent or for the page to have been idle a while, and
// opening before the frame is ready shows a loading state, then the chat.
// Needs the build: `npm run build -w apps/web`.
import { startTestServer, type TestServer } from "@switchboard/server/testing";
import type { Browser, BrowserContext, Page, Request } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import {
  launchChromium,
  requireWebBuild,
  watchPage,
  WEB_DIST,
  widgetOn,
  type PageProblems,
} from "./browser.ts";

declare module "vitest" {
  export interface ProvidedContext {
    mongoUri: string;
  }
}

const T = 10_000;
const TEAM = "Acme Support";
/** The frame's requests: its page and the framework chunk it is most of the weight of. */
const isFrameRequest = (r: Request) => /\/widget\.html|\/assets\/react-/.test(r.url());

process.env.TEST_LOG_LEVEL ??= "warn";

let server: TestServer;
let browser: Browser;
let context: BrowserContext | undefined;
const problems: PageProblems = { dialogs: [], errors: [] };

beforeAll(async () => {
  requireWebBuild();
  [server, browser] = await Promise.all([
    startTestServer({ mongoUri: inject("mongoUri"), webDist: WEB_DIST }),
    launchChromium(),
  ]);
});

afterEach(async () => {
  await context?.close();
  context = undefined;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A fresh visitor (cold cache) on the demo shop; `requests` collects every request made. */
async function visit(visitor: string, options: { hasTouch?: boolean } = {}) {
  context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  context.setDefaultTimeout(T);
  const page = watchPage(await context.newPage(), problems, visitor);
  const requests: { at: number; request: Request }[] = [];
  page.on("request", (request) => requests.push({ at: Date.now(), request }));
  const token = await server.token(visitor, "customer");
  await page.goto(`${server.url}/demo/?token=${token}`, { waitUntil: "load" });
  const loadedAt = Date.now();
  const widget = widgetOn(page, TEAM);
  await widget.launcher.waitFor({ timeout: T });
  return { page, requests, loadedAt, widget };
}

const frameRequested = (page: Page) => page.waitForRequest(isFrameRequest, { timeout: T });

describe("the host page pays only for the loader until the visitor shows intent", () => {
  it("serves widget.js compressed with a short cache, and fetches no frame for 2 s, then on idle after 5 s", async () => {
    const { page, requests, loadedAt } = await visit("visitor-idle");
    const loader = requests.find((r) => r.request.url().endsWith("/widget.js"))?.request;
    const headers = (await loader?.response())?.headers() ?? {};
    expect(headers["content-encoding"]).toBe("br");
    expect(headers["cache-control"]).toBe("public, max-age=300");
    expect(headers["etag"]).toBeTruthy();

    await page.waitForTimeout(2000);
    expect(requests.filter((r) => isFrameRequest(r.request)).map((r) => r.request.url())).toEqual(
      [],
    );

    // Untouched, the frame still comes once the page has been idle for a while (that is
    // what shows a returning visitor's unread badge), never before the 5-s delay.
    const late = await page.waitForRequest(isFrameRequest, { timeout: 20_000 });
    const at = requests.find((r) => r.request === late)!.at;
    expect(at - loadedAt).toBeGreaterThanOrEqual(4500);
  });

  it("hovering the launcher fetches the frame, its hashed chunks compressed and immutable", async () => {
    const { page, requests, widget } = await visit("visitor-hover");
    expect(requests.filter((r) => isFrameRequest(r.request))).toEqual([]);
    const react = page.waitForResponse((r) => /\/assets\/react-[\w-]+\.js$/.test(r.url()), {
      timeout: T,
    });
    await widget.launcher.hover();
    const headers = (await react).headers();
    expect(headers["content-encoding"]).toBe("br");
    expect(headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(headers["content-type"]).toBe("text/javascript; charset=utf-8");
  });

  it("keyboard focus on the launcher fetches the frame, and Enter opens the chat", async () => {
    const { page, requests, widget } = await visit("visitor-keyboard");
    expect(requests.filter((r) => isFrameRequest(r.request))).toEqual([]);
    const fetched = frameRequested(page);
    // The launcher is the page's last focusable element: Shift+Tab from the top reaches it.
    await page.keyboard.press("Shift+Tab");
    await fetched;
    await page.keyboard.press("Enter");
    await expect
      .poll(() => widget.input.evaluate((el) => el === document.activeElement), { timeout: T })
      .toBe(true);
  });

  it("a touch on the launcher fetches the frame", async () => {
    const { page, requests, widget } = await visit("visitor-touch", { hasTouch: true });
    expect(requests.filter((r) => isFrameRequest(r.request))).toEqual([]);
    const fetched = frameRequested(page);
    await widget.launcher.dispatchEvent("touchstart");
    await fetched;
  });
});

describe("opening before the frame is ready", () => {
  it("shows a loading state, then the chat with its composer focused", async () => {
    const { page, widget } = await visit("visitor-early");
    // Hold the frame's page back, as a slow connection would.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/widget\.html/, async (route) => {
      await held;
      await route.continue();
    });
    await widget.launcher.click();
    const status = page.getByRole("status").filter({ hasText: "Loading chat…" });
    await status.waitFor({ timeout: T });
    expect(await widget.launcher.getAttribute("aria-expanded")).toBe("true");
    expect(await widget.frameElement.getAttribute("aria-busy")).toBe("true");

    release();
    await expect
      .poll(() => widget.input.evaluate((el) => el === document.activeElement), { timeout: T })
      .toBe(true);
    await status.waitFor({ state: "detached", timeout: T });
    expect(await widget.frameElement.getAttribute("aria-busy")).toBeNull();
  });
});

it("no page raised a dialog or an uncaught error", () => {
  expect(problems).toEqual({ dialogs: [], errors: [] });
});
