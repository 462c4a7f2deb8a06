// examples/express-host as a user runs it (issue 12): installed from the PACKED packages outside
// the workspace, started under plain `node` on the real database (test/expressHost.ts). A
// customer and an agent sign in with the host's own /api/login and chat through it with
// @switchboard/client over real sockets: the agent sees the customer's name from the host's
// User model, the reply comes back, a file goes through the host's multer upload service into
// UPLOAD_DIR, tokens the host did not sign are refused, and the chat logs into the host's pino
// stream. Then SIGTERM to its process group leaves nothing running. Also: the README's glue
// count is what the code has, and at most 20 lines.
import { existsSync } from "node:fs";
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { createChatClient, type ChatClient } from "@switchboard/client";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { checkGlue, type HostApp } from "../../../scripts/hostInstall.ts";
import {
  ADA,
  GRACE,
  groupAlive,
  login,
  startExpressHost,
  type ExpressHost,
} from "./expressHost.ts";

declare module "vitest" {
  export interface ProvidedContext {
    mongoUri: string;
  }
}

/** A 1x1 red PNG: the chat checks the type on the bytes. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC",
  "base64",
);
const T = { timeout: 10_000 };

let host: ExpressHost;
let app: HostApp;
const clients: ChatClient[] = [];

function client(token: string, onAuthError?: (code: string) => void): ChatClient {
  const c = createChatClient({ url: host.url, getToken: () => token, onAuthError });
  clients.push(c);
  return c;
}

/** A room's messages at a client, as [sender, text]; not activities ("Grace took the chat"). */
const contents = (c: ChatClient, roomId: string) =>
  (c.store.getState().messagesByRoom[roomId] ?? [])
    .filter((m) => m.kind !== "activity")
    .map((m) => [m.senderId, m.content]);

beforeAll(async () => {
  ({ host, app } = await startExpressHost({ mongoUri: inject("mongoUri"), purpose: "server" }));
}, 600_000);

afterAll(async () => {
  clients.forEach((c) => c.disconnect());
  if (host && groupAlive(host.pid)) await host.stop();
  app?.release();
});

describe("examples/express-host from the packed packages, under plain node", () => {
  it("a customer and an agent chat through it, with the names of its User model", async () => {
    const ada = await login(host.url, ADA);
    const grace = await login(host.url, GRACE);
    expect([ada.user.role, grace.user.role]).toEqual(["customer", "agent"]);

    const customer = client(ada.token);
    customer.connect();
    const room = await customer.join();
    expect(room.customerId).toBe(ada.user.id);
    customer.send(room.id, "Hi! Where is order 1042?");
    await expect
      .poll(() => contents(customer, room.id), T)
      .toEqual([[ada.user.id, "Hi! Where is order 1042?"]]);
    // Stored, not only queued: the inbox lists a room from its first stored message on.
    await expect
      .poll(() => customer.store.getState().messagesByRoom[room.id]?.[0]?.localStatus, T)
      .toBe("stored");

    const agent = client(grace.token);
    agent.connect();
    const { rooms } = await agent.listRooms({ status: "open" });
    expect(rooms.find((r) => r.id === room.id)?.customerName).toBe("Ada Lovelace");
    expect((await agent.customerInfo(ada.user.id)).profile).toEqual({
      name: "Ada Lovelace",
      email: "ada@example.com",
      role: "customer",
    });
    await agent.join(room.id);
    expect(contents(agent, room.id)).toEqual([[ada.user.id, "Hi! Where is order 1042?"]]);

    agent.send(room.id, "Hi Ada, it left the warehouse this morning.");
    await expect
      .poll(() => contents(customer, room.id), T)
      .toEqual([
        [ada.user.id, "Hi! Where is order 1042?"],
        [grace.user.id, "Hi Ada, it left the warehouse this morning."],
      ]);
  });

  it("stores chat uploads through the host's upload service, in UPLOAD_DIR", async () => {
    const ada = await login(host.url, ADA);
    const grace = await login(host.url, GRACE);
    const customer = client(ada.token);
    customer.connect();
    const room = await customer.join();
    const attachment = await customer.upload(new Blob([PNG], { type: "image/png" }), {
      name: "receipt.png",
    });
    const key = /\/files\/([0-9a-f]{24})/.exec(attachment.url)?.[1];
    expect(key, attachment.url).toBeDefined();
    expect(await readFile(path.join(host.uploadDir, key!))).toEqual(PNG);
    expect(host.logs.some((l) => l.msg === "file stored" && l.file === key)).toBe(true);

    // The agent downloads it: read back through the same service.
    customer.send(room.id, "My receipt", [attachment]);
    const agent = client(grace.token);
    agent.connect();
    await agent.join(room.id);
    await expect
      .poll(() => agent.store.getState().messagesByRoom[room.id]?.at(-1)?.attachments, T)
      .toEqual([attachment]);
    const blob = await agent.fetchFile(attachment.url);
    expect(Buffer.from(await blob.arrayBuffer())).toEqual(PNG);

    // The host's own route on the same service: a file of its own next to the chat's.
    const form = new FormData();
    form.append("file", new Blob([PNG], { type: "image/png" }), "avatar.png");
    const res = await fetch(`${host.url}/api/files`, {
      method: "POST",
      headers: { authorization: `Bearer ${ada.token}` },
      body: form,
    });
    expect(res.status).toBe(201);
    const { name } = (await res.json()) as { name: string };
    expect((await readdir(host.uploadDir)).sort()).toEqual([key, name].sort());
  });

  it("refuses a token it did not sign, on the socket and over HTTP", async () => {
    const errors: string[] = [];
    const stranger = client("not-a-token", (code) => errors.push(code));
    stranger.connect();
    await expect.poll(() => errors, T).toEqual(["UNAUTHORIZED"]);
    expect(stranger.store.getState().connectionStatus).not.toBe("online");

    const chat = await fetch(`${host.url}/api/chat/rooms`, {
      headers: { authorization: "Bearer not-a-token" },
    });
    expect(chat.status).toBe(401);
    const own = await fetch(`${host.url}/api/me`, { headers: { authorization: "Bearer x" } });
    expect(own.status).toBe(401);
    await expect(login(host.url, { ...ADA, password: "wrong" })).rejects.toThrow(/401/);
  });

  it("logs the chat into the host's own pino stream", () => {
    const chat = host.logs.filter((l) => l.component === "chat");
    expect(chat.length).toBeGreaterThan(0);
    expect(chat.every((l) => l.app === "northwind")).toBe(true);
  });

  it("stops on SIGTERM to its process group, leaving nothing running", async () => {
    clients.forEach((c) => c.disconnect());
    const ended = await host.stop();
    expect(ended).toEqual({ code: 0, signal: null });
    expect(groupAlive(host.pid)).toBe(false);
    expect(host.logs.some((l) => l.msg === "shutting down")).toBe(true);
    expect(existsSync(host.uploadDir)).toBe(false);
  });

  it("its chat glue is what the README counts, at most 20 lines", async () => {
    const glue = await checkGlue({
      example: "examples/express-host",
      dedicated: [],
      sources: ["src/server.js", "src/auth.js", "src/routes.js", "src/uploads.js"],
      chatCode: /chat|switchboard/i,
    });
    expect(glue.problems).toEqual([]);
    expect(glue.listed).toBe(glue.stated);
    expect(glue.stated).toBeLessThanOrEqual(20);
  });
});
