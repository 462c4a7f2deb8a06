// Upload-then-send's rule, over a scripted upload (the HTTP side is in fetchOption.test.ts).
import { ChatError, type Attachment } from "@switchboard/protocol";
import { describe, expect, it } from "vitest";
import type { UploadOptions } from "./http.ts";
import { uploadThenSend, UPLOAD_CONCURRENCY } from "./sendFiles.ts";
import type { ChatMessage } from "./types.ts";

type Upload = {
  file: Blob;
  options: UploadOptions;
  resolve(a: Attachment): void;
  reject(e: Error): void;
};

/** An upload the test answers by hand, and a send that records its calls. */
function harness() {
  const uploads: Upload[] = [];
  const sends: { roomId: string; content: string; attachments: Attachment[] }[] = [];
  const deps = {
    upload: (file: Blob | object, options: UploadOptions = {}) =>
      new Promise<Attachment>((resolve, reject) =>
        uploads.push({ file: file as Blob, options, resolve, reject }),
      ),
    send: (roomId: string, content: string, attachments: Attachment[] = []) => {
      sends.push({ roomId, content, attachments });
      return { id: `local:${sends.length}`, attachments } as unknown as ChatMessage;
    },
  };
  return { deps, uploads, sends };
}

const file = (name: string) => new File([name], name, { type: "image/png" });
const attachmentOf = (name: string): Attachment => ({
  url: `/api/chat/files/${name}`,
  name,
  size: 1,
  mimeType: "image/png",
});
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("sendFiles (upload-then-send)", () => {
  it("uploads each file with its progress, then sends ONE message with every attachment", async () => {
    const { deps, uploads, sends } = harness();
    const progress: [number, number, number][] = [];
    const uploaded: number[] = [];
    const files = ["a.png", "b.png"].map(file);
    const done = uploadThenSend(deps, "room", "The receipts", files, {
      onProgress: (i, sent, total) => progress.push([i, sent, total]),
      onUploaded: (i) => uploaded.push(i),
    });
    await flush();
    expect(uploads.map((u) => u.file)).toEqual(files);
    uploads[1]!.options.onProgress!(5, 10);
    uploads[0]!.options.onProgress!(10, 10);
    uploads[1]!.resolve(attachmentOf("b.png")); // finishes first: the order stays the files'
    uploads[0]!.resolve(attachmentOf("a.png"));
    const result = await done;
    expect(progress).toEqual([
      [1, 5, 10],
      [0, 10, 10],
    ]);
    expect(uploaded).toEqual([1, 0]);
    expect(sends).toEqual([
      {
        roomId: "room",
        content: "The receipts",
        attachments: [attachmentOf("a.png"), attachmentOf("b.png")],
      },
    ]);
    expect(result).toMatchObject({ failures: [], attachments: sends[0]!.attachments });
    expect(result.message).not.toBeNull();
  });

  it("reports each failed file and sends the rest; sends nothing when no file uploaded", async () => {
    const { deps, uploads, sends } = harness();
    const errors: number[] = [];
    const tooLarge = new ChatError("TOO_LARGE", "file too large");
    const done = uploadThenSend(deps, "room", "", ["a.png", "b.png", "c.png"].map(file), {
      onError: (i) => errors.push(i),
    });
    await flush();
    uploads[0]!.reject(tooLarge);
    uploads[1]!.resolve(attachmentOf("b.png"));
    uploads[2]!.reject(new Error("network error during the upload"));
    const result = await done;
    expect(result.failures.map((f) => [f.index, f.error.message])).toEqual([
      [0, "file too large"],
      [2, "network error during the upload"],
    ]);
    expect(errors.sort()).toEqual([0, 2]);
    expect(sends.map((s) => s.attachments)).toEqual([[attachmentOf("b.png")]]);

    const none = harness();
    const failed = uploadThenSend(none.deps, "room", "About this file", [file("x.png")]);
    await flush();
    none.uploads[0]!.reject(tooLarge);
    expect(await failed).toMatchObject({ message: null, attachments: [] });
    expect(none.sends).toEqual([]); // the text is not sent without its file
  });

  it("uploads each file under the name given for it, else under its own", async () => {
    const { deps, uploads } = harness();
    const picked = {
      uri: "file:///cache/IMG_0001.HEIC",
      name: "IMG_0001.HEIC",
      type: "image/heic",
    };
    const done = uploadThenSend(deps, "room", "", [picked, file("b.png")], {
      names: ["Receipt.heic"],
    });
    await flush();
    expect(uploads.map((u) => u.options.name)).toEqual(["Receipt.heic", undefined]);
    uploads[0]!.resolve(attachmentOf("Receipt.heic"));
    uploads[1]!.resolve(attachmentOf("b.png"));
    expect((await done).attachments.map((a) => a.name)).toEqual(["Receipt.heic", "b.png"]);
  });

  it(`uploads at most ${UPLOAD_CONCURRENCY} files at a time`, async () => {
    const { deps, uploads } = harness();
    const done = uploadThenSend(deps, "room", "", ["1", "2", "3", "4", "5"].map(file));
    await flush();
    expect(uploads).toHaveLength(UPLOAD_CONCURRENCY);
    uploads[0]!.resolve(attachmentOf("1"));
    await flush();
    expect(uploads).toHaveLength(UPLOAD_CONCURRENCY + 1);
    for (let i = 1; i < 5; i++) {
      await flush();
      uploads[i]!.resolve(attachmentOf(String(i + 1)));
    }
    expect((await done).attachments).toHaveLength(5);
  });

  it("aborts: rejects with an AbortError and sends nothing", async () => {
    const { deps, uploads, sends } = harness();
    const controller = new AbortController();
    const done = uploadThenSend(deps, "room", "x", [file("a.png")], { signal: controller.signal });
    await flush();
    expect(uploads[0]!.options.signal).toBe(controller.signal);
    controller.abort();
    uploads[0]!.reject(Object.assign(new Error("aborted"), { name: "AbortError" }));
    await expect(done).rejects.toMatchObject({ name: "AbortError" });
    expect(sends).toEqual([]);
  });

  it("refuses more files than a message carries, before any upload; no files is a plain send", async () => {
    const { deps, uploads, sends } = harness();
    const eleven = Array.from({ length: 11 }, (_, i) => file(`${i}.png`));
    await expect(uploadThenSend(deps, "room", "", eleven)).rejects.toMatchObject({
      code: "VALIDATION",
    });
    expect(uploads).toEqual([]);
    await uploadThenSend(deps, "room", "just text", []);
    expect(sends).toEqual([{ roomId: "room", content: "just text", attachments: [] }]);
  });
});
