// The documented production path: deploy/docker-compose.yml must be a valid Compose file
// (`docker-compose config`: no Docker engine needed) and deploy/Dockerfile must install
// every workspace of the repository.
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { deployDir, repoRoot } from "./support.ts";

const composeFile = path.join(deployDir, "docker-compose.yml");

/** `docker-compose config` with the given environment added (JWT_SECRET unset unless given). */
function composeConfig(env: Record<string, string>, ...args: string[]) {
  const { JWT_SECRET: _ignored, ...rest } = process.env;
  const r = spawnSync("docker-compose", ["-f", composeFile, ...args, "config"], {
    cwd: repoRoot,
    env: { ...rest, ...env },
    encoding: "utf8",
  });
  if (r.error) throw r.error;
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("deploy/docker-compose.yml", () => {
  it("is valid (docker-compose config)", () => {
    const version = spawnSync("docker-compose", ["version"], { encoding: "utf8" });
    const r = composeConfig({ JWT_SECRET: "test-secret" });
    expect(r.code, `${version.stdout}\n${r.err}`).toBe(0);
    for (const service of ["mongo:", "redis:", "switchboard-1:", "switchboard-2:", "nginx:"])
      expect(r.out).toContain(`  ${service}`);
    expect(r.out).toContain("image: mongo:7");
    expect(r.out).toContain("image: redis:7");
    // Both nodes: one database, one Redis, the secret from the environment.
    expect(r.out.match(/MONGODB_URI: mongodb:\/\/mongo:27017\/switchboard/g)).toHaveLength(2);
    expect(r.out.match(/REDIS_URL: redis:\/\/redis:6379/g)).toHaveLength(2);
    expect(r.out.match(/JWT_SECRET: test-secret/g)).toHaveLength(2);
  });

  it("is valid with the monitoring profile", () => {
    const r = composeConfig({ JWT_SECRET: "test-secret" }, "--profile", "monitoring");
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("prometheus");
    expect(r.out).toContain("grafana");
  });

  it("refuses to start without JWT_SECRET", () => {
    const r = composeConfig({});
    expect(r.code).not.toBe(0);
    expect(r.err).toContain("JWT_SECRET");
  });

  it("mounts files that exist", async () => {
    const text = await readFile(composeFile, "utf8");
    const mounts = [...text.matchAll(/^\s*- (\.\/[^:]+):/gm)].map((m) => m[1]!);
    expect(mounts.length).toBeGreaterThan(0);
    for (const m of mounts) expect(existsSync(path.join(deployDir, m)), m).toBe(true);
  });
});

describe("deploy/Dockerfile", () => {
  it("installs what the server needs and copies the build of its workspace dependencies", async () => {
    const dockerfile = await readFile(path.join(deployDir, "Dockerfile"), "utf8");
    // npm ci needs every workspace's package.json: found at build time, never listed.
    expect(dockerfile).toContain('find . -name package.json -not -path "*/node_modules/*"');
    const names = new Map<string, string>(); // workspace name -> directory
    const root = JSON.parse(await readFile(path.join(repoRoot, "package.json"), "utf8"));
    for (const pattern of root.workspaces as string[]) {
      const dirs = pattern.endsWith("/*")
        ? (await readdir(path.join(repoRoot, pattern.slice(0, -2)), { withFileTypes: true }))
            .filter((e) => e.isDirectory())
            .map((e) => `${pattern.slice(0, -2)}/${e.name}`)
        : [pattern];
      for (const dir of dirs) {
        const file = path.join(repoRoot, dir, "package.json");
        if (existsSync(file)) names.set(JSON.parse(await readFile(file, "utf8")).name, dir);
      }
    }
    expect(names.get("@switchboard/server")).toBe("packages/server");
    expect(names.get("@switchboard/web")).toBe("apps/web");
    expect(dockerfile).toContain("npm ci --workspace=@switchboard/web ");
    expect(dockerfile).toContain("npm ci --omit=dev --workspace=@switchboard/server ");
    expect(dockerfile).toContain("npm run build:packages -- @switchboard/server");
    expect(dockerfile).toContain(
      "COPY --from=build /app/packages/server/dist packages/server/dist",
    );
    expect(dockerfile).toContain("COPY --from=build /app/apps/web/dist apps/web/dist");
    // The runtime image has only the server's build: each workspace it depends on too.
    const server = JSON.parse(
      await readFile(path.join(repoRoot, "packages/server/package.json"), "utf8"),
    );
    for (const dep of Object.keys(server.dependencies ?? {})) {
      const dir = names.get(dep);
      if (dir) expect(dockerfile, dep).toContain(`COPY --from=build /app/${dir}/dist ${dir}/dist`);
    }
  });

  it("runs the server as production does, unprivileged, with a health check", async () => {
    const dockerfile = await readFile(path.join(deployDir, "Dockerfile"), "utf8");
    expect(dockerfile).toMatch(/^FROM node:20-slim/m);
    expect(dockerfile).toContain("RUN npm ci");
    expect(dockerfile).toContain("RUN npm run build");
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n.*\/healthz/m);
    expect(dockerfile).toContain('CMD ["node", "packages/server/dist/main.js"]');
  });
});
