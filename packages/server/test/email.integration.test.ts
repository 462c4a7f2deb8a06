import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { io } from "socket.io-client";
import { afterAll, describe, expect, inject, it } from "vitest";
import { signToken } from "../src/index.ts";
import { createHarness, type ClientSocket, type Harness } from "./support.ts";
import { freePort, startServerProcess } from "./serverProcess.ts";
import { startSmtpSink, type SmtpSink } from "./smtpSink.ts";

// Contract v2 email continuity against a real SMTP server process (smtpSinkProcess.ts): agents'
// messages a customer with an email has not received within EMAIL_DELAY_S are emailed, one
// email per burst, never a note, never twice, never one already read; retried when SMTP is
// down; and a SIGKILL between the agent's reply and the send still sends exactly one.
const NOTE = "NOTE-never-in-an-email";
const harnesses: Harness[] = [];
const sinks: SmtpSink[] = [];
afterAll(async () => {
  await Promise.all(harnesses.map((h) => h.close()));
  await Promise.all(sinks.map((s) => s.stop()));
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function emailHarness(smtpUrl: string, extra: { retrySeconds?: number } = {}) {
  const h = await createHarness({
    widget: { teamName: "Acme Support" },
    email: {
      smtpUrl,
      from: "Acme Support <support@acme.test>",
      delaySeconds: 1,
      linkUrl: "https://shop.acme.test/help",
      ...extra,
    },
  });
  harnesses.push(h);
  return h;
}

/** A customer who left an email and wrote once, then went away; the agent in the room. */
async function scene(h: Harness, tag: string, stay = false) {
  const customer = await h.connect(`${tag}-customer`);
  const roomId = (await h.call(customer, "join-chat", {})).data.room.id as string;
  await h.call(customer, "set-contact", { email: `${tag}@example.test` });
  await h.call(customer, "send-message", { roomId, clientMessageId: `${tag}-0`, content: "Help?" });
  if (!stay) customer.close();
  const agent = await h.connect(`${tag}-agent`, "admin", "Grace Hopper");
  await h.call(agent, "join-chat", { roomId });
  const say = (id: string, content: string, kind?: string) =>
    h.call(agent, "send-message", { roomId, clientMessageId: `${tag}-${id}`, content, kind });
  return { customer, agent, roomId, say };
}

describe("email continuity", () => {
  it("emails an away customer one email per burst, with the link back and no note", async () => {
    const sink = await startSmtpSink();
    sinks.push(sink);
    const h = await emailHarness(sink.url);
    const { roomId, say } = await scene(h, "em1");
    expect((await say("1", "Your parcel left Lyon.")).ok).toBe(true);
    expect((await say("2", NOTE, "note")).ok).toBe(true);
    expect((await say("3", "It arrives tomorrow <b>before noon</b>.")).ok).toBe(true);
    const [mail] = await sink.received(1);
    expect(mail).toMatchObject({
      from: '"Acme Support" <support@acme.test>',
      to: ["em1@example.test"],
      subject: "Acme Support: new reply to your conversation",
    });
    expect(mail!.text).toContain("Your parcel left Lyon.");
    expect(mail!.text).toContain("It arrives tomorrow <b>before noon</b>.");
    expect(mail!.text).toContain(`https://shop.acme.test/help?switchboard-room=${roomId}`);
    expect(mail!.text).toContain("You: Help?"); // the conversation before the burst
    expect(mail!.html).toContain("&lt;b&gt;before noon&lt;/b&gt;");
    expect(JSON.stringify(mail)).not.toContain(NOTE);
    // Never twice: nothing more arrives; a new message is a new burst, its own email.
    await sleep(2_500);
    expect(sink.mails).toHaveLength(1);
    await say("4", "Anything else?");
    const mails = await sink.received(2);
    expect(mails).toHaveLength(2);
    expect(mails[1]!.text).toContain("Anything else?");
    expect(mails[1]!.text).not.toContain("Your parcel left Lyon.\n\nReply here");
    expect(mails[1]!.messageId).not.toBe(mails[0]!.messageId);
  });

  it("sends nothing for messages the customer read, or without an email", async () => {
    const sink = await startSmtpSink();
    sinks.push(sink);
    const h = await emailHarness(sink.url);
    const { customer, roomId, say } = await scene(h, "em2", true);
    await say("1", "Read this in time");
    expect((await h.call(customer, "message-read", { roomId })).ok).toBe(true);
    // No email address: never emailed.
    const other = await h.connect("em2-no-email");
    const otherRoom = (await h.call(other, "join-chat", {})).data.room.id as string;
    await h.call(other, "send-message", { roomId: otherRoom, clientMessageId: "x", content: "Hi" });
    other.close();
    const agent = await h.connect("em2-agent-2", "admin");
    await h.call(agent, "send-message", {
      roomId: otherRoom,
      clientMessageId: "y",
      content: "Hey",
    });
    await sleep(3_000);
    expect(sink.mails).toEqual([]);
  });

  it("retries when the SMTP server is down, and delivers once it is up", async () => {
    const port = await freePort();
    const h = await emailHarness(`smtp://127.0.0.1:${port}`, { retrySeconds: 1 });
    const { say } = await scene(h, "em3");
    await say("1", "Sent while the mail server is down");
    await sleep(2_000); // due after 1 s: the first attempt fails (connection refused)
    const sink = await startSmtpSink(port);
    sinks.push(sink);
    const mails = await sink.received(1, 15_000);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain("Sent while the mail server is down");
    await sleep(2_000);
    expect(sink.mails).toHaveLength(1);
  });
});

describe("email continuity across a SIGKILL", () => {
  const secret = randomBytes(16).toString("hex");
  const mongoUri = `${inject("mongoUri")}sb_email_kill_${randomBytes(4).toString("hex")}`;
  let server: ChildProcess | undefined;
  afterAll(() => server?.kill("SIGKILL"));

  const start = (port: number, smtpUrl: string) =>
    startServerProcess(port, {
      MONGODB_URI: mongoUri,
      JWT_SECRET: secret,
      RATE_LIMITS: "off",
      SMTP_URL: smtpUrl,
      EMAIL_FROM: "support@acme.test",
      EMAIL_DELAY_S: "1",
    });

  it("sends exactly one email when the server dies between the reply and the send", async () => {
    const sink = await startSmtpSink();
    sinks.push(sink);
    const port = await freePort();
    server = await start(port, sink.url);
    const connect = async (sub: string, role: "customer" | "admin") => {
      const token = await signToken(secret, { sub, role }, "1h");
      const socket: ClientSocket = io(`http://127.0.0.1:${port}/chat`, {
        auth: { token },
        transports: ["websocket"],
        reconnection: false,
      });
      await new Promise<void>((r, j) => socket.once("connect", () => r()).once("connect_error", j));
      return socket;
    };
    const call = (s: ClientSocket, event: string, payload: unknown) =>
      new Promise<{ ok: boolean; data: any }>((r) => s.emit(event, payload, r)); // eslint-disable-line @typescript-eslint/no-explicit-any
    const customer = await connect("ek-customer", "customer");
    const roomId = (await call(customer, "join-chat", {})).data.room.id as string;
    await call(customer, "set-contact", { email: "ek@example.test" });
    await call(customer, "send-message", { roomId, clientMessageId: "ek-0", content: "Hi" });
    customer.close();
    const agent = await connect("ek-agent", "admin");
    const ack = await call(agent, "send-message", {
      roomId,
      clientMessageId: "ek-1",
      content: "Answered just before the crash",
    });
    expect(ack.ok).toBe(true);
    server.kill("SIGKILL"); // before the 1 s delay: nothing was sent yet
    agent.close();
    await new Promise((r) => server!.once("exit", r));
    expect(sink.mails).toHaveLength(0);
    server = await start(port, sink.url);
    const mails = await sink.received(1, 15_000);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain("Answered just before the crash");
    await sleep(2_500);
    expect(sink.mails).toHaveLength(1);
  });
});
