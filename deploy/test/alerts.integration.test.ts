// The monitoring files: deploy/prometheus/alerts.yml (checked and unit-tested with promtool),
// deploy/prometheus/prometheus.yml, and deploy/grafana/chat.json (valid JSON, and every
// query parses as PromQL). No database needed; it is in the integration project because it
// runs real tools (Debian's `prometheus` package provides promtool).
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployDir, run } from "./support.ts";

const promDir = path.join(deployDir, "prometheus");
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "switchboard-deploy-alerts-"));
});
afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** Runs promtool and fails with its output on a non-zero exit. */
function promtool(...args: string[]): string {
  const r = run("promtool", args, { cwd: promDir });
  const out = `promtool ${args.join(" ")} exited ${r.code}\n${r.stdout}\n${r.stderr}`;
  expect(r.code, out).toBe(0);
  return r.stdout + r.stderr;
}

/** The `alert:` names of alerts.yml. */
async function alertNames(): Promise<string[]> {
  const text = await readFile(path.join(promDir, "alerts.yml"), "utf8");
  return [...text.matchAll(/^\s*- alert: (\S+)\s*$/gm)].map((m) => m[1]!);
}

interface Target {
  expr: string;
}
interface Panel {
  type: string;
  title: string;
  targets?: Target[];
  panels?: Panel[];
}

async function dashboard(): Promise<{ title: string; uid: string; panels: Panel[] }> {
  return JSON.parse(await readFile(path.join(deployDir, "grafana", "chat.json"), "utf8"));
}

describe("alert rules", () => {
  it("pass promtool check rules", () => {
    expect(promtool("check", "rules", "alerts.yml")).toMatch(/SUCCESS: \d+ rules found/);
  });

  it("pass their unit tests (promtool test rules alerts.test.yml)", () => {
    expect(promtool("test", "rules", "alerts.test.yml")).toContain("SUCCESS");
  });

  it("cover what an operator must hear about, and each alert has a firing test case", async () => {
    const names = await alertNames();
    expect(names).toEqual(
      expect.arrayContaining([
        "SwitchboardNodeDown",
        "SwitchboardDatabaseDown",
        "SwitchboardRedisDown",
        "SwitchboardSocketErrorSpike",
        "SwitchboardSendAckSlow",
        "SwitchboardDeliverySlow",
        "SwitchboardRateLimitingSurge",
      ]),
    );
    // promtool passes a test that names a missing alert with `exp_alerts: []`; so each alert
    // must also appear with a non-empty exp_alerts (it really fires).
    const tests = await readFile(path.join(promDir, "alerts.test.yml"), "utf8");
    const firing = new Set(
      [...tests.matchAll(/alertname: (\S+)\n\s*exp_alerts:\n\s*- exp_labels:/g)].map((m) => m[1]),
    );
    for (const name of names)
      expect(firing, `${name} never fires in alerts.test.yml`).toContain(name);
  });

  it("are documented in docs/operations.md", async () => {
    const docs = await readFile(path.join(deployDir, "..", "docs", "operations.md"), "utf8");
    for (const name of await alertNames()) expect(docs, name).toContain(`\`${name}\``);
  });

  it("are loaded by a valid prometheus.yml", () => {
    expect(promtool("check", "config", "prometheus.yml")).toContain("SUCCESS");
  });
});

describe("Grafana dashboard deploy/grafana/chat.json", () => {
  it("is valid JSON with the panels operators look at", async () => {
    const d = await dashboard();
    expect(d.uid).toBe("switchboard-chat");
    const titles = d.panels.map((p) => p.title);
    for (const t of [
      "Connections by role",
      "Events/s by outcome",
      "send-message: send to ACK",
      "Delivery: stored to delivered",
      "Messages stored/s",
      "Rate-limited/s by kind",
      "Socket errors/s",
      "Memory",
      "Database up",
      "Redis up",
    ])
      expect(titles).toContain(t);
    const exprs = d.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr)).join("\n");
    for (const q of ["0.5", "0.95", "0.99"])
      expect(exprs).toContain(`histogram_quantile(${q}, sum by (le) (rate(switchboard_event`);
  });

  it("has only queries that parse as PromQL (checked by promtool as recording rules)", async () => {
    const d = await dashboard();
    const exprs = d.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
    expect(exprs.length).toBeGreaterThan(10);
    // Grafana's variables, as Grafana would fill them in.
    const concrete = exprs.map((e) =>
      e.replaceAll("$__rate_interval", "1m").replaceAll("$instance", ".*"),
    );
    const rules = [
      "groups:",
      "  - name: dashboard",
      "    rules:",
      ...concrete.flatMap((e, i) => [
        `      - record: dashboard:query_${i}`,
        `        expr: ${JSON.stringify(e)}`,
      ]),
      "",
    ].join("\n");
    const file = path.join(tmp, "dashboard-queries.yml");
    await writeFile(file, rules);
    const r = run("promtool", ["check", "rules", file]);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
  });
});
