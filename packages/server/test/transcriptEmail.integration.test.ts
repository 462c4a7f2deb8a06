import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { transcriptEmailedObject, widgetConfigObject } from "../src/transport/openapiObjects.ts";
import { createHarness, type ClientSocket, type Harness } from "./support.ts";
import { startSmtpSink, type SmtpSink } from "./smtpSink.ts";

// The extension `POST /api/chat/rooms/:roomId/transcript/email` (docs/protocol.md), against a
// real SMTP server process (smtpSinkProcess.ts): the customer's copy (no notes), text and
// HTML, only ever to the address the customer left, queued, and once per request window.
const NOTE = "NOTE-never-in-a-transcript-email";
let sink: SmtpSink;
let h: Harness;
beforeAll(async () => {
  sink = await startSmtpSink();
  h = await createHarness({
    widget: { teamName: "Acme Support" },
    // A long delay: the replies' own continuity emails never come within these tests.
    email: { smtpUrl: sink.url, from: "Acme Support <support@acme.test>", delaySeconds: 600 },
  });
});
afterAll(async () => {
  await h?.close();
  await sink?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function post(server: Harness, roomId: string, sub: string, role = "customer") {
  const res = await fetch(`${server.server.url}/api/chat/rooms/${roomId}/transcript/email`, {
    method: "POST",
    headers: { authorization: `Bearer ${await server.server.token(sub, role as "customer")}` },
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A customer (with an email, unless `email` is null) and an agent talk, with a note; closed. */
async function conversation(tag: string, email: string | null = `${tag}@example.test`) {
  const customer: ClientSocket = await h.connect(`${tag}-customer`, "customer", "Dana Scully");
  const roomId = (await h.call(customer, "join-chat", {})).data.room.id as string;
  if (email) expect((await h.call(customer, "set-contact", { email })).ok).toBe(true);
  const agent = await h.connect(`${tag}-agent`, "admin", "Grace Hopper");
  const say = (s: ClientSocket, id: string, content: string, kind?: string) =>
    h.call(s, "send-message", { roomId, clientMessageId: `${tag}-${id}`, content, kind });
  expect((await say(customer, "1", "My parcel <b>is late</b>")).ok).toBe(true);
  expect((await say(agent, "2", NOTE, "note")).ok).toBe(true);
  expect((await say(agent, "3", "It arrives tomorrow.")).ok).toBe(true);
  expect((await h.call(agent, "close-chat", { roomId })).ok).toBe(true);
  return { customer, roomId };
}

describe("transcript by email", () => {
  it("emails the customer's copy to the stored address: text and HTML, no notes, once", async () => {
    const { roomId } = await conversation("te1");
    const first = await post(h, roomId, "te1-customer");
    expect(first).toMatchObject({ status: 202, body: { to: "te1@example.test" } });
    transcriptEmailedObject.parse(first.body); // as openapi.json describes it, strictly
    const [mail] = await sink.received(1);
    expect(mail).toMatchObject({
      from: '"Acme Support" <support@acme.test>',
      to: ["te1@example.test"],
      subject: "Acme Support: the transcript of your conversation",
    });
    expect(mail!.text).toMatch(/^Acme Support: conversation of \d{4}-\d{2}-\d{2}\n/);
    expect(mail!.text).toMatch(/\] Dana Scully: My parcel <b>is late<\/b>\n/);
    expect(mail!.text).toMatch(/\] Grace Hopper: It arrives tomorrow\.\n/);
    expect(mail!.text).toContain("-- Grace Hopper closed the chat --");
    expect(mail!.html).toContain("My parcel &lt;b&gt;is late&lt;/b&gt;");
    expect(mail!.html).toContain("It arrives tomorrow.");
    expect(mail!.html).not.toContain("<b>is late");
    expect(JSON.stringify(mail)).not.toContain(NOTE);
    expect(JSON.stringify(mail)).not.toContain("private note");

    // Again at once (a double click, a retry): the same answer, no second email.
    const again = await post(h, roomId, "te1-customer");
    expect(again).toEqual({ status: 202, body: first.body });
    await sleep(2_000);
    expect(sink.mails.filter((m) => m.to.includes("te1@example.test"))).toHaveLength(1);
  });

  it("lets an admin send it, only ever to the customer's address", async () => {
    const { roomId } = await conversation("te2");
    const res = await post(h, roomId, "te2-other-agent", "admin");
    expect(res).toMatchObject({ status: 202, body: { to: "te2@example.test" } });
    const mails = await sink.received(2);
    const mail = mails.find((m) => m.to.includes("te2@example.test"));
    expect(mail?.text).toContain("It arrives tomorrow.");
    expect(JSON.stringify(mail)).not.toContain(NOTE); // an admin's request is the customer's copy
  });

  it("refuses another customer, a bad id, and a room whose customer left no email", async () => {
    const { customer, roomId } = await conversation("te3", null);
    expect(await post(h, roomId, "te3-stranger")).toMatchObject({
      status: 403,
      body: { error: { code: "FORBIDDEN" } },
    });
    expect(await post(h, "not-an-id", "te3-customer")).toMatchObject({
      status: 400,
      body: { error: { code: "VALIDATION" } },
    });
    expect(await post(h, "0123456789abcdef01234567", "te3-customer")).toMatchObject({
      status: 404,
      body: { error: { code: "NOT_FOUND" } },
    });
    expect(await post(h, roomId, "te3-customer")).toMatchObject({
      status: 409,
      body: { error: { code: "CONFLICT" } },
    });
    // Left after the chat ended (set-contact lands on the customer's next room): that one.
    expect((await h.call(customer, "set-contact", { email: "late@example.test" })).ok).toBe(true);
    expect(await post(h, roomId, "te3-customer")).toMatchObject({
      status: 202,
      body: { to: "late@example.test" },
    });
    const mails = await sink.received(3);
    expect(mails.find((m) => m.to.includes("late@example.test"))?.text).toContain("It arrives");
  });

  it("says when the server can email: widget-config's transcriptEmail", async () => {
    const res = await fetch(`${h.server.url}/api/chat/widget-config`, {
      headers: { authorization: `Bearer ${await h.server.token("te4", "customer")}` },
    });
    const config = await res.json();
    expect(config).toMatchObject({ transcriptEmail: true });
    widgetConfigObject.parse(config); // the extension is in openapi.json's WidgetConfig
  });
});

describe("transcript by email without SMTP", () => {
  let off: Harness;
  beforeAll(async () => {
    off = await createHarness({ rateLimits: { limits: { http: [4, 60] } } });
  });
  afterAll(() => off?.close());

  it("answers NOT_FOUND, widget-config says nothing of it, and the route is rate limited", async () => {
    const customer = await off.connect("tn-customer");
    const roomId = (await off.call(customer, "join-chat", {})).data.room.id as string;
    await off.call(customer, "set-contact", { email: "tn@example.test" });
    expect(await post(off, roomId, "tn-customer")).toMatchObject({
      status: 404,
      body: { error: { code: "NOT_FOUND", message: expect.stringMatching(/SMTP/) } },
    });
    const config = await fetch(`${off.server.url}/api/chat/widget-config`, {
      headers: { authorization: `Bearer ${await off.server.token("tn-customer", "customer")}` },
    });
    expect(await config.json()).not.toHaveProperty("transcriptEmail");
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push((await post(off, roomId, "tn-customer")).status);
    expect(answers.slice(0, 2)).toEqual([404, 404]);
    expect(answers.at(-1)).toBe(429);
  });

  it("lets one user ask for 5 emailed transcripts an hour, then answers RATE_LIMITED", async () => {
    const { roomId } = await conversation("te9");
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push((await post(h, roomId, "te9-customer")).status);
    expect(answers).toEqual([202, 202, 202, 202, 202, 429]);
  });

  it("sends to the address the customer corrected after the chat ended, not the mistyped one", async () => {
    const { customer, roomId } = await conversation("te8", "te8@exmaple.test");
    expect((await h.call(customer, "set-contact", { email: "te8@example.test" })).ok).toBe(true);
    expect(await post(h, roomId, "te8-customer")).toMatchObject({
      status: 202,
      body: { to: "te8@example.test" },
    });
  });
});
