// The loader as a host page includes it: one self-contained classic script (IIFE), no
// imports, `dist/widget.js`. apps/web builds the same entry for the chat server
// (apps/web/vite.config.ts); this build is what the npm package ships for a host's own CDN.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

export default defineConfig({
  build: {
    outDir: fileURLToPath(new URL("dist", import.meta.url)),
    emptyOutDir: false,
    copyPublicDir: false,
    target: "es2019",
    sourcemap: true,
    lib: {
      entry: fileURLToPath(new URL("src/loader.ts", import.meta.url)),
      formats: ["iife"],
      name: "SwitchboardLoader",
    },
    rolldownOptions: { output: { entryFileNames: "widget.js" } },
  },
});
