import { describe, expect, it } from "vitest";
import { LIMITS } from "./limits.ts";
import { roomPreview } from "./objects.ts";

describe("roomPreview", () => {
  it("keeps short text and counts attachments", () => {
    const attachment = { url: "/api/chat/files/x", name: "a.png", size: 1, mimeType: "image/png" };
    expect(roomPreview({ senderRole: "admin", content: "", attachments: [attachment] })).toEqual({
      senderRole: "admin",
      text: "",
      attachments: 1,
    });
  });

  it("cuts long text by code points, never inside an emoji, and marks the cut", () => {
    const content = "👋".repeat(LIMITS.previewMaxCodePoints + 5);
    const { text } = roomPreview({ senderRole: "customer", content, attachments: [] });
    expect(Array.from(text)).toHaveLength(LIMITS.previewMaxCodePoints);
    expect(text.endsWith("👋\u2026")).toBe(true);
    expect(text.isWellFormed()).toBe(true);
  });

  it("keeps text of exactly the limit whole", () => {
    const content = "x".repeat(LIMITS.previewMaxCodePoints);
    expect(roomPreview({ senderRole: "customer", content, attachments: [] }).text).toBe(content);
  });
});
