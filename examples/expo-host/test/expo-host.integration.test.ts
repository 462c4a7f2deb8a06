// examples/expo-host as a user has it (issue 12): copied out of the workspace, installed with
// the PACKED @switchboard/react-native and @switchboard/client (test/expoHost.ts), then its
// own tools run there: its jest-expo test (the tabs; the chat connected only while the Support
// tab is focused, over @switchboard/client/testing's fake server; a message both ways) and
// TypeScript against the packages' published declarations. Also: the chat glue the README
// counts is what the code has, and at most 20 lines.
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkGlue, installNote, type HostApp } from "../../../scripts/hostInstall.ts";
import { expoHost } from "./expoHost.ts";

const run = promisify(execFile);

interface JestReport {
  success: boolean;
  numPassedTests: number;
  testResults: { message: string; assertionResults: { title: string; status: string }[] }[];
}

let app: HostApp;

beforeAll(async () => {
  const started = Date.now();
  app = await expoHost("jest");
  console.log(
    `expo-host: ${installNote(app)}, ready in ${Math.round((Date.now() - started) / 1000)} s`,
  );
}, 600_000);

afterAll(() => app?.release());

describe("examples/expo-host from the packed packages", () => {
  it("its jest-expo test passes: tabs, chat connected only while Support is focused", async () => {
    const out = path.join(app.dir, "jest-report.json");
    const jest = app.resolve("jest/bin/jest.js");
    const started = Date.now();
    const failed = await run(
      process.execPath,
      [jest, "--ci", "--no-color", "--json", `--outputFile=${out}`],
      { cwd: app.dir, env: app.env, maxBuffer: 16 * 1024 * 1024 },
    ).then(
      () => null,
      (error: Error & { stderr?: string }) => `${error.message}\n${error.stderr ?? ""}`,
    );
    console.log(`expo-host: jest in ${Math.round((Date.now() - started) / 1000)} s`);
    const report = JSON.parse(await readFile(out, "utf8")) as JestReport;
    const results = report.testResults.flatMap((file) =>
      file.assertionResults.map((a) => `${a.status}: ${a.title}`),
    );
    expect(results, failed ?? "").toEqual([
      "passed: the Support tab's chat connects while focused, with the host's token, and chats",
      "passed: the host's image picker and push registration reach the chat",
    ]);
    expect(report.success, report.testResults.map((f) => f.message).join("\n")).toBe(true);
    expect(failed).toBeNull();
  }, 300_000);

  it("type-checks against the packed packages' declarations", async () => {
    const tsc = app.resolve("typescript/bin/tsc");
    const result = await run(process.execPath, [tsc, "-p", "tsconfig.json", "--pretty", "false"], {
      cwd: app.dir,
      env: app.env,
    }).then(
      () => "",
      (error: Error & { stdout?: string; stderr?: string }) =>
        `${error.message}\n${error.stdout ?? ""}${error.stderr ?? ""}`,
    );
    expect(result).toBe("");
  }, 120_000);

  it("its chat glue is what the README counts, at most 20 lines", async () => {
    const glue = await checkGlue({
      example: "examples/expo-host",
      dedicated: ["src/SupportScreen.tsx"],
      // The host's sign-in, configuration and device code are its own (README.md says why).
      sources: ["App.tsx", "index.ts", "src/screens.tsx"],
      chatCode: /SupportScreen|switchboard/i,
    });
    expect(glue.problems).toEqual([]);
    expect(glue.lines["App.tsx"]).toEqual([9, 21]);
    expect(glue.listed).toBe(glue.stated);
    expect(glue.stated).toBeLessThanOrEqual(20);
  });
});
