// @vitest-environment jsdom
import type { FetchLike, FetchResponseLike } from "@switchboard/client";
import { createFakeChatClient, FakeServer } from "@switchboard/client/testing";
import { describe, expect, it } from "vitest";
import { during, renderHook, until } from "../test/renderHook.tsx";
import { useUploads } from "./useUploads.ts";

const answer = (status: number, body: unknown): FetchResponseLike => ({
  ok: status < 300,
  status,
  headers: { get: () => null },
  text: async () => JSON.stringify(body),
  blob: async () => new Blob(),
});

describe("useUploads", () => {
  it("uploads, then sends one message with the file; a failed upload says why and retries", async () => {
    const server = new FakeServer();
    const replies = [
      answer(413, { error: { code: "TOO_LARGE", message: "too large" } }),
      answer(201, {
        url: "/api/chat/files/f1",
        name: "a.pdf",
        size: 3,
        mimeType: "application/pdf",
      }),
    ];
    const fetch: FetchLike = async () => replies.shift()!;
    const { client } = createFakeChatClient(server, { autoOnline: true, fetch });
    client.connect();
    const room = await client.join();
    const uploads = renderHook(client, () => useUploads("widget", room.id), undefined);

    const file = new File(["pdf"], "a.pdf", { type: "application/pdf" });
    await during(() => uploads.current.add([file]));
    expect(uploads.current.items).toMatchObject([
      { name: "a.pdf", size: 3, error: "This file is too large." },
    ]);
    expect(server.roomMessages(room.id)).toEqual([]);

    await during(() => uploads.current.retry(uploads.current.items[0]!.id));
    await until(client, (s) => s.messagesByRoom[room.id]?.[0]?.localStatus === "stored");
    expect(uploads.current.items).toEqual([]);
    expect(server.roomMessages(room.id)).toMatchObject([
      { content: "", attachments: [{ url: "/api/chat/files/f1", name: "a.pdf" }] },
    ]);
  });

  it("a file added before the room is known waits for it; a cancelled upload sends nothing", async () => {
    const server = new FakeServer();
    const requests: { signal?: AbortSignal; finish(): void }[] = [];
    // An upload that the test finishes, or the signal aborts.
    const fetch: FetchLike = (_url, init) =>
      new Promise((resolve, reject) => {
        const signal = init?.signal as AbortSignal | undefined;
        signal?.addEventListener("abort", () =>
          reject(Object.assign(new Error("aborted"), { name: "AbortError" })),
        );
        requests.push({
          ...(signal ? { signal } : {}),
          finish: () =>
            resolve(
              answer(201, {
                url: "/api/chat/files/f2",
                name: "b.png",
                size: 3,
                mimeType: "image/png",
              }),
            ),
        });
      });
    const { client } = createFakeChatClient(server, { autoOnline: true, fetch });
    const uploads = renderHook(
      client,
      (roomId: string | null) => useUploads("widget", roomId),
      null as string | null,
    );
    const file = () => new File(["png"], "b.png", { type: "image/png" });

    await during(() => uploads.current.add([file()]));
    expect(uploads.current.items).toMatchObject([{ name: "b.png", progress: 0, error: null }]);
    expect(requests).toEqual([]); // no room yet: the upload waits

    client.connect();
    const room = await client.join();
    await during(() => uploads.rerender(room.id));
    expect(requests).toHaveLength(1);
    await during(() => requests[0]!.finish());
    await until(client, (s) => s.messagesByRoom[room.id]?.[0]?.localStatus === "stored");
    expect(uploads.current.items).toEqual([]);

    await during(() => uploads.current.add([file()]));
    expect(requests).toHaveLength(2);
    await during(() => uploads.current.cancel(uploads.current.items[0]!.id));
    expect(requests[1]!.signal?.aborted).toBe(true);
    expect(uploads.current.items).toEqual([]);
    await during();
    expect(server.roomMessages(room.id)).toHaveLength(1); // only the first file's message
    client.disconnect();
  });
});
