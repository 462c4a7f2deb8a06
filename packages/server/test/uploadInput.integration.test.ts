import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "./support.ts";

// Regression (issue 10, section 6): a malformed multipart body, or a filename with a NUL in
// it, was answered 500 with an error-level stack trace. A client's bad input is a 400
// VALIDATION and logs at info (the request line) at most.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);
const levels: number[] = [];
const sink = new Writable({
  write(chunk: Buffer, _enc, done) {
    for (const line of chunk.toString().split("\n").filter(Boolean))
      levels.push((JSON.parse(line) as { level: number }).level);
    done();
  },
});
let h: Harness;
beforeAll(async () => {
  h = await createHarness({ logger: pino({ level: "debug" }, sink) });
});
afterAll(() => h.close());

const BOUNDARY = "----switchboard-test";
/** One file part; `filename` is the parameter as written (`filename="a.png"`, `filename*=...`). */
const rawPart = (filename: string) =>
  Buffer.concat([
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; ${filename}\r\n` +
        "Content-Type: image/png\r\n\r\n",
    ),
    PNG,
    Buffer.from("\r\n"),
  ]);
const part = (name: string) => rawPart(`filename="${name}"`);
const END = Buffer.from(`--${BOUNDARY}--\r\n`);

/** A raw POST /upload: the body exactly as given, no client library to tidy it. */
async function post(body: Buffer, contentType = `multipart/form-data; boundary=${BOUNDARY}`) {
  const res = await fetch(`${h.server.url}/api/chat/upload`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${await h.server.token("raw-uploader")}`,
      "content-type": contentType,
    },
    body,
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describe("POST /api/chat/upload with malformed input", () => {
  it.each([
    ["a body cut before its closing boundary", () => post(part("cut.png"))],
    [
      "a malformed part header",
      () => post(Buffer.from(`--${BOUNDARY}\r\nno colon here\r\n\r\nx\r\n`)),
    ],
    [
      "no boundary in the content type",
      () => post(Buffer.concat([part("a.png"), END]), "multipart/form-data"),
    ],
  ])("answers %s 400 VALIDATION and logs no error", async (_name, send) => {
    const before = levels.length;
    expect(await send()).toMatchObject({ status: 400, body: { error: { code: "VALIDATION" } } });
    expect(levels.slice(before).filter((l) => l >= 40)).toEqual([]);
  });

  it.each([
    ["raw", 'filename="evil\u0000.php.png"'],
    ["percent-encoded (RFC 5987)", "filename*=UTF-8''evil%00.php.png"],
  ])(
    "refuses a filename containing NUL, %s, as 400 VALIDATION, and stores nothing",
    async (_how, name) => {
      const before = levels.length;
      const answer = await post(Buffer.concat([rawPart(name), END]));
      expect(answer).toMatchObject({ status: 400, body: { error: { code: "VALIDATION" } } });
      expect(levels.slice(before).filter((l) => l >= 40)).toEqual([]);
      expect(
        await h.db.collection("chat_uploads").countDocuments({ ownerId: "raw-uploader" }),
      ).toBe(0);
    },
  );

  it("still stores a well-formed raw upload", async () => {
    expect(await post(Buffer.concat([part("fine.png"), END]))).toMatchObject({
      status: 201,
      body: { name: "fine.png", mimeType: "image/png" },
    });
  });
});
