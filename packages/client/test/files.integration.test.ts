// Uploads and downloads through the SDK against a real server: the customer uploads an
// image and sends it; the agent downloads it with the token; strangers cannot.
import { describe, expect, it } from "vitest";
import { connectClient, eventually, expectInSync, messages, useServer } from "./support.ts";

/** A 1x1 red PNG: the server checks the type on the bytes. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC",
  "base64",
);

const env = useServer();

function connect(sub: string, role: "customer" | "admin" = "customer") {
  const client = connectClient(env.server, sub, role);
  env.clients.push(client);
  return client;
}

describe("attachments through the SDK", () => {
  it("uploads an image, sends it, and the agent downloads the same bytes", async () => {
    const customer = connect("files-customer");
    const agent = connect("files-agent", "admin");
    const room = await customer.join();
    await agent.join(room.id);

    const progress: number[] = [];
    const attachment = await customer.upload(new Blob([PNG], { type: "image/png" }), {
      name: "red dot.png",
      onProgress: (sent, total) => progress.push(sent / total),
    });
    expect(attachment).toMatchObject({
      name: "red dot.png",
      size: PNG.length,
      mimeType: "image/png",
    });
    expect(attachment.url).toMatch(/^\/api\/chat\/files\/[0-9a-f]{24}-[0-9a-f]{32}$/);
    expect(progress.at(-1)).toBe(1);

    customer.send(room.id, "", [attachment]);
    await expectInSync(customer, env.db, room.id, 1);
    const atAgent = await eventually(() => {
      const [first] = messages(agent, room.id);
      if (!first) throw new Error("not at the agent yet");
      return first;
    });
    expect(atAgent.attachments).toEqual([attachment]);

    const blob = await agent.fetchFile(atAgent.attachments[0]!.url);
    expect(blob.type).toBe("image/png");
    expect(Buffer.from(await blob.arrayBuffer())).toEqual(PNG);
  });

  it("refuses a type the server does not take, and a stranger's download", async () => {
    const customer = connect("files-owner");
    await expect(
      customer.upload(new Blob(["#!/bin/sh\necho hi\n"]), { name: "x.png" }),
    ).rejects.toMatchObject({ code: "VALIDATION" });

    const attachment = await customer.upload(new Blob([PNG]), { name: "mine.png" });
    const stranger = connect("files-stranger");
    await expect(stranger.fetchFile(attachment.url)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await customer.fetchFile(attachment.url)).size).toBe(PNG.length);
  });
});
