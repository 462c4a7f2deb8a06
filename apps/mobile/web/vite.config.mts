import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defaultClientConditions, defineConfig } from "vite";

const here = path.dirname(fileURLToPath(import.meta.url));
const appRoot = path.resolve(here, "..");
const require = createRequire(path.join(appRoot, "package.json"));
const own = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

export default defineConfig({
  root: here,
  base: "./",
  plugins: [react()],
  // Expo ships TypeScript sources that import types without `import type`.
  oxc: { typescript: { onlyRemoveTypeImports: false } },
  define: {
    __DEV__: "false",
    "process.env.NODE_ENV": JSON.stringify("production"),
    "process.env.EXPO_OS": JSON.stringify("web"),
  },
  resolve: {
    // The workspace packages' TypeScript sources (their exports' `@switchboard/source`).
    conditions: ["@switchboard/source", ...defaultClientConditions],
    alias: [
      { find: /^react-native$/, replacement: "react-native-web" },
      { find: /^react(\/.*)?$/, replacement: `${own("react")}$1` },
      { find: /^react-dom(\/.*)?$/, replacement: `${own("react-dom")}$1` },
    ],
    extensions: [".web.tsx", ".web.ts", ".web.js", ".tsx", ".ts", ".mjs", ".js", ".json"],
  },
  build: {
    outDir: path.join(appRoot, "dist", "web"),
    emptyOutDir: true,
    target: "es2022",
    // expo-modules-core imports `declare class`es (types only, gone after transpiling) in
    // its global declarations; they are never read at run time.
    rolldownOptions: { shimMissingExports: true },
  },
});
