import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import react from "@vitejs/plugin-react";
import { build, defaultClientConditions, defineConfig, type Plugin } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));
const at = (path: string) => fileURLToPath(new URL(path, import.meta.url));
// The loader's source is the @switchboard/widget package's (which ships the same build to npm).
const loaderEntry = at("../../packages/widget/src/loader.ts");

/**
 * The loader (`widget.js`) is a classic script that host sites include with `async`, so it
 * must be one self-contained IIFE with a stable name. A multi-page build can only emit ES
 * chunks that may share code, so the loader gets its own tiny library build, run after the
 * pages are written. In dev, `/widget.js` answers with a classic script that imports the
 * loader module, so the demo page works the same on `vite` and on the real server.
 */
function widgetLoader(): Plugin {
  let outDir = at("dist");
  let isBuild = false;
  return {
    name: "switchboard-widget-loader",
    configResolved(config) {
      outDir = config.build.outDir;
      isBuild = config.command === "build";
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (req.url?.split("?")[0] !== "/widget.js") return next();
        res.setHeader("Content-Type", "text/javascript; charset=utf-8");
        res.end(`import(${JSON.stringify(`/@fs${loaderEntry}`)});`);
      });
    },
    async closeBundle() {
      if (!isBuild) return;
      await build({
        configFile: false,
        root,
        logLevel: "warn",
        build: {
          outDir,
          emptyOutDir: false,
          copyPublicDir: false,
          target: "es2019",
          lib: { entry: loaderEntry, formats: ["iife"], name: "SwitchboardLoader" },
          rolldownOptions: { output: { entryFileNames: "widget.js" } },
        },
      });
      // Last, so that the loader written just above is compressed too.
      await precompress(outDir);
    },
  };
}

/** What the server may send compressed; images and fonts are compressed already. */
const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|txt|map)$/;
const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * Writes `<file>.br` and `<file>.gz` next to every compressible file of the build, at the
 * strongest settings (paid once here, never per request), so that the server only picks
 * the variant the browser accepts (packages/server/src/transport/webApp.ts). A variant that
 * would not be smaller is not written, and the server then sends the file as it is.
 */
async function precompress(dir: string): Promise<void> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile() && COMPRESSIBLE.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
  await Promise.all(
    files.map(async (file) => {
      const raw = await readFile(file);
      const [br, gz] = await Promise.all([
        brotli(raw, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
          },
        }),
        gzipAsync(raw, { level: constants.Z_BEST_COMPRESSION }),
      ]);
      if (br.length < raw.length) await writeFile(`${file}.br`, br);
      if (gz.length < raw.length) await writeFile(`${file}.gz`, gz);
    }),
  );
}

/** Where `vite` (dev) forwards the socket and the REST API; the real server serves dist itself. */
const chatServer = process.env.SWITCHBOARD_SERVER ?? "http://localhost:3000";

export default defineConfig({
  root,
  plugins: [react(), widgetLoader()],
  // The workspace packages' TypeScript sources (their exports' `@switchboard/source`), no build.
  resolve: { conditions: ["@switchboard/source", ...defaultClientConditions] },
  server: {
    proxy: {
      "/socket.io": { target: chatServer, ws: true, changeOrigin: true },
      "/api": { target: chatServer, changeOrigin: true },
    },
  },
  build: {
    outDir: at("dist"),
    emptyOutDir: true,
    target: "es2022",
    // Every browser the widget supports has <link rel=modulepreload>; skip the polyfill.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      input: {
        index: at("index.html"),
        widget: at("widget.html"),
        agent: at("agent.html"),
        demo: at("demo/index.html"),
      },
      // Named, stable groups: the framework and the SDK change less often than the app, so
      // they stay cached across deploys; and scripts/size.mjs can report them separately.
      output: {
        codeSplitting: {
          groups: [
            {
              name: "react",
              test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/,
              priority: 3,
            },
            {
              name: "sdk",
              test: /node_modules[\\/]|packages[\\/](client|protocol)[\\/]/,
              priority: 2,
            },
            {
              name: "chat",
              test: /packages[\\/]react[\\/]|apps[\\/]web[\\/]src[\\/]lib[\\/]/,
              priority: 1,
            },
          ],
        },
      },
    },
  },
});
