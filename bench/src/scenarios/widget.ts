// (widget) What a shop's visitor pays for the chat: the demo shop page (apps/web/demo), which
// embeds widget.js, in Debian's Chromium against the server serving a fresh build. Printed:
// the requests and bytes on the wire (CDP) before the first click (load + 2 s idle) and after
// opening the chat, and, on a throttled connection (SLOW_4G) with a cold cache, the time from
// a click at load + 2 s (the frame not fetched yet: Playwright's hover comes just before the
// press) to a usable composer (enabled, focused) and to the conversation shown; and from a
// click made once the loader's idle fetch (5 s after load) has finished.
// Baseline, same run: the same build served without its .br/.gz (identity, as before), with
// the frame fetched at load as the old loader did (requestIdleCallback without delay, which
// fired within 0.4 s of load); and that baseline without the early fetch, which isolates
// what compression alone does to the first open.
import { spawnSync } from "node:child_process";
import { cp } from "node:fs/promises";
import path from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import { launchChromium, meterNetwork, SLOW_4G, type Totals } from "../lib/browser.ts";
import { repoRoot } from "../lib/processes.ts";
import { saveJson, table } from "../lib/report.ts";
import { sign } from "../lib/tokens.ts";
import { freshUri, server, type Ctx } from "./context.ts";

const IDLE_MS = 2000;
const T = 60_000;

interface Variant {
  name: string;
  dist: string;
  /** The old loader: the frame is fetched right after load, without any intent. */
  fetchAtLoad: boolean;
  /** Also measure a click made after the idle fetch (the loader's 5 s + idle) has finished. */
  lateClick?: boolean;
}

/** Builds apps/web into `dir` (not apps/web/dist, which the e2e tests may be using). */
function buildWeb(dir: string): void {
  const args = ["vite", "build", "--outDir", dir, "--emptyOutDir", "--logLevel", "warn"];
  const r = spawnSync("npx", args, { cwd: path.join(repoRoot, "apps/web"), stdio: "inherit" });
  if (r.status !== 0) throw new Error("web build failed");
}

/** The demo page's own files; everything else it loads is the chat's. */
const isHostFile = (url: string) => /\/demo\/(\?|$)|\/assets\/demo-/.test(url);

const kb = (n: number) => Math.round(n / 100) / 10;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** Requests and bytes, split into the host page's own and the chat's. */
function split(t: Totals) {
  const chat = t.files.filter((f) => !isHostFile(f.url));
  return {
    requests: t.requests,
    bytes: t.bytes,
    chatRequests: chat.length,
    chatBytes: chat.reduce((n, f) => n + f.bytes, 0),
    files: t.files.map((f) => ({ ...f, url: new URL(f.url).pathname })),
  };
}

/** The frame posted "ready" (the loader then drops its aria-busy). */
const FRAME_READY = `(() => {
  const frame = document.querySelector("#switchboard-widget")?.shadowRoot?.querySelector("iframe");
  return !!frame && !frame.hasAttribute("aria-busy");
})()`;

async function visit(browser: Browser, url: string, v: Variant, throttled: boolean, late = false) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(T);
  const page = await context.newPage();
  const net = await meterNetwork(page);
  if (throttled) await net.cdp.send("Network.emulateNetworkConditions", SLOW_4G);
  await page.goto(url, { waitUntil: "load", timeout: T });
  const launcher = page.getByRole("button", { name: /^Open .* chat/ });
  if (v.fetchAtLoad) await launcher.hover();
  await page.waitForTimeout(IDLE_MS);
  if (late) {
    await page.waitForFunction(FRAME_READY, undefined, { timeout: T });
    await net.quiet();
  }
  return { context, page, net, launcher };
}

// In-page code is written as strings: this package is typed for Node, without the DOM.
/** Epoch ms when `ready` first held, polled every frame in the page (the frame is same-origin). */
function when(page: Page, ready: "composer" | "conversation"): Promise<number> {
  const ok =
    ready === "composer"
      ? "doc.activeElement === input"
      : `doc.querySelector('[aria-label="Loading conversation"]') === null`;
  const probe = `(() => {
    const frame = document.querySelector("#switchboard-widget")?.shadowRoot?.querySelector("iframe");
    const doc = frame?.contentDocument;
    const input = doc?.querySelector("textarea");
    if (!frame?.classList.contains("open") || !input || input.disabled) return false;
    return ${ok} ? performance.timeOrigin + performance.now() : false;
  })()`;
  return page
    .waitForFunction(probe, undefined, { polling: "raf", timeout: T })
    .then((h) => h.jsonValue() as Promise<number>);
}

/** Clicks the launcher; ms from the press to a usable composer and to the conversation. */
async function open(page: Page, launcher: Locator) {
  await page.evaluate(`window.addEventListener("pointerdown", () => {
    window.sbPressAt ??= performance.timeOrigin + performance.now();
  }, { capture: true, once: true })`);
  const composer = when(page, "composer");
  const conversation = when(page, "conversation");
  await launcher.click();
  const pressAt = (await page.evaluate("window.sbPressAt")) as number;
  return {
    composerMs: Math.round((await composer) - pressAt),
    conversationMs: Math.round((await conversation) - pressAt),
  };
}

