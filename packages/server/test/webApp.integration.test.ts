// The standalone server serving a built web app: the variant the build compressed (brotli or
// gzip) by the request's Accept-Encoding, the original Content-Type, Vary, and a cache policy
// by kind of file. The web app here is a small fixture laid out like apps/web/dist, with the
// .br and .gz files the build writes (apps/web/vite.config.ts).
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { request, type IncomingHttpHeaders } from "node:http";
import os from "node:os";
import path from "node:path";
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startTestServer, type TestServer } from "../src/testing.ts";

const LOADER = `(function(){${"/* the launcher */ ".repeat(200)}})();`;
const CHUNK = `export const react = ${JSON.stringify("x".repeat(5000))};`;
const HTML = `<!doctype html><title>shop</title>${"<p>product</p>".repeat(100)}`;
const IMAGE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4]);

let server: TestServer;
let dist: string;

async function withVariants(file: string, body: string): Promise<void> {
  await writeFile(file, body);
  await writeFile(`${file}.br`, brotliCompressSync(body));
  await writeFile(`${file}.gz`, gzipSync(body));
}

beforeAll(async () => {
  dist = await mkdtemp(path.join(os.tmpdir(), "switchboard-web-"));
  await mkdir(path.join(dist, "assets"));
  await mkdir(path.join(dist, "demo"));
  await withVariants(path.join(dist, "widget.js"), LOADER);
  await withVariants(path.join(dist, "assets", "react-C1iE8mnY.js"), CHUNK);
  await withVariants(path.join(dist, "demo", "index.html"), HTML);
  await writeFile(path.join(dist, "assets", "logo-Xy12.png"), IMAGE);
  server = await startTestServer({ mongoUri: inject("mongoUri"), webDist: dist });
});

afterAll(async () => {
  await server?.close();
  await rm(dist, { recursive: true, force: true });
});

interface Raw {
  status: number;
  headers: IncomingHttpHeaders;
  /** The bytes as they came over the wire (not decoded). */
  body: Buffer;
}

function get(urlPath: string, headers: Record<string, string> = {}, method = "GET"): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(server.url + urlPath, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

const decode = (r: Raw) =>
  r.headers["content-encoding"] === "br"
    ? brotliDecompressSync(r.body).toString()
    : r.headers["content-encoding"] === "gzip"
      ? gunzipSync(r.body).toString()
      : r.body.toString();

const JS = "text/javascript; charset=utf-8";
const FILES = [
  ["widget.js", "/widget.js", LOADER, JS, "public, max-age=300"],
  ["a hashed asset", "/assets/react-C1iE8mnY.js", CHUNK, JS, "public, max-age=31536000, immutable"],
  ["an HTML page", "/demo/", HTML, "text/html; charset=utf-8", "no-cache"],
] as const;

describe.each(FILES)("%s", (_name, urlPath, body, type, cache) => {
  it.each([
    ["br", "gzip, deflate, br, zstd"],
    ["br", "br"],
    ["gzip", "gzip"],
    ["gzip", "gzip;q=1, br;q=0.5"],
    ["gzip", "br;q=0, gzip"],
    [undefined, ""],
    [undefined, "identity"],
    [undefined, "deflate"],
  ])("is sent as %s for Accept-Encoding %j", async (encoding, accept) => {
    const res = await get(urlPath, { "accept-encoding": accept });
    expect(res.status).toBe(200);
    expect(res.headers["content-encoding"]).toBe(encoding);
    expect(res.headers["content-type"]).toBe(type);
    expect(res.headers["cache-control"]).toBe(cache);
    expect(res.headers["vary"]).toBe("Accept-Encoding");
    expect(Number(res.headers["content-length"])).toBe(res.body.length);
    expect(decode(res)).toBe(body);
    if (encoding) expect(res.body.length).toBeLessThan(Buffer.byteLength(body));
  });

  it("is sent as it is when the request has no Accept-Encoding", async () => {
    const res = await get(urlPath);
    expect(res.headers["content-encoding"]).toBeUndefined();
    expect(res.body.toString()).toBe(body);
  });
});

describe("revalidation and the rest", () => {
  it("widget.js revalidates with its ETag: 304 without a body, per encoding", async () => {
    const br = await get("/widget.js", { "accept-encoding": "br" });
    const gzip = await get("/widget.js", { "accept-encoding": "gzip" });
    expect(br.headers.etag).toBeTruthy();
    expect(br.headers.etag).not.toBe(gzip.headers.etag);
    const again = await get("/widget.js", {
      "accept-encoding": "br",
      "if-none-match": br.headers.etag!,
    });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it("answers HEAD with the chosen variant's headers", async () => {
    const res = await get("/widget.js", { "accept-encoding": "br" }, "HEAD");
    expect(res.status).toBe(200);
    expect(res.headers["content-encoding"]).toBe("br");
    expect(res.headers["content-type"]).toBe(JS);
  });

  it("sends a file the build did not compress as it is, hashed and cached for a year", async () => {
    const res = await get("/assets/logo-Xy12.png", { "accept-encoding": "br, gzip" });
    expect(res.headers["content-encoding"]).toBeUndefined();
    expect(res.headers["content-type"]).toBe("image/png");
    expect(res.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(res.body).toEqual(IMAGE);
  });

  it("leaves a missing file to the 404 without any of these headers", async () => {
    const res = await get("/assets/nope-123.js", { "accept-encoding": "br" });
    expect(res.status).toBe(404);
    expect(res.headers["content-encoding"]).toBeUndefined();
    expect(res.headers["cache-control"]).toBeUndefined();
  });

  it("never serves a file outside the web app", async () => {
    const res = await get("/..%2f..%2fetc%2fpasswd", { "accept-encoding": "br" });
    expect([400, 403, 404]).toContain(res.status);
    expect(res.body.toString()).not.toContain("root:");
  });
});
