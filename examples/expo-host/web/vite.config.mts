// The web build with Vite and react-native-web, run from the app's folder:
// `npm run build:web` -> dist/web (web/main.tsx is the entry).
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  root: "web",
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
    alias: [{ find: /^react-native$/, replacement: "react-native-web" }],
    extensions: [".web.tsx", ".web.ts", ".web.js", ".tsx", ".ts", ".mjs", ".js", ".json"],
  },
  build: {
    outDir: "../dist/web",
    emptyOutDir: true,
    target: "es2022",
    // expo-modules-core imports `declare class`es (types only, gone after transpiling) in
    // its global declarations; they are never read at run time.
    rolldownOptions: { shimMissingExports: true },
  },
});
