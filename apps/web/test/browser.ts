// Browser support for the web app's end-to-end tests: Debian's Chromium driven by
// playwright-core, and locators for the widget (inside its iframe) and the agent page that
// go by role and accessible name, as a user of assistive technology would.
import { existsSync } from "node:fs";
import { mkdir, readdir, rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** Where screenshots go (gitignored); the README shows copies. */
export const SCREENSHOT_DIR = path.join(repoRoot, "test-results", "screenshots");

/** The built web app the server serves (`npm run build -w apps/web`). */
export const WEB_DIST = path.join(repoRoot, "apps", "web", "dist");

/** Fails with what to run when apps/web has not been built (the e2e serve its dist). */
export function requireWebBuild(): void {
  if (!existsSync(path.join(WEB_DIST, "widget.js"))) {
    throw new Error(`No build in ${WEB_DIST}: run \`npm run build -w apps/web\` first.`);
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/** What a page did that a test should fail on: dialogs (dismissed) and uncaught errors. */
export interface PageProblems {
  dialogs: string[];
  errors: string[];
}

export function watchPage(page: Page, problems: PageProblems, label = "page"): Page {
  page.on("dialog", (dialog) => {
    problems.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss().catch(() => {});
  });
  page.on("pageerror", (error) => problems.errors.push(error.message));
  // The pages' warnings and errors (every frame) in the test's output; all of it with
  // E2E_DEBUG=1. Expect "ERR_CONNECTION_REFUSED" while the server restarts.
  page.on("console", (m) => {
    if (process.env.E2E_DEBUG || m.type() === "warning" || m.type() === "error") {
      console.log(`[${label}] ${m.type()}: ${m.text()}`);
    }
  });
  return page;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  // Finished transitions (the widget fades in) and no blinking caret: stable pictures.
  await page.screenshot({ path: file, animations: "disabled", caret: "hide" });
  return file;
}

/** Removes the `failure-*.png` of an earlier run, so that those left are this run's. */
export async function clearFailureScreenshots(): Promise<void> {
  const names = await readdir(SCREENSHOT_DIR).catch(() => []);
  for (const name of names.filter((n) => n.startsWith("failure-"))) {
    await rm(path.join(SCREENSHOT_DIR, name), { force: true });
  }
}

/** Text of each message bubble in a "Messages" region, in order. */
export const bubbleTexts = (messages: Locator) => messages.locator(".sb-bubble").allTextContents();

/** The chat widget on a host page (the demo shop): the launcher and the chat in its frame. */
export function widgetOn(page: Page, team = "Acme Support") {
  const frameElement = page.locator(`iframe[title="${team} chat"]`);
  const frame = frameElement.contentFrame();
  const launcher = page.getByRole("button", { name: new RegExp(`^(Open|Close) ${team} chat`) });
  const input = frame.getByRole("textbox", { name: "Message" });
  return {
    launcher,
    frameElement,
    frame,
    input,
    messages: frame.getByRole("region", { name: "Messages" }),
    /** The polite live region that reads the other side's new messages out. */
    announcer: frame.locator('[aria-live="polite"]'),
    async open(timeout = 10_000) {
      await launcher.click({ timeout });
      await input.waitFor({ state: "visible", timeout });
    },
    async send(text: string) {
      await input.fill(text);
      await input.press("Enter");
    },
  };
}

/** The agent page: the inbox and the open conversation. */
export function agentOn(page: Page) {
  const inbox = page.getByRole("navigation", { name: "Conversations" });
  const view = page.getByRole("region", { name: /^Conversation with / });
  const input = view.getByRole("textbox", { name: "Message" });
  return {
    inbox,
    view,
    input,
    messages: view.getByRole("region", { name: "Messages" }),
    /** A room's entry in the inbox, by its customer's name (or id, without a name). */
    room: (customerId: string) => inbox.getByRole("button", { name: new RegExp(customerId) }),
    async send(text: string) {
      await input.fill(text);
      await input.press("Enter");
    },
  };
}
