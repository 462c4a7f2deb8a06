import { describe, expect, it } from "vitest";
import {
  fetchMessagesSchema,
  joinChatSchema,
  listRoomsSchema,
  messageDeliveredSchema,
  messageReadSchema,
  idSchema,
  sendMessageSchema,
} from "./schemas.ts";

const roomId = "0123456789abcdef01234567";

describe("sendMessageSchema", () => {
  it("normalises and accepts a plain message", () => {
    const r = sendMessageSchema.parse({ roomId, clientMessageId: "c1", content: "  hi\u0000 " });
    expect(r).toEqual({ roomId, clientMessageId: "c1", content: "hi", attachments: [] });
  });

  it.each([
    ["not an object", "hello"],
    ["null", null],
    ["an array", [roomId]],
    ["no roomId", { clientMessageId: "c", content: "x" }],
    ["a malformed roomId", { roomId: "abc", clientMessageId: "c", content: "x" }],
    ["an operator as roomId", { roomId: { $ne: null }, clientMessageId: "c", content: "x" }],
    ["no clientMessageId", { roomId, content: "x" }],
    ["an empty clientMessageId", { roomId, clientMessageId: "", content: "x" }],
    ["a 65-character clientMessageId", { roomId, clientMessageId: "c".repeat(65), content: "x" }],
    ["a number as content", { roomId, clientMessageId: "c", content: 5 }],
    ["empty content", { roomId, clientMessageId: "c", content: "" }],
    ["only whitespace and controls", { roomId, clientMessageId: "c", content: " \n\u0001\t " }],
    ["4001 code points", { roomId, clientMessageId: "c", content: "a".repeat(4001) }],
    ["a huge raw string", { roomId, clientMessageId: "c", content: " ".repeat(70_000) + "a" }],
    [
      "attachments that are not a list",
      { roomId, clientMessageId: "c", content: "x", attachments: "a" },
    ],
    [
      "an attachment without url",
      {
        roomId,
        clientMessageId: "c",
        content: "x",
        attachments: [{ name: "a", size: 1, mimeType: "image/png" }],
      },
    ],
  ])("refuses %s", (_name, payload) => {
    expect(sendMessageSchema.safeParse(payload).success).toBe(false);
  });

  it("counts code points, not UTF-16 units", () => {
    expect(
      sendMessageSchema.safeParse({ roomId, clientMessageId: "c", content: "😀".repeat(4000) })
        .success,
    ).toBe(true);
  });

  it("accepts empty content with an attachment", () => {
    const attachments = [{ url: "/f/1", name: "a.png", size: 3, mimeType: "image/png" }];
    expect(sendMessageSchema.safeParse({ roomId, clientMessageId: "c", attachments }).success).toBe(
      true,
    );
  });
});

describe("other payloads", () => {
  it("fetch-messages: defaults, bounds, one cursor", () => {
    expect(fetchMessagesSchema.parse({ roomId })).toEqual({ roomId, limit: 50 });
    for (const limit of [0, 101, 1.5, "5", -1])
      expect(fetchMessagesSchema.safeParse({ roomId, limit }).success).toBe(false);
    expect(fetchMessagesSchema.safeParse({ roomId, before: roomId, after: roomId }).success).toBe(
      false,
    );
  });

  it("join-chat: roomId optional but well-formed, payload optional", () => {
    expect(joinChatSchema.parse({})).toEqual({});
    expect(joinChatSchema.parse(undefined)).toEqual({});
    expect(joinChatSchema.parse(null)).toEqual({});
    expect(joinChatSchema.safeParse({ roomId: "x" }).success).toBe(false);
    expect(joinChatSchema.safeParse("x").success).toBe(false);
  });

  it("message-delivered needs 1 to LIMITS.messageIdsMax (100) well-formed ids", () => {
    expect(messageDeliveredSchema.safeParse({ roomId, messageIds: [] }).success).toBe(false);
    expect(messageDeliveredSchema.safeParse({ roomId, messageIds: ["x"] }).success).toBe(false);
    expect(
      messageDeliveredSchema.safeParse({ roomId, messageIds: Array(101).fill(roomId) }).success,
    ).toBe(false);
    expect(
      messageDeliveredSchema.safeParse({ roomId, messageIds: Array(100).fill(roomId) }).success,
    ).toBe(true);
  });

  it("message-read and list-rooms have the contract's defaults", () => {
    expect(messageReadSchema.parse({ roomId })).toEqual({ roomId });
    expect(listRoomsSchema.parse({})).toEqual({ status: "open", assigned: "any", limit: 50 });
    expect(listRoomsSchema.safeParse({ assigned: "someone" }).success).toBe(false);
  });
});

describe("clientMessageId", () => {
  it("counts characters as code points", () => {
    const base = { roomId, content: "x" };
    expect(sendMessageSchema.safeParse({ ...base, clientMessageId: "😀".repeat(64) }).success).toBe(
      true,
    );
    expect(sendMessageSchema.safeParse({ ...base, clientMessageId: "😀".repeat(65) }).success).toBe(
      false,
    );
  });
});

describe("ids", () => {
  it("are read in one spelling: upper-case hex digits become lower-case", () => {
    // The room lock and socket rooms key on the id string: "65F0…" and "65f0…" must not be
    // two locks for one room.
    expect(idSchema.parse("65F0C0FFEE0000000000BEEF")).toBe("65f0c0ffee0000000000beef");
    expect(
      sendMessageSchema.parse({
        roomId: "65F0C0FFEE0000000000BEEF",
        clientMessageId: "c",
        content: "hi",
      }).roomId,
    ).toBe("65f0c0ffee0000000000beef");
  });
});
