// jest-expo runs the tests as React Native (iOS platform files, native modules mocked).
//
// React is pinned to 19.2.3 in this app (what React Native 0.86's renderer was built with)
// while the web app at the root uses a newer one; hoisted packages (react-native,
// react-test-renderer, ...) would otherwise import the root's copy: two Reacts, broken
// hooks. So every import of react goes to this app's own copy.
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const react = path.dirname(require.resolve("react/package.json"));

export default {
  preset: "jest-expo",
  rootDir: path.dirname(new URL(import.meta.url).pathname),
  testMatch: ["<rootDir>/test/**/*.test.ts?(x)"],
  // The e2e test runs under the root's vitest (real server, Chromium), not here.
  testPathIgnorePatterns: ["/node_modules/", "\\.e2e\\.test\\.ts$"],
  // React Native's environment's conditions, plus the workspace packages' TypeScript sources.
  testEnvironmentOptions: {
    customExportConditions: ["require", "react-native", "@switchboard/source"],
  },
  moduleNameMapper: {
    "^react$": react,
    "^react/(.*)$": `${react}/$1`,
  },
};
