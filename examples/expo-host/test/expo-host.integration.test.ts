// examples/expo-host as a user has it (issue 12): copied out of the workspace, installed with
// the PACKED @switchboard/react-native and @switchboard/client (test/hostInstall.ts), then its
// own tools run there: its jest-expo test (the tabs; the chat connected only while the Support
// tab is focused, over @switchboard/client/testing's fake server; a message both ways) and
// TypeScript against the packages' published declarations. Also: the chat glue the README
// counts is what the code has, and at most 20 lines.
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostApp, type HostApp } from "./hostInstall.ts";

const run = promisify(execFile);
const EXAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

interface JestReport {
  success: boolean;
  numPassedTests: number;
  testResults: { message: string; assertionResults: { title: string; status: string }[] }[];
}

let app: HostApp;

beforeAll(async () => {
  const started = Date.now();
  app = await hostApp("jest");
  const install = app.installMs ? `installed in ${Math.round(app.installMs / 1000)} s` : "reused";
  console.log(`expo-host: ${install}, ready in ${Math.round((Date.now() - started) / 1000)} s`);
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
    const readme = await readFile(path.join(EXAMPLE, "README.md"), "utf8");
    const claim =
      /`src\/SupportScreen\.tsx` lines (\d+)–(\d+) and `App\.tsx` lines (\d+) and (\d+): (\d+) lines/.exec(
        readme,
      );
    expect(claim, "the README's count").not.toBeNull();
    const [from, to, importLine, tabLine, total] = claim!.slice(1).map(Number) as number[];
    const screen = (await readFile(path.join(EXAMPLE, "src/SupportScreen.tsx"), "utf8"))
      .trimEnd()
      .split("\n");
    // Outside the counted range: comments only; the range runs to the end of the file.
    expect(screen.slice(0, from! - 1).every((line) => line.startsWith("//"))).toBe(true);
    expect(to).toBe(screen.length);
    const host = (await readFile(path.join(EXAMPLE, "App.tsx"), "utf8")).split("\n");
    expect(host[importLine! - 1]).toBe('import { SupportScreen } from "./src/SupportScreen.tsx";');
    expect(host[tabLine! - 1]?.trim()).toBe(
      '<Tab.Screen name="Support" component={SupportScreen} />',
    );
    // Nothing else of App.tsx's code names the chat.
    const others = host.filter((line, i) => i + 1 !== importLine && i + 1 !== tabLine);
    expect(
      others.filter((l) => !l.startsWith("//") && /SupportScreen|switchboard/i.test(l)),
    ).toEqual([]);
    expect(to! - from! + 1 + 2).toBe(total);
    expect(total).toBeLessThanOrEqual(20);
  });
});
