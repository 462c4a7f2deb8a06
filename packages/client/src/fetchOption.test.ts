// The host's own fetch (with its interceptor) carries every HTTP call of the client, against
// a real local HTTP server; without one, uploads keep XMLHttpRequest and its progress.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { FetchLike } from "./http.ts";
import { createFakeChatClient, FakeServer } from "./testing/index.ts";

const attachment = { url: "/api/chat/files/f1", name: "a.png", size: 3, mimeType: "image/png" };
const stats = {
  connectedCustomers: 1,
  connectedAgents: 1,
  messagesLastMinute: 0,
  deliveryP95Ms: null,
  openRooms: 1,
  waitingRooms: 0,
  at: "2026-01-01T00:00:00.000Z",
};
const customer = { id: "c1", name: null, firstContactAt: null, previousChats: 0, openRoomId: null };

let http: Server;
let base: string;
let seen: { method: string; url: string; interceptor: string | undefined; auth?: string }[] = [];

function answer(req: IncomingMessage): [number, string, string] {
  if (req.url === "/api/chat/upload") return [201, "application/json", JSON.stringify(attachment)];
  if (req.url === "/api/chat/files/f1") return [200, "image/png", "PNG"];
  if (req.url === "/api/chat/stats") return [200, "application/json", JSON.stringify(stats)];
  if (req.url === "/api/chat/customers/c1")
    return [200, "application/json", JSON.stringify(customer)];
  return [404, "application/json", JSON.stringify({ error: { code: "NOT_FOUND", message: "" } })];
}

beforeAll(async () => {
  http = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const { method = "", url = "", headers } = req;
      const interceptor = headers["x-host-interceptor"] as string | undefined;
      seen.push({ method, url, interceptor, auth: headers.authorization });
      const [status, type, body] = answer(req);
      res.writeHead(status, { "Content-Type": type }).end(body);
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

/** XMLHttpRequest that must not be used: the host's fetch carries uploads when given. */
class ForbiddenXhr {
  constructor() {
    throw new Error("XMLHttpRequest used despite a custom fetch");
  }
}

describe("the fetch option", () => {
  it("carries every HTTP call through the host's fetch and its interceptor", async () => {
    vi.stubGlobal("XMLHttpRequest", ForbiddenXhr);
    const calls: string[] = [];
    const hostFetch: FetchLike = (url, init) => {
      calls.push(`${init.method ?? "GET"} ${url.slice(base.length)}`);
      const headers = { ...init.headers, "X-Host-Interceptor": "on" };
      return fetch(url, { ...init, headers });
    };
    const server = new FakeServer();
    const { client, socket } = createFakeChatClient(server, {
      url: base,
      getToken: () => "tok",
      fetch: hostFetch,
    });
    client.connect();
    socket.goOnline();
    const room = await client.join();
    const progress: number[][] = [];
    const png = new Blob([new Uint8Array([1, 2, 3])], { type: "image/png" });

    await client.upload(png, { onProgress: (sent, total) => progress.push([sent, total]) });
    const { message } = await client.sendFiles(room.id, "two", [png]);
    expect(await (await client.fetchFile(attachment.url)).text()).toBe("PNG");
    expect(await client.stats()).toEqual(stats);
    expect(await client.customerInfo("c1")).toEqual(customer);

    const expected = [
      "POST /api/chat/upload",
      "POST /api/chat/upload",
      "GET /api/chat/files/f1",
      "GET /api/chat/stats",
      "GET /api/chat/customers/c1",
    ];
    expect(calls).toEqual(expected);
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual(expected);
    expect(seen.every((s) => s.interceptor === "on" && s.auth === "Bearer tok")).toBe(true);
    // Through fetch, progress comes once, at the end.
    expect(progress).toHaveLength(1);
    expect(message?.attachments).toEqual([attachment]);
  });

  it("without one, uploads go with XMLHttpRequest and report progress as they go", async () => {
    const made: string[] = [];
    class ProgressXhr {
      upload = { onprogress: null as ((e: object) => void) | null };
      onload: (() => void) | null = null;
      status = 0;
      responseText = "";
      open(method: string, url: string) {
        made.push(`${method} ${url}`);
      }
      setRequestHeader() {}
      getResponseHeader() {
        return null;
      }
      send() {
        setTimeout(() => {
          this.upload.onprogress?.({ lengthComputable: true, loaded: 50, total: 100 });
          Object.assign(this, { status: 201, responseText: JSON.stringify(attachment) });
          this.onload?.();
        });
      }
    }
    vi.stubGlobal("XMLHttpRequest", ProgressXhr);
    const { client } = createFakeChatClient(new FakeServer(), { url: base });
    const progress: number[][] = [];
    await client.upload(new Blob(["x"]), { onProgress: (s, t) => progress.push([s, t]) });
    expect(made).toEqual([`POST ${base}/api/chat/upload`]);
    expect(progress).toEqual([
      [50, 100],
      [100, 100],
    ]);
    expect(seen).toEqual([]); // nothing went through fetch
  });
});
