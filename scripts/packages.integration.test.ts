// The packages as a user gets them (issue 12): @switchboard/protocol, server, client and widget are
// built, packed and installed from their tarballs into an empty folder outside the workspace,
// then used under plain `node` (no tsx, no source condition): a package that only works
// inside the monorepo fails here. publint and attw lint the same tarballs.
import { execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { checkTarballs } from "./check-packages.mjs";
import { installPacked, packedTarballs } from "./packed.ts";

const run = promisify(execFile);
/** Decision 3 of issue 12: each package's entries, all of them. */
const ENTRIES: Record<string, string[]> = {
  "@switchboard/protocol": ["."],
  "@switchboard/server": [".", "./testing"],
  "@switchboard/client": [".", "./testing", "./redux", "./i18n"],
  "@switchboard/widget": ["."],
};
const PACKAGES = Object.keys(ENTRIES);

let consumer = "";
let tarballs: Record<string, string> = {};

/** Plain node's environment: nothing of vitest's, no NODE_OPTIONS, node first on PATH. */
function plainEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const PATH = [path.dirname(process.execPath), process.env.PATH].join(path.delimiter);
  return { PATH, HOME: os.homedir(), ...extra };
}

/** A fresh database name on the test run's database, for one consumer script. */
function mongoUri(): string {
  return `${inject("mongoUri")}sb_pkg_${randomBytes(6).toString("hex")}`;
}

/**
 * Runs an ES module in the consumer folder under plain `node`; what it reported with
 * `report(value)` (a line of its stdout, which may carry logs too).
 */
async function inConsumer<T>(code: string, env: Record<string, string> = {}): Promise<T> {
  const file = path.join(consumer, `check-${randomBytes(4).toString("hex")}.mjs`);
  const report = 'const report = (v) => console.log("RESULT " + JSON.stringify(v));\n';
  await writeFile(file, report + code);
  const { stdout } = await run(process.execPath, [file], {
    cwd: consumer,
    env: plainEnv(env),
    timeout: 25_000,
  });
  const line = stdout.split("\n").find((l) => l.startsWith("RESULT "));
  if (!line) throw new Error(`no result; it printed:\n${stdout}`);
  return JSON.parse(line.slice("RESULT ".length)) as T;
}

beforeAll(async () => {
  tarballs = await packedTarballs();
  consumer = await mkdtemp(path.join(os.tmpdir(), "switchboard-consumer-"));
  // A user of an entry with an optional peer (`./redux`: @reduxjs/toolkit) installs the peer.
  const peers: Record<string, string> = {};
  for (const name of PACKAGES) {
    const manifest = JSON.parse(
      await readFile(
        fileURLToPath(new URL(`../node_modules/${name}/package.json`, import.meta.url)),
        "utf8",
      ),
    ) as { peerDependencies?: Record<string, string> };
    for (const [peer, range] of Object.entries(manifest.peerDependencies ?? {}))
      if (!tarballs[peer]) peers[peer] = range;
  }
  const manifest = { name: "consumer", private: true, type: "module", dependencies: peers };
  await writeFile(path.join(consumer, "package.json"), JSON.stringify(manifest));
  await installPacked(consumer, PACKAGES);
}, 180_000);

afterAll(async () => {
  if (consumer) await rm(consumer, { recursive: true, force: true });
});

