import { stat } from "node:fs/promises";
import path from "node:path";
import express, { type Request, type RequestHandler, type Response } from "express";

/** Vite names every file under `assets/` by a hash of its content: it never changes. */
export const CACHE_HASHED = "public, max-age=31536000, immutable";
/**
 * Files with stable names that other sites embed, `widget.js` above all: a deploy reaches
 * visitors within five minutes, and after that a revalidation (ETag, 304) costs no body.
 */
export const CACHE_STABLE = "public, max-age=300";
/** HTML names the hashed assets of the current deploy, so it is revalidated every time. */
export const CACHE_HTML = "no-cache";

/** Encodings the build writes next to each file (apps/web/vite.config.ts), by preference. */
const ENCODINGS = [
  { name: "br", suffix: ".br" },
  { name: "gzip", suffix: ".gz" },
] as const;

type Encoding = (typeof ENCODINGS)[number];

function cacheControl(relative: string): string {
  if (relative.startsWith(`assets${path.sep}`)) return CACHE_HASHED;
  if (relative.endsWith(".html")) return CACHE_HTML;
  return CACHE_STABLE;
}

/** The request's file under `root` when it is a plain one, or null (left to serve-static). */
function fileOf(req: Request, root: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(req.path);
  } catch {
    return null;
  }
  if (decoded.includes("\0") || decoded.split("/").includes("..")) return null;
  return path.join(root, decoded.endsWith("/") ? `${decoded}index.html` : decoded);
}

const isFile = (file: string) =>
  stat(file).then(
    (s) => s.isFile(),
    () => false,
  );

/**
 * The q-value a request's `Accept-Encoding` gives each of our encodings (0: refused).
 * Express's `acceptsEncodings` breaks ties by the header's order, and browsers list gzip
 * before br, so it would never pick brotli; ties here go to the smaller encoding.
 */
export function acceptedEncodings(header: string | undefined): Map<string, number> {
  const q = new Map<string, number>();
  for (const part of (header ?? "").split(",")) {
    const [name = "", ...params] = part.split(";").map((s) => s.trim().toLowerCase());
    if (!name) continue;
    const qParam = params.find((p) => p.startsWith("q="));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  const star = q.get("*") ?? 0;
  return new Map(ENCODINGS.map((e) => [e.name, q.get(e.name) ?? star]));
}

/** The best variant the browser accepts that the build wrote, if any. */
async function pickEncoding(req: Request, file: string): Promise<Encoding | null> {
  const q = acceptedEncodings(req.headers["accept-encoding"]);
  // Stable sort: equal q-values keep ENCODINGS' order (brotli first).
  const ranked = ENCODINGS.filter((e) => (q.get(e.name) ?? 0) > 0).sort(
    (a, b) => (q.get(b.name) ?? 0) - (q.get(a.name) ?? 0),
  );
  for (const encoding of ranked) {
    if (await isFile(file + encoding.suffix)) return encoding;
  }
  return null;
}

/**
 * Serves the built web app (`apps/web/dist`): each file compressed as the build already
 * compressed it (brotli or gzip, by the request's `Accept-Encoding`; nothing is compressed
 * per request), with `Vary: Accept-Encoding`, the original file's `Content-Type`, ETag and
 * Last-Modified, and a cache policy by kind: hashed assets for a year (`immutable`), HTML
 * revalidated every time, every other file (`widget.js`) for five minutes.
 */
export function serveWebApp(root: string): RequestHandler {
  const absRoot = path.resolve(root);
  const encodingOf = new WeakMap<Response, Encoding>();
  const files = express.static(absRoot, {
    index: "index.html",
    // Only reached when the file is really sent (not on a 404 that falls through).
    setHeaders(res, file) {
      const encoding = encodingOf.get(res);
      const original = encoding ? file.slice(0, -encoding.suffix.length) : file;
      res.setHeader("Cache-Control", cacheControl(path.relative(absRoot, original)));
      // Any file may have variants, and shared caches must not hand brotli to a browser
      // that asked for none.
      res.vary("Accept-Encoding");
      if (encoding) {
        res.setHeader("Content-Encoding", encoding.name);
        res.type(path.extname(original));
      }
    },
  });
  return (req, res, next) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    const file = fileOf(req, absRoot);
    if (!file) return files(req, res, next);
    pickEncoding(req, file).then(
      (encoding) => {
        if (encoding) {
          encodingOf.set(res, encoding);
          const [pathname = "", query] = req.url.split(/\?(.*)/s);
          const target = pathname.endsWith("/") ? `${pathname}index.html` : pathname;
          req.url = target + encoding.suffix + (query === undefined ? "" : `?${query}`);
        }
        files(req, res, next);
      },
      (err: unknown) => next(err),
    );
  };
}
