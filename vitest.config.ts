import { defineConfig } from "vitest/config";

// Three projects, run in this order by `npm test`:
// - unit: pure logic, fakes allowed, fast.
// - integration: real database (FerretDB or MongoDB), real sockets, real Redis.
// - e2e: the built web app in Debian's Chromium through playwright-core.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: [
            "packages/*/src/**/*.test.ts",
            "packages/*/test/**/*.test.ts",
            "apps/*/src/**/*.test.{ts,tsx}",
          ],
          exclude: ["**/*.integration.test.ts", "**/*.e2e.test.ts", "**/node_modules/**"],
        },
      },
      {
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
        test: {
          name: "e2e",
          include: ["**/*.e2e.test.ts"],
          exclude: ["**/node_modules/**"],
          globalSetup: ["./scripts/test-database.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
