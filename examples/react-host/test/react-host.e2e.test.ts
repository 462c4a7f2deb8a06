// examples/react-host in Chromium (issue 12): the example, installed from the PACKED packages
// outside the workspace (scripts/hostInstall.ts), type-checked against their declarations, built
// with `vite build` and served by `vite preview`, whose proxy passes /api and /socket.io on to
// examples/express-host (started from its own packed install, test/expressHost.ts there). The
// customer signs in with the host's form, visits Home and Orders, and writes on the Support
// page; an agent (the SDK from Node, signed in with the host's /api/login) answers; the reply
// shows, and the host's Redux store (read the way Redux DevTools reads it) holds the
// conversation. Also: the README's glue count is what the code has, and at most 20 lines.
//
// Run: `npx vitest run --project e2e examples/react-host` at the repo root.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { promisify } from "node:util";
import { createChatClient, type ChatClient, type ChatState } from "@switchboard/client";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium, watchPage, type PageProblems } from "../../../apps/web/test/browser.ts";
import { checkGlue, hostApp, installNote, type HostApp } from "../../../scripts/hostInstall.ts";
import {
  ADA,
  GRACE,
  groupAlive,
  login,
  startExpressHost,
  type ExpressHost,
} from "../../express-host/test/expressHost.ts";

declare module "vitest" {
  export interface ProvidedContext {
    mongoUri: string;
  }
}

const run = promisify(execFile);
const T = 10_000;
const SCREENSHOT = "/tmp/react-host.png";

let api: { host: ExpressHost; app: HostApp };
let web: HostApp;
let preview: ChildProcess | undefined;
let url: string;
let browser: Browser;
let page: Page;
let agent: ChatClient | undefined;
const problems: PageProblems = { dialogs: [], errors: [] };

/** The host's state, as Redux DevTools sees it (the page's store, through the hook below). */
interface HostState {
  auth: { user: { id: string; name: string } | null };
  orders: { items: { id: string }[] };
  chat: ChatState;
}
const hostState = () =>
  page
    .evaluate(() => (window as unknown as { __store: { getState(): unknown } }).__store.getState())
    .then((state) => state as HostState);

/** A free TCP port on 127.0.0.1, for `vite preview --strictPort`. */
async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

/** `vite preview` of the build, in a process group of its own; resolves once it answers. */
async function startPreview(): Promise<void> {
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  const vite = web.resolve("vite/bin/vite.js");
  preview = spawn(
    process.execPath,
    [vite, "preview", "--host", "127.0.0.1", "--port", String(port), "--strictPort"],
    { cwd: web.dir, env: { ...web.env, API_URL: api.host.url }, detached: true, stdio: "ignore" },
  );
  process.once("exit", stopPreview);
  const deadline = Date.now() + 30_000;
  while (
    (await fetch(url).then(
      (r) => r.status,
      () => 0,
    )) !== 200
  ) {
    if (Date.now() > deadline || preview.exitCode !== null)
      throw new Error("vite preview did not start");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function stopPreview(): void {
  if (preview?.pid && groupAlive(preview.pid)) process.kill(-preview.pid, "SIGTERM");
}

beforeAll(async () => {
  api = await startExpressHost({ mongoUri: inject("mongoUri"), purpose: "e2e" });
  let started = Date.now();
  web = await hostApp({
    example: "examples/react-host",
    packed: ["@switchboard/react", "@switchboard/client"],
    purpose: "web",
  });
  console.log(`react-host: ${installNote(web)}, ready in ${Date.now() - started} ms`);
  started = Date.now();
  // NODE_ENV=production: a production React build (vitest's "test" would make a dev one).
  await run(process.execPath, [web.resolve("vite/bin/vite.js"), "build", "--logLevel", "error"], {
    cwd: web.dir,
    env: { ...web.env, NODE_ENV: "production" },
  });
  console.log(`react-host: vite build in ${Date.now() - started} ms`);
  await startPreview();

  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1100, height: 760 } });
  context.setDefaultTimeout(T);
  page = watchPage(await context.newPage(), problems, "react-host");
  // What the Redux DevTools extension does: configureStore composes its enhancers through this
  // hook, which keeps the store it made. No code of the app's for the test.
  await page.addInitScript(() => {
    type Creator = (...args: unknown[]) => unknown;
    type Enhancer = (next: Creator) => Creator;
    const w = window as unknown as Record<string, unknown>;
    w.__REDUX_DEVTOOLS_EXTENSION_COMPOSE__ =
      () =>
      (...enhancers: Enhancer[]) =>
      (createStore: Creator) =>
      (...args: unknown[]) =>
        (w.__store = enhancers.reduceRight((next, enhance) => enhance(next), createStore)(...args));
  });
}, 600_000);

