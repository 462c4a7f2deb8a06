import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, openRoom, type Harness } from "./support.ts";

// A real 1x1 PNG and a real PDF header; a Windows executable's first bytes named .png.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
const EXE = Buffer.concat([Buffer.from("MZ"), Buffer.alloc(200, 0x90)]);

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ maxUploadBytes: 64 * 1024 });
});
afterAll(() => h.close());

async function upload(sub: string, bytes: Buffer, name: string, token?: string | null) {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(bytes)]), name);
  const auth: Record<string, string> =
    token === null ? {} : { authorization: `Bearer ${token ?? (await h.server.token(sub))}` };
  const res = await fetch(`${h.server.url}/api/chat/upload`, {
    method: "POST",
    body: form,
    headers: auth,
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const download = async (url: string, sub: string, role: "customer" | "admin" = "customer") =>
  fetch(h.server.url + url, {
    headers: { authorization: `Bearer ${await h.server.token(sub, role)}` },
  });

describe("POST /api/chat/upload", () => {
  it("stores an image or a PDF judged by its bytes, whatever its name says", async () => {
    const png = await upload("up-1", PNG, "holiday.jpg");
    expect(png.status).toBe(201);
    expect(png.body).toMatchObject({
      name: "holiday.png",
      size: PNG.length,
      mimeType: "image/png",
    });
    // The record's id and a random secret: one file's URL tells nothing of another's.
    expect(png.body.url).toMatch(/^\/api\/chat\/files\/[0-9a-f]{24}-[0-9a-f]{32}$/);
    expect((await upload("up-1", PDF, "terms")).body).toMatchObject({
      mimeType: "application/pdf",
      name: "terms.pdf",
    });
  });

  it("refuses other types as 400, too large as 413, no token as 401", async () => {
    expect(await upload("up-2", EXE, "cat.png")).toMatchObject({
      status: 400,
      body: { error: { code: "VALIDATION" } },
    });
    const big = Buffer.concat([PNG, Buffer.alloc(70 * 1024)]);
    expect(await upload("up-2", big, "big.png")).toMatchObject({
      status: 413,
      body: { error: { code: "TOO_LARGE" } },
    });
    expect(await upload("up-2", PNG, "a.png", null)).toMatchObject({
      status: 401,
      body: { error: { code: "UNAUTHORIZED" } },
    });
  });
});

describe("attachments", () => {
  it("are stored with what the server recorded and readable by the room's members only", async () => {
    const customer = await h.connect("at-owner");
    const roomId = await openRoom(h, customer);
    const { body } = await upload("at-owner", PNG, "screen.png");
    const forged = { ...body, name: "other.exe", size: 1 };
    const ack = await h.call(customer, "send-message", {
      roomId,
      clientMessageId: "a1",
      content: "",
      attachments: [forged],
    });
    expect(ack.ok).toBe(true);
    expect(ack.data.message.attachments).toEqual([body]);
    const asAdmin = await download(body.url, "any-agent", "admin");
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.headers.get("x-content-type-options")).toBe("nosniff");
    expect(asAdmin.headers.get("content-disposition")).toMatch(
      /^inline; filename\*=UTF-8''screen\.png$/,
    );
    expect(Buffer.from(await asAdmin.arrayBuffer())).toEqual(PNG);
    // Not the stranger's: answered as a file that does not exist, so a probe learns nothing.
    expect((await download(body.url, "at-stranger")).status).toBe(404);
  });

  it("refuses someone else's upload, a made-up url, and an unattached file to others", async () => {
    const thief = await h.connect("at-thief");
    const roomId = await openRoom(h, thief);
    const { body } = await upload("at-victim", PNG, "private.png");
    expect((await download(body.url, "at-thief")).status).toBe(404);
    for (const attachments of [
      [body],
      [{ ...body, url: "/api/chat/files/0123456789abcdef01234567" }],
      [{ ...body, url: body.url.slice(0, -1) + (body.url.endsWith("0") ? "1" : "0") }],
      [{ ...body, url: "https://x.test/a.png" }],
    ]) {
      const ack = await h.call(thief, "send-message", {
        roomId,
        clientMessageId: `t-${attachments[0]!.url}`,
        content: "",
        attachments,
      });
      expect(ack).toMatchObject({ ok: false, error: { code: "VALIDATION" } });
    }
  });
});

describe("a file a note carries", () => {
  it("is the agents' only until a message the customer sees carries it too", async () => {
    const customer = await h.connect("nf-customer");
    const roomId = await openRoom(h, customer);
    await h.call(customer, "send-message", { roomId, clientMessageId: "nf-0", content: "hi" });
    const agent = await h.connect("nf-agent", "admin");
    expect((await h.call(agent, "join-chat", { roomId })).ok).toBe(true);
    const { body } = await upload(
      "nf-agent",
      PNG,
      "internal.png",
      await h.server.token("nf-agent", "admin"),
    );
    const note = await h.call(agent, "send-message", {
      roomId,
      clientMessageId: "nf-1",
      kind: "note",
      content: "their screenshot, annotated",
      attachments: [body],
    });
    expect(note.ok).toBe(true);
    expect((await download(body.url, "nf-customer")).status).toBe(404);
    expect((await download(body.url, "nf-teammate", "admin")).status).toBe(200);
    const id = body.url.slice("/api/chat/files/".length);
    // Without the secret, or with another, no one reads it: not even an agent.
    for (const url of [
      `/api/chat/files/${id.slice(0, 24)}`,
      body.url.replace(/.$/, (c: string) => (c === "a" ? "b" : "a")),
    ])
      expect((await download(url, "nf-teammate", "admin")).status).toBe(404);

    const reply = await h.call(agent, "send-message", {
      roomId,
      clientMessageId: "nf-2",
      content: "here it is",
      attachments: [body],
    });
    expect(reply.ok).toBe(true);
    expect((await download(body.url, "nf-customer")).status).toBe(200);
    // A later note does not take it back.
    await h.call(agent, "send-message", {
      roomId,
      clientMessageId: "nf-3",
      kind: "note",
      content: "again",
      attachments: [body],
    });
    expect((await download(body.url, "nf-customer")).status).toBe(200);
  });
});

describe("POST /api/chat/devices", () => {
  it("registers a push token (201) and validates the body (400)", async () => {
    const token = await h.server.token("dev-user");
    const post = (body: unknown) =>
      fetch(`${h.server.url}/api/chat/devices`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    expect((await post({ token: "fcm-token-1", platform: "android" })).status).toBe(201);
    expect(
      await h.db
        .collection("chat_devices")
        .countDocuments({ userId: "dev-user", token: "fcm-token-1" }),
    ).toBe(1);
    expect((await post({ token: "", platform: "android" })).status).toBe(400);
    expect((await post({ token: "x", platform: "symbian" })).status).toBe(400);
  });
});
