import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { exportPKCS8, generateKeyPair, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FcmSender } from "../src/push/fcmSender.ts";
import { countMessages, createHarness, openRoom, type Harness } from "./support.ts";

// A local stand-in for Google's OAuth and FCM endpoints that records what FCM would
// receive and answers like FCM: UNREGISTERED for a dead token, 500 while `failing`.
interface Sent {
  token: string;
  notification: { title: string; body: string };
  data: Record<string, string>;
}
const sent: Sent[] = [];
let failing = false;
let recorder: Server;
let h: Harness;

const body = async (req: IncomingMessage) => {
  let text = "";
  for await (const chunk of req) text += String(chunk);
  return text;
};

beforeAll(async () => {
  const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
  const answer = async (req: IncomingMessage, res: ServerResponse) => {
    const text = await body(req);
    if (req.url === "/token") {
      const assertion = new URLSearchParams(text).get("assertion") ?? "";
      await jwtVerify(assertion, publicKey, { issuer: "push@test.iam", audience: tokenUri() });
      return res.end(JSON.stringify({ access_token: "access-1", expires_in: 3600 }));
    }
    if (req.headers.authorization !== "Bearer access-1" || failing)
      return res.writeHead(500).end("{}");
    const { message } = JSON.parse(text) as { message: Sent };
    sent.push(message);
    if (message.token === "dead-token") {
      return res
        .writeHead(404)
        .end(JSON.stringify({ error: { details: [{ errorCode: "UNREGISTERED" }] } }));
    }
    res.end(JSON.stringify({ name: "projects/demo/messages/1" }));
  };
  // A bad OAuth assertion fails jwtVerify: answered 401, as Google's token endpoint would.
  recorder = createServer((req, res) => {
    answer(req, res).catch(() => res.writeHead(401).end("{}"));
  });
  await new Promise<void>((r) => recorder.listen(0, "127.0.0.1", r));
  const account = {
    project_id: "demo",
    client_email: "push@test.iam",
    private_key: await exportPKCS8(privateKey),
    token_uri: tokenUri(),
  };
  h = await createHarness({ push: new FcmSender(account, recorderUrl()) });
});
afterAll(async () => {
  await h.close();
  recorder.close();
});

const recorderUrl = () => `http://127.0.0.1:${(recorder.address() as AddressInfo).port}`;
const tokenUri = () => `${recorderUrl()}/token`;

async function register(sub: string, role: "customer" | "admin", token: string) {
  const res = await fetch(`${h.server.url}/api/chat/devices`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${await h.server.token(sub, role)}`,
      "content-type": "application/json",
    },
    body: JSON.stringify({ token, platform: "android" }),
  });
  expect(res.status).toBe(201);
}

async function until(check: () => Promise<boolean> | boolean, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("push to offline recipients", () => {
  it("pushes an agent's reply to the offline customer's devices and drops tokens FCM calls dead", async () => {
    await register("push-customer", "customer", "good-token");
    await register("push-customer", "customer", "dead-token");
    const roomId = await openRoom(h, await h.connect("push-customer"));
    for (const s of await h.server.chat.namespace.in("user:push-customer").fetchSockets())
      s.disconnect(true);
    const agent = await h.connect("push-agent", "admin");
    const ack = await h.call(agent, "send-message", {
      roomId,
      clientMessageId: "p1",
      content: "Your parcel has shipped",
    });
    expect(ack.ok).toBe(true);
    await until(() => sent.filter((m) => m.data.messageId === ack.data.message.id).length === 2);
    const good = sent.find((m) => m.token === "good-token")!;
    expect(good.notification).toEqual({
      title: "New reply from support",
      body: "Your parcel has shipped",
    });
    expect(good.data).toMatchObject({ roomId, messageId: ack.data.message.id, unread: "1" });
    await until(
      async () =>
        (await h.db.collection("chat_devices").countDocuments({ token: "dead-token" })) === 0,
    );
    expect(await h.db.collection("chat_devices").countDocuments({ token: "good-token" })).toBe(1);
  });

  it("does not push to a recipient with an open socket", async () => {
    await register("push-online", "customer", "online-token");
    const customer = await h.connect("push-online");
    const roomId = await openRoom(h, customer);
    const agent = await h.connect("push-agent-2", "admin");
    await h.call(agent, "send-message", { roomId, clientMessageId: "p2", content: "hello" });
    const metrics = async () => (await fetch(`${h.server.url}/metrics`)).text();
    await until(async () =>
      /switchboard_push_total\{result="skipped-online"\} [1-9]/.test(await metrics()),
    );
    expect(sent.some((m) => m.token === "online-token")).toBe(false);
  });

  it("never blocks or fails the message when FCM fails", async () => {
    await register("push-failing", "customer", "any-token");
    const roomId = await openRoom(h, await h.connect("push-failing"));
    for (const s of await h.server.chat.namespace.in("user:push-failing").fetchSockets())
      s.disconnect(true);
    failing = true;
    const agent = await h.connect("push-agent-3", "admin");
    const ack = await h.call(agent, "send-message", {
      roomId,
      clientMessageId: "p3",
      content: "still stored",
    });
    expect(ack.ok).toBe(true);
    expect(await countMessages(h, { clientMessageId: "p3" })).toBe(1);
    failing = false;
  });
});