describe("the packed packages, installed outside the workspace", () => {
  it("import every entry under plain node, from dist", async () => {
    const imported = await inConsumer<Record<string, { file: string; names: string[] }>>(`
      import { readFileSync } from "node:fs";
      const out = {};
      for (const name of ${JSON.stringify(PACKAGES)}) {
        const manifest = JSON.parse(readFileSync("node_modules/" + name + "/package.json", "utf8"));
        for (const entry of Object.keys(manifest.exports)) {
          // Files rather than modules: the manifest itself, the widget's classic script.
          if (entry === "./package.json" || entry === "./widget.js") continue;
          const specifier = name + entry.slice(1);
          const names = Object.keys(await import(specifier));
          out[specifier] = { file: import.meta.resolve(specifier), names };
        }
      }
      report(out);
    `);
    const expected = PACKAGES.flatMap((name) => ENTRIES[name]!.map((e) => name + e.slice(1)));
    expect(Object.keys(imported).sort()).toEqual(expected.sort());
    for (const [specifier, { file, names }] of Object.entries(imported)) {
      const name = PACKAGES.find((p) => specifier.startsWith(p))!;
      expect(file, specifier).toContain(`/node_modules/${name}/dist/`);
      expect(file, specifier).toMatch(/\.js$/);
      expect(names.length, specifier).toBeGreaterThan(0);
    }
  });

  it("protocol: the schemas validate and normalise", async () => {
    const result = await inConsumer<{ content: string; bad: string[]; join: string }>(`
      import { ClientEvent, sendMessageSchema } from "@switchboard/protocol";
      const roomId = "65F0C0FFEE0000000000BEEF";
      const ok = sendMessageSchema.parse({ roomId, clientMessageId: "c1", content: "  cafe\\u0301 " });
      const bad = sendMessageSchema.safeParse({ roomId: "nope", clientMessageId: "", content: "" });
      report({
        content: ok.content + "|" + ok.roomId,
        bad: bad.error.issues.map((i) => i.path.join(".")).sort(),
        join: ClientEvent.JOIN_CHAT,
      });
    `);
    expect(result.content).toBe("café|65f0c0ffee0000000000beef");
    expect(result.bad).toEqual(expect.arrayContaining(["clientMessageId", "roomId"]));
    expect(result.join).toBe("join-chat");
  });

  it("server + client: a host mounts createChatServer; a socket and the SDK connect to it", async () => {
    const result = await inConsumer<Record<string, unknown>>(
      `
      import { createServer } from "node:http";
      import express from "express";
      import { io } from "socket.io-client";
      import { ClientEvent } from "@switchboard/protocol";
      import { createChatServer, signToken } from "@switchboard/server";
      import { createChatClient } from "@switchboard/client";

      const secret = "packages-test-" + process.pid;
      const app = express();
      const httpServer = createServer(app);
      const chat = await createChatServer({
        httpServer, app, jwtSecret: secret,
        mongoose: { uri: process.env.MONGODB_URI },
        uploads: { dir: process.env.UPLOAD_DIR },
      });
      await new Promise((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
      const url = "http://127.0.0.1:" + httpServer.address().port;
      const health = (await fetch(url + "/healthz")).status;
      const token = await signToken(secret, { sub: "pkg-customer", role: "customer" }, "5m");

      const socket = io(url + "/chat", { auth: { token }, transports: ["websocket"] });
      await new Promise((resolve, reject) => {
        socket.once("connect", resolve);
        socket.once("connect_error", reject);
      });
      const joined = await socket.timeout(10_000).emitWithAck(ClientEvent.JOIN_CHAT, {});
      const sent = await socket.timeout(10_000).emitWithAck(ClientEvent.SEND_MESSAGE, {
        roomId: joined.data.room.id, clientMessageId: "pkg-1", content: "hello from a tarball",
      });
      socket.close();

      const client = createChatClient({ url, getToken: () => token });
      const online = new Promise((resolve) => {
        const stop = client.store.subscribe((state) => {
          if (state.connectionStatus === "online") stop(), resolve(state.connectionStatus);
        });
      });
      client.connect();
      const status = await online;
      client.disconnect();
      await chat.close();
      report({
        health, joined: joined.ok, customer: joined.data.room.customerId,
        sent: sent.ok && sent.data.message.content, status,
      });
      process.exit(0);
    `,
      { MONGODB_URI: mongoUri(), UPLOAD_DIR: path.join(consumer, "uploads") },
    );
    expect(result).toEqual({
      health: 200,
      joined: true,
      customer: "pkg-customer",
      sent: "hello from a tarball",
      status: "online",
    });
  });

  it("server: the switchboard-server command runs the standalone server from dist", async () => {
    const bin = path.join(consumer, "node_modules/.bin/switchboard-server");
    const child = spawn(bin, [], {
      cwd: consumer,
      env: plainEnv({
        PORT: "0",
        MONGODB_URI: mongoUri(),
        JWT_SECRET: "packages-test-bin-secret",
        WEB_DIST: path.join(consumer, "no-web-app"),
        UPLOAD_DIR: path.join(consumer, "uploads"),
        LOG_LEVEL: "info",
      }),
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      let port = 0;
      for await (const line of createInterface({ input: child.stdout })) {
        const m = /"port":(\d+).*"msg":"switchboard listening"/.exec(line);
        if (m) {
          port = Number(m[1]);
          break;
        }
      }
      expect(port).toBeGreaterThan(0);
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      expect((await exited)[0]).toBe(0);
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("widget: widget.js resolves to the built loader, one classic script a page can include", async () => {
    const result = await inConsumer<{ file: string; classic: boolean; bytes: number }>(`
      import { readFileSync } from "node:fs";
      import { fileURLToPath } from "node:url";
      import vm from "node:vm";
      import { HASH, isBridgeMessage } from "@switchboard/widget";
      const file = fileURLToPath(import.meta.resolve("@switchboard/widget/widget.js"));
      const code = readFileSync(file, "utf8");
      // A classic script: compiles as one (an import or export statement would not).
      new vm.Script(code, { filename: file });
      report({ file, classic: HASH.token === "token" && isBridgeMessage({ sb: 1 }), bytes: code.length });
    `);
    expect(result.file).toContain("/node_modules/@switchboard/widget/dist/widget.js");
    expect(result.classic).toBe(true);
    expect(result.bytes).toBeGreaterThan(1000);
  });

  it("ship dist, maps and their sources, and nothing from tests", async () => {
    for (const name of PACKAGES) {
      const { stdout } = await run("tar", ["-tzf", tarballs[name]!]);
      const files = stdout.split("\n").filter(Boolean);
      for (const file of ["dist/index.js", "dist/index.d.ts", "dist/index.js.map"])
        expect(files, name).toContain(`package/${file}`);
      expect(
        files.filter((f) => /\.test(-d)?\.|\/test\//.test(f)),
        name,
      ).toEqual([]);
      const fakes = files.filter((f) => /\/fake[^/]*$/i.test(f));
      expect(
        fakes.filter((f) => !/^package\/(src|dist)\/testing\//.test(f)),
        name,
      ).toEqual([]);
      // The maps point at shipped sources (src/ ships for them).
      const installed = path.join(consumer, "node_modules", name);
      const map = JSON.parse(await readFile(path.join(installed, "dist/index.js.map"), "utf8"));
      for (const source of map.sources as string[])
        expect(files, source).toContain(`package/${path.join("dist", source)}`);
    }
  });

  it("pass publint and Are the Types Wrong (ESM-only)", async () => {
    const ours = Object.fromEntries(PACKAGES.map((name) => [name, tarballs[name]!]));
    for (const result of await checkTarballs(ours)) expect(result.ok, result.output).toBe(true);
  });
});