afterAll(async () => {
  agent?.disconnect();
  await browser?.close();
  stopPreview();
  if (preview && preview.exitCode === null && preview.signalCode === null)
    await once(preview, "exit");
  await api?.host.stop();
  api?.app.release();
  web?.release();
  expect(problems).toEqual({ dialogs: [], errors: [] });
});

describe("the React host app in Chromium, against the Express host", () => {
  it("type-checks against the packed packages' declarations", async () => {
    const tsc = web.resolve("typescript/bin/tsc");
    const result = await run(process.execPath, [tsc, "-p", "tsconfig.json", "--pretty", "false"], {
      cwd: web.dir,
      env: web.env,
    }).then(
      () => "",
      (error: Error & { stdout?: string }) => `${error.message}\n${error.stdout ?? ""}`,
    );
    expect(result).toBe("");
  });

  it("a signed-in customer chats on the Support page, in the host's Redux store", async () => {
    await page.goto(url);
    await page.getByRole("heading", { name: "Gear for the long way round" }).waitFor();

    // Support needs a signed-in user: the host's own sign-in form, then back to Support.
    await page.getByRole("link", { name: "Support" }).first().click();
    await page.waitForURL(/\/login\?next=%2Fsupport$/);
    await page.getByLabel("Email").fill(ADA.email);
    await page.getByLabel("Password").fill(ADA.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Support", exact: true }).waitFor();

    // The host's other pages, on its own store.
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Orders" })
      .click();
    await page.getByRole("cell", { name: "Ridge Runner trail shoes" }).waitFor();
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Home" })
      .click();
    await page.getByRole("heading", { name: "Welcome back, Ada" }).waitFor();
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Support" })
      .click();

    const input = page.getByRole("textbox", { name: "Message" });
    await input.fill("Hi! Where is order 1042?");
    await input.press("Enter");
    const messages = page.getByRole("region", { name: "Messages" });
    await messages.getByText("Hi! Where is order 1042?").waitFor();
    await expect
      .poll(async () => (await hostState()).chat.connectionStatus, { timeout: T })
      .toBe("online");

    // The agent, signed in with the host's /api/login, finds Ada by her name and answers.
    const grace = await login(api.host.url, GRACE);
    agent = createChatClient({ url: api.host.url, getToken: () => grace.token });
    agent.connect();
    const { rooms } = await agent.listRooms({ status: "open" });
    const room = rooms.find((r) => r.customerName === "Ada Lovelace");
    expect(room).toBeDefined();
    await agent.join(room!.id);
    agent.send(room!.id, "Hi Ada! It left our warehouse this morning.");
    await messages.getByText("It left our warehouse this morning.").waitFor();
    await page.screenshot({ path: SCREENSHOT, animations: "disabled", caret: "hide" });

    // The conversation lives in the host's Redux store, next to the host's own slices.
    const state = await hostState();
    expect(state.auth.user?.name).toBe("Ada Lovelace");
    expect(state.orders.items.map((o) => o.id)).toEqual(["1042", "1043"]);
    expect(state.chat.activeRoomId).toBe(room!.id);
    const said = (state.chat.messagesByRoom[room!.id] ?? [])
      .filter((m) => m.kind !== "activity")
      .map((m) => [m.senderId, m.content]);
    expect(said).toEqual([
      [state.auth.user!.id, "Hi! Where is order 1042?"],
      [grace.user.id, "Hi Ada! It left our warehouse this morning."],
    ]);

    // Signing out (the host's button) leaves nothing of the conversation in the store.
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/login\?next=%2Fsupport$/);
    const after = await hostState();
    expect([after.auth.user, after.chat.messagesByRoom, after.orders.items]).toEqual([
      null,
      {},
      [],
    ]);
  });

  it("its chat glue is what the README counts, at most 20 lines", async () => {
    const glue = await checkGlue({
      example: "examples/react-host",
      dedicated: ["src/chat.ts"],
      sources: [
        "vite.config.ts",
        "src/main.tsx",
        "src/App.tsx",
        "src/store.ts",
        "src/api.ts",
        "src/styles.css",
        "src/pages/Home.tsx",
        "src/pages/Orders.tsx",
        "src/pages/Login.tsx",
        "src/pages/Support.tsx",
      ],
      chatCode: /chat|switchboard|socket\.io|--sb-/i,
    });
    expect(glue.problems).toEqual([]);
    expect(glue.listed).toBe(glue.stated);
    expect(glue.stated).toBeLessThanOrEqual(20);
  });
});
