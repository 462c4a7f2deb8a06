import type { Room } from "@switchboard/protocol";
import { describe, expect, it } from "vitest";
import { previewOf, previewOfRoom } from "./roomPreview.ts";

describe("previewOf", () => {
  it("previews text, or says what was attached; the agent's own with 'You:'", () => {
    expect(previewOf(undefined, "me")).toBeUndefined();
    const img = { url: "/f/1", name: "a.png", size: 1, mimeType: "image/png" };
    const pdf = { url: "/f/2", name: "invoice.pdf", size: 1, mimeType: "application/pdf" };
    const msg = (content: string, attachments: unknown[], senderId = "c1") =>
      [{ content, attachments, senderId }] as unknown as Parameters<typeof previewOf>[0];
    expect(previewOf(msg("hi", []), "me")).toBe("hi");
    expect(previewOf(msg("", [img]), "me")).toBe("Image");
    expect(previewOf(msg("", [pdf]), "me")).toBe("invoice.pdf");
    expect(previewOf(msg("on it", [], "me"), "me")).toBe("You: on it");
  });

  it("skips notes: the preview is the newest message a customer could see too", () => {
    const list = [
      { content: "Hello", attachments: [], senderId: "c1", kind: "message" },
      { content: "VIP, be nice", attachments: [], senderId: "me", kind: "note" },
    ] as unknown as Parameters<typeof previewOf>[0];
    expect(previewOf(list, "me")).toBe("Hello");
  });

  it("shows an activity as the sentence it is, without 'You:'", () => {
    const list = [
      { content: "me took the chat", attachments: [], senderId: "me", kind: "activity" },
    ] as unknown as Parameters<typeof previewOf>[0];
    expect(previewOf(list, "me")).toBe("me took the chat");
  });
});

describe("previewOfRoom", () => {
  const room = (lastMessage: Room["lastMessage"], adminId: string | null = "me") =>
    ({ id: "r", customerId: "c", adminId, lastMessage }) as Room;

  it("shows the server's preview, with who wrote it", () => {
    expect(previewOfRoom(room(null), "me")).toBeUndefined();
    expect(previewOfRoom(room({ senderRole: "customer", text: "Hi", attachments: 0 }), "me")).toBe(
      "Hi",
    );
    const mine = { senderRole: "admin" as const, text: "On it", attachments: 0 };
    expect(previewOfRoom(room(mine), "me")).toBe("You: On it");
    expect(previewOfRoom(room(mine, "someone-else"), "me")).toBe("Agent: On it");
  });

  it("names attachments when there is no text", () => {
    const one = { senderRole: "customer" as const, text: "", attachments: 1 };
    expect(previewOfRoom(room(one), "me")).toBe("Attachment");
    expect(previewOfRoom(room({ ...one, attachments: 3 }), "me")).toBe("3 attachments");
    expect(previewOfRoom(room({ ...one, attachments: 0 }), "me")).toBeUndefined();
  });
});
