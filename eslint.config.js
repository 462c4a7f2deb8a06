import js from "@eslint/js";
import globals from "globals";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/dist/**",
      "data/**",
      "test-results/**",
      "bench/results/**",
      "apps/mobile/.expo/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Rules that need type information, over every TypeScript program of the repo: a
    // promise nobody awaits or handles (a lost error, a write the ACK did not wait for), or
    // a promise where a plain value is expected (an async listener whose rejection nothing
    // sees) have each hidden a bug here before.
    files: ["**/*.{ts,tsx,mts,mjs}"],
    // Small untyped build helpers (no JSDoc types): linted without type information.
    ignores: ["apps/web/scripts/**", "apps/mobile/jest.config.mjs"],
    languageOptions: {
      parserOptions: {
        project: [
          "packages/*/tsconfig.json",
          "apps/web/tsconfig.json",
          "apps/web/test/tsconfig.json",
          "apps/mobile/tsconfig.json",
          "apps/mobile/test/tsconfig.e2e.json",
          "bench/tsconfig.json",
          "examples/*/tsconfig.json",
          "examples/*/test/tsconfig.json",
          "deploy/tsconfig.json",
          "scripts/tsconfig.json",
        ],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/await-thenable": "error",
    },
  },
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": ["error", { allow: ["warn", "error"] }],
    },
  },
  {
    files: ["apps/**/*.{ts,tsx}", "packages/react*/**/*.{ts,tsx}", "examples/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ["scripts/**", "bench/**", "**/*.test.ts", "**/test/**", ".ci/**"],
    rules: { "no-console": "off" },
  },
);
