import type { Attachment } from "@switchboard/protocol";
import { describe, expect, it } from "vitest";
import { announcementOf } from "./announce.ts";

const png: Attachment = { url: "/f/1", name: "photo.png", size: 1, mimeType: "image/png" };
const pdf: Attachment = { url: "/f/2", name: "invoice.pdf", size: 1, mimeType: "application/pdf" };
const say = (content: string, attachments: Attachment[] = [], kind?: "note" | "activity") =>
  announcementOf({ content, attachments, ...(kind ? { kind } : {}) }, "Acme Support");

describe("announcementOf", () => {
  it("reads text as 'Name: text'", () => {
    expect(say("Hello")).toBe("Acme Support: Hello");
  });

  it("says what was sent when there is no text: never 'Name: ' alone", () => {
    expect(say("", [png])).toBe("Acme Support sent an image");
    expect(say("", [pdf])).toBe("Acme Support sent a file invoice.pdf");
    expect(say("", [png, png, png])).toBe("Acme Support sent 3 images");
    expect(say("", [pdf, pdf])).toBe("Acme Support sent 2 files");
    expect(say("", [png, pdf])).toBe("Acme Support sent an image and a file invoice.pdf");
    expect(say("", [{ ...pdf, name: "" }])).toBe("Acme Support sent a file without a name");
  });

  it("says both the files and the text", () => {
    expect(say("Here it is", [pdf])).toBe("Acme Support sent a file invoice.pdf: Here it is");
  });

  it("reads an activity as its own sentence and a note as a note", () => {
    expect(say("Grace took the chat", [], "activity")).toBe("Grace took the chat");
    expect(say("VIP", [], "note")).toBe("Acme Support noted, for agents only: VIP");
    expect(say("", [png], "note")).toBe("Acme Support noted, for agents only: with an image");
  });
});
