import { defaultClientConditions, defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

// Workspace packages resolve to their TypeScript sources (the first condition of their
// exports), so tests never need a build; the packed packages are tested on their own
// (scripts/packages.integration.test.ts).
const SOURCE_CONDITION = "@switchboard/source";

// Three projects, run in this order by `npm test`:
// - unit: pure logic, fakes allowed, fast.
// - integration: real database (FerretDB or MongoDB), real sockets, real Redis.
// - e2e: the built web app in Debian's Chromium through playwright-core.
export default defineConfig({
  resolve: { conditions: [SOURCE_CONDITION, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [SOURCE_CONDITION, ...defaultServerConditions] } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: [
            "packages/*/src/**/*.test.{ts,tsx}",
            "packages/*/test/**/*.test.ts",
            "apps/*/src/**/*.test.{ts,tsx}",
          ],
          exclude: ["**/*.integration.test.ts", "**/*.e2e.test.ts", "**/node_modules/**"],
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["**/*.integration.test.ts"],
          exclude: ["**/node_modules/**"],
          globalSetup: ["./scripts/test-database.ts"],
          testTimeout: 30_000,
          hookTimeout: 120_000,
          fileParallelism: true,
          maxWorkers: 2,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["**/*.e2e.test.ts"],
          exclude: ["**/node_modules/**"],
          globalSetup: ["./scripts/test-database.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // A browser on a busy CI machine: 1 s (vitest's default) failed a healthy test.
          // A test that must tell a slow answer from a wrong one gives its own timeout.
          expect: { poll: { timeout: 5_000 } },
          fileParallelism: false,
        },
      },
    ],
  },
});
