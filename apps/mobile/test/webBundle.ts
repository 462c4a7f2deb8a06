// Builds the chat screen's web bundle (react-native-web, see web/vite.config.mts) and makes
// the test files it needs: the bundle is what the end-to-end test serves to Chromium.
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { crc32, deflateSync } from "node:zlib";

const appRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Where the bundle goes (gitignored). */
export const MOBILE_WEB_DIST = path.join(appRoot, "dist", "web");

/**
 * `vite build` in a child process: vitest sets NODE_ENV=test, which would make this a
 * development build (JSX dev runtime against React's production build).
 */
export async function buildWebBundle(): Promise<string> {
  const viteRoot = path.dirname(
    createRequire(path.join(appRoot, "package.json")).resolve("vite/package.json"),
  );
  const vite = path.join(viteRoot, "bin", "vite.js");
  const config = path.join(appRoot, "web", "vite.config.mts");
  await promisify(execFile)(
    process.execPath,
    [vite, "build", "--config", config, "--logLevel", "warn"],
    {
      cwd: appRoot,
      env: { ...process.env, NODE_ENV: "production" },
    },
  );
  return MOBILE_WEB_DIST;
}

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + data.length);
  return out;
}

/** A real PNG (the server checks the bytes): a diagonal gradient, `w` × `h`. */
export function makePng(w: number, h: number, rgb: [number, number, number]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(w, 0);
  header.writeUInt32BE(h, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    const row = y * (w * 3 + 1);
    for (let x = 0; x < w; x++) {
      const shade = (x + y) / (w + h);
      rgb.forEach((c, i) => (rows[row + 1 + x * 3 + i] = Math.round(c * (0.5 + shade / 2))));
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
