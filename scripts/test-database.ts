// vitest globalSetup for the integration and e2e projects: one database per test run, in a
// fresh temporary directory, on a free port (or MONGODB_URI when set). Each test file takes
// its own database: `inject("mongoUri") + "sb_" + randomName`.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { startDatabase } from "./db.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    /** Base URI ending in "/", without a database name. */
    mongoUri: string;
  }
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export default async function setup(project: TestProject) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "switchboard-test-db-"));
  // The FerretDB build is cached with the developer's own (`npm run db`), built once.
  const binDir = path.join(repoRoot, "data", "bin");
  const db = await startDatabase({ dataDir, binDir, port: 0 });
  project.provide("mongoUri", db.uri);
  return async () => {
    await db.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
