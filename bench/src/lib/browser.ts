// Debian's Chromium through playwright-core, and what a page costs on the wire as Chromium's
// own network stack counts it (CDP Network events: encodedDataLength is the bytes received for
// a request, headers included, after any Content-Encoding, i.e. compressed).
import type { CDPSession, Page } from "playwright-core";

// One Chromium launch for the e2e tests and the bench: the web app's (the mobile e2e uses it too).
export { launchChromium } from "../../../apps/web/test/browser.ts";

/** 150 ms latency, 1.6 Mbit/s down, 750 kbit/s up (Lighthouse's "slow 4G"); bytes per second. */
export const SLOW_4G = {
  offline: false,
  latency: 150,
  downloadThroughput: 1_600_000 / 8,
  uploadThroughput: 750_000 / 8,
};

export interface Fetched {
  url: string;
  /** Bytes received for it, headers included (compressed when it was sent compressed). */
  bytes: number;
  encoding: string;
  status: number;
}

/**
 * Counts every request of a page (the page's frames included: same-origin frames share
 * the page's CDP target) from now on, with the bytes each took on the wire.
 */
export async function meterNetwork(page: Page) {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  const pending = new Map<string, Fetched>();
  const done: Fetched[] = [];
  let lastActivity = Date.now();
  cdp.on("Network.requestWillBeSent", (e) => {
    if (!/^https?:/.test(e.request.url)) return; // data: URLs cost nothing
    lastActivity = Date.now();
    // A redirect reuses the request id: the hop before it is finished as it was.
    const before = pending.get(e.requestId);
    if (before) done.push(before);
    pending.set(e.requestId, { url: e.request.url, bytes: 0, encoding: "", status: 0 });
  });
  cdp.on("Network.responseReceived", (e) => {
    const r = pending.get(e.requestId);
    if (!r) return;
    r.status = e.response.status;
    const headers = Object.fromEntries(
      Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]),
    );
    r.encoding = headers["content-encoding"] ?? "";
  });
  const finish = (id: string, bytes: number) => {
    lastActivity = Date.now();
    const r = pending.get(id);
    if (!r) return;
    pending.delete(id);
    r.bytes = bytes;
    done.push(r);
  };
  cdp.on("Network.loadingFinished", (e) => finish(e.requestId, e.encodedDataLength));
  cdp.on("Network.loadingFailed", (e) => finish(e.requestId, 0));
  // Socket.IO's long-poll stays open by design: it does not count as the page loading.
  const loading = () => [...pending.values()].filter((r) => !r.url.includes("/socket.io/"));
  return {
    cdp,
    /** Everything finished so far (in flight: not yet counted). */
    snapshot: () => totals(done),
    /** Resolves once no request (long-polls aside) has been in flight for `quietMs`. */
    async quiet(quietMs = 500, timeoutMs = 30_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (loading().length === 0 && Date.now() - lastActivity >= quietMs) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`network not quiet: ${loading().map((r) => r.url)}`);
    },
  };
}

export interface Totals {
  requests: number;
  bytes: number;
  files: Fetched[];
}

function totals(list: Fetched[]): Totals {
  return {
    requests: list.length,
    bytes: list.reduce((n, r) => n + r.bytes, 0),
    files: list.map((r) => ({ ...r })),
  };
}