async function measure(browser: Browser, url: (n: number) => string, v: Variant, runs: number) {
  const fast = await visit(browser, url(0), v, false);
  await fast.net.quiet();
  const beforeClick = split(fast.net.snapshot());
  const fastOpen = await open(fast.page, fast.launcher);
  await fast.net.quiet(1000);
  const afterOpen = split(fast.net.snapshot());
  await fast.context.close();

  const slow = [];
  for (let i = 1; i <= runs; i++) {
    const s = await visit(browser, url(i), v, true);
    slow.push(await open(s.page, s.launcher));
    await s.context.close();
  }
  let afterIdleFetch = null;
  if (v.lateClick) {
    const s = await visit(browser, url(runs + 1), v, true, true);
    afterIdleFetch = await open(s.page, s.launcher);
    await s.context.close();
  }
  return {
    variant: v.name,
    beforeClick,
    afterOpen,
    unthrottledOpen: fastOpen,
    throttled: {
      runs: slow,
      composerMs: median(slow.map((s) => s.composerMs)),
      conversationMs: median(slow.map((s) => s.conversationMs)),
      afterIdleFetch,
    },
  };
}

export async function widget(ctx: Ctx) {
  const runs = ctx.quick ? 1 : 3;
  const built = path.join(ctx.tmp, "web-dist");
  const plain = path.join(ctx.tmp, "web-dist-plain");
  console.log(`\n== widget: build into ${built}; ${runs} throttled open(s) per variant`);
  buildWeb(built);
  await cp(built, plain, { recursive: true, filter: (src) => !/\.(br|gz)$/.test(src) });
  const variants: Variant[] = [
    { name: "now: compressed, frame on intent", dist: built, fetchAtLoad: false, lateClick: true },
    { name: "before: identity, frame at load", dist: plain, fetchAtLoad: true },
    { name: "identity, frame on intent", dist: plain, fetchAtLoad: false },
  ];
  const browser = await launchChromium();
  const results = [];
  try {
    for (const [i, v] of variants.entries()) {
      const srv = await server(ctx, freshUri(ctx, `widget${i}`), {
        webDist: v.dist,
        name: `widget${i}`,
      });
      try {
        const url = (n: number) =>
          `${srv.url}/demo/?token=${sign(ctx.secret, `widget-${i}-${n}`, "customer")}`;
        results.push(await measure(browser, url, v, runs));
      } finally {
        await srv.stop();
      }
    }
  } finally {
    await browser.close();
  }
  report(results);
  const [now, before, identity] = results;
  const ratio = (a: number, b: number) => Math.round((10 * a) / b) / 10;
  const ratios = {
    bytesBeforeClick: ratio(before!.beforeClick.bytes, now!.beforeClick.bytes),
    bytesAfterOpen: ratio(before!.afterOpen.bytes, now!.afterOpen.bytes),
    composerVsBefore: ratio(now!.throttled.composerMs, before!.throttled.composerMs),
    composerVsIdentityOnIntent: ratio(now!.throttled.composerMs, identity!.throttled.composerMs),
  };
  console.log(
    `before ÷ now: ${ratios.bytesBeforeClick}x the bytes before the first click, ${ratios.bytesAfterOpen}x after opening; ` +
      `throttled click→composer now ÷ before: ${ratios.composerVsBefore}, now ÷ identity on intent: ${ratios.composerVsIdentityOnIntent}`,
  );
  await saveJson("widget", {
    quick: ctx.quick,
    throttle: SLOW_4G,
    idleBeforeClickMs: IDLE_MS,
    variants: results,
    ratios,
  });
}

function report(results: Awaited<ReturnType<typeof measure>>[]) {
  table(
    "Bytes on the wire (CDP encodedDataLength, headers included), cold cache, unthrottled",
    results.flatMap((r) =>
      (["beforeClick", "afterOpen"] as const).map((when) => ({
        variant: r.variant,
        when: when === "beforeClick" ? `load + ${IDLE_MS / 1000} s` : "chat open",
        requests: r[when].requests,
        KB: kb(r[when].bytes),
        "chat requests": r[when].chatRequests,
        "chat KB": kb(r[when].chatBytes),
      })),
    ),
  );
  for (const r of results) {
    table(
      `Before the first click: ${r.variant}`,
      r.beforeClick.files.map((f) => ({ url: f.url, bytes: f.bytes, encoding: f.encoding })),
    );
  }
  table(
    `Click at load + ${IDLE_MS / 1000} s → usable composer / conversation shown (ms), throttled (${SLOW_4G.latency} ms, 1.6 Mbit/s down, 750 kbit/s up), cold cache, median`,
    results.map((r) => ({
      variant: r.variant,
      composer: r.throttled.composerMs,
      conversation: r.throttled.conversationMs,
      runs: r.throttled.runs.map((s) => s.composerMs).join(" / "),
      "unthrottled composer": r.unthrottledOpen.composerMs,
      "composer, click after the idle fetch": r.throttled.afterIdleFetch?.composerMs ?? "",
    })),
  );
}
