// Uploads and file downloads: the fetch path against a real local HTTP server (Node has no
// XMLHttpRequest), the XMLHttpRequest path (browsers, React Native) with a fake one.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { fetchFile, fetchStats, serverUrl, uploadFile, type HttpConfig } from "./http.ts";

interface Seen {
  method: string;
  url: string;
  auth: string | undefined;
  type: string | undefined;
  body: string;
}

let http: Server;
let base: string;
let seen: Seen[] = [];
let answer: { status: number; body: string; headers?: Record<string, string> };

async function record(req: IncomingMessage): Promise<Seen> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const { method = "", url = "", headers } = req;
  const body = Buffer.concat(chunks).toString("latin1");
  return { method, url, auth: headers.authorization, type: headers["content-type"], body };
}

beforeAll(async () => {
  http = createServer((req, res) => {
    void record(req).then((s) => {
      seen.push(s);
      res.writeHead(answer.status, answer.headers ?? { "Content-Type": "application/json" });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => http.close(resolve)));
afterEach(() => {
  seen = [];
  vi.unstubAllGlobals();
});

const config = (): HttpConfig => ({ url: base, getToken: async () => "tok" });
const attachment = { url: "/api/chat/files/abc", name: "a.png", size: 3, mimeType: "image/png" };

describe("serverUrl", () => {
  it("resolves server paths and same-origin URLs; refuses other hosts", () => {
    expect(serverUrl("https://chat.example.com/", "/api/chat/files/1")).toBe(
      "https://chat.example.com/api/chat/files/1",
    );
    expect(serverUrl("https://chat.example.com", "https://chat.example.com/x")).toBe(
      "https://chat.example.com/x",
    );
    for (const url of [
      "//evil.example/x",
      "https://evil.example/x",
      "https://chat.example.com.evil/x",
    ]) {
      expect(() => serverUrl("https://chat.example.com", url)).toThrow(/not a URL of this/);
    }
  });
});

describe("uploadFile over fetch", () => {
  it("posts multipart field `file` with the bearer token and resolves with the attachment", async () => {
    answer = { status: 201, body: JSON.stringify(attachment) };
    const progress: number[][] = [];
    const blob = new Blob([new Uint8Array([1, 2, 3])], { type: "image/png" });
    const result = await uploadFile(config(), blob, {
      name: "a.png",
      onProgress: (sent, total) => progress.push([sent, total]),
    });
    expect(result).toEqual(attachment);
    const [req] = seen;
    expect(req).toMatchObject({ method: "POST", url: "/api/chat/upload", auth: "Bearer tok" });
    expect(req!.type).toMatch(/^multipart\/form-data; boundary=/);
    expect(req!.body).toContain('name="file"; filename="a.png"');
    expect(req!.body).toContain("\u0001\u0002\u0003");
    expect(progress).toEqual([[3, 3]]);
  });

  it.each([
    [413, { error: { code: "TOO_LARGE", message: "file too large" } }, "TOO_LARGE"],
    [400, { error: { code: "VALIDATION", message: "file type not allowed" } }, "VALIDATION"],
    [401, "<html>proxy</html>", "UNAUTHORIZED"],
    [502, "<html>bad gateway</html>", "INTERNAL"],
  ])("turns HTTP %i into a ChatError", async (status, body, code) => {
    answer = { status, body: typeof body === "string" ? body : JSON.stringify(body) };
    await expect(uploadFile(config(), new Blob(["x"]))).rejects.toMatchObject({ code });
  });

  it("reports Retry-After as retryAfterMs", async () => {
    const body = JSON.stringify({ error: { code: "RATE_LIMITED", message: "slow down" } });
    answer = { status: 429, body, headers: { "Retry-After": "3" } };
    await expect(uploadFile(config(), new Blob(["x"]))).rejects.toMatchObject({
      code: "RATE_LIMITED",
      retryAfterMs: 3000,
    });
  });
});

/** Just enough XMLHttpRequest: progress in two steps, then the answer. */
class FakeXhr {
  static last: FakeXhr | null = null;
  headers: Record<string, string> = {};
  upload = { onprogress: null as ((e: object) => void) | null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  status = 0;
  responseText = "";
  aborted = false;
  constructor() {
    FakeXhr.last = this;
  }
  open() {}
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  getResponseHeader() {
    return null;
  }
  send() {
    setTimeout(() => this.upload.onprogress?.({ lengthComputable: true, loaded: 50, total: 200 }));
    setTimeout(() => {
      if (this.aborted) return;
      this.upload.onprogress?.({ lengthComputable: true, loaded: 200, total: 200 });
      Object.assign(this, { status: 201, responseText: JSON.stringify(attachment) });
      this.onload?.();
    }, 5);
  }
  abort() {
    this.aborted = true;
    this.onabort?.();
  }
}

describe("uploadFile over XMLHttpRequest", () => {
  it("reports the upload's progress", async () => {
    vi.stubGlobal("XMLHttpRequest", FakeXhr);
    const progress: number[][] = [];
    const result = await uploadFile(config(), new Blob(["x"]), {
      onProgress: (sent, total) => progress.push([sent, total]),
    });
    expect(result).toEqual(attachment);
    expect(FakeXhr.last!.headers).toEqual({ Authorization: "Bearer tok" });
    expect(progress).toEqual([
      [50, 200],
      [200, 200],
      [200, 200],
    ]);
  });

  it("aborts with an AbortError", async () => {
    vi.stubGlobal("XMLHttpRequest", FakeXhr);
    const controller = new AbortController();
    const upload = uploadFile(config(), new Blob(["x"]), { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 1));
    controller.abort();
    await expect(upload).rejects.toMatchObject({ name: "AbortError" });
  });
});

describe("fetchFile", () => {
  it("downloads with the bearer token", async () => {
    answer = { status: 200, body: "PNGDATA", headers: { "Content-Type": "image/png" } };
    const blob = await fetchFile(config(), "/api/chat/files/abc");
    expect(await blob.text()).toBe("PNGDATA");
    expect(blob.type).toBe("image/png");
    expect(seen[0]).toMatchObject({
      method: "GET",
      url: "/api/chat/files/abc",
      auth: "Bearer tok",
    });
  });

  it("rejects with the server's code, and never sends the token to another host", async () => {
    answer = { status: 403, body: JSON.stringify({ error: { code: "FORBIDDEN", message: "no" } }) };
    await expect(fetchFile(config(), "/api/chat/files/abc")).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    seen = [];
    await expect(fetchFile(config(), "http://localhost:1/x")).rejects.toMatchObject({
      code: "VALIDATION",
    });
    expect(seen).toEqual([]);
  });
});

describe("fetchStats", () => {
  const stats = {
    connectedCustomers: 2,
    connectedAgents: 1,
    messagesLastMinute: 7,
    deliveryP95Ms: null,
    openRooms: 3,
    waitingRooms: 1,
    at: "2026-01-01T00:00:00.000Z",
  };

  it("gets /api/chat/stats with the bearer token", async () => {
    answer = { status: 200, body: JSON.stringify(stats) };
    await expect(fetchStats(config())).resolves.toEqual(stats);
    expect(seen[0]).toMatchObject({ method: "GET", url: "/api/chat/stats", auth: "Bearer tok" });
  });

  it("rejects with the server's code for a non-admin token", async () => {
    answer = { status: 403, body: JSON.stringify({ error: { code: "FORBIDDEN", message: "no" } }) };
    await expect(fetchStats(config())).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
