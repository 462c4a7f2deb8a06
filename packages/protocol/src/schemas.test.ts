import { describe, expect, it } from "vitest";
import {
  createCannedResponseSchema,
  fetchMessagesSchema,
  rateChatSchema,
  searchSchema,
  setContactSchema,
  setLabelsSchema,
  updateCannedResponseSchema,
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
    expect(r).toEqual({
      roomId,
      clientMessageId: "c1",
      content: "hi",
      attachments: [],
      kind: "message",
    });
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

describe("contract v2 payloads", () => {
  it("send-message takes kind message or note, never activity", () => {
    const base = { roomId, clientMessageId: "c1", content: "x" };
    expect(sendMessageSchema.parse({ ...base, kind: "note" }).kind).toBe("note");
    expect(sendMessageSchema.safeParse({ ...base, kind: "activity" }).success).toBe(false);
  });

  it("set-labels: 0 to 10 labels of a-z0-9-_, duplicates dropped in order", () => {
    expect(setLabelsSchema.parse({ roomId, labels: ["vip", "billing", "vip"] }).labels).toEqual([
      "vip",
      "billing",
    ]);
    expect(setLabelsSchema.parse({ roomId, labels: [] }).labels).toEqual([]);
    for (const labels of [["VIP"], ["a b"], [""], ["x".repeat(33)], Array(11).fill("a"), "vip"])
      expect(setLabelsSchema.safeParse({ roomId, labels }).success, String(labels)).toBe(false);
  });

  it("set-contact: a trimmed, lower-cased email", () => {
    expect(setContactSchema.parse({ email: "  Ada@Example.COM " }).email).toBe("ada@example.com");
    for (const email of ["", "nope", "a@", `${"a".repeat(250)}@b.co`, 42])
      expect(setContactSchema.safeParse({ email }).success, String(email)).toBe(false);
  });

  it("rate-chat: an integer score 1 to 5 and a comment of at most 1000 code points", () => {
    expect(rateChatSchema.parse({ roomId, score: 5 })).toEqual({ roomId, score: 5, comment: "" });
    expect(rateChatSchema.parse({ roomId, score: 1, comment: " ok\u0000 " }).comment).toBe("ok");
    for (const score of [0, 6, 2.5, "5"])
      expect(rateChatSchema.safeParse({ roomId, score }).success, String(score)).toBe(false);
    expect(rateChatSchema.safeParse({ roomId, score: 3, comment: "é".repeat(1001) }).success).toBe(
      false,
    );
  });

  it("list-rooms takes label and q; search's q is 2 to 200 characters once trimmed", () => {
    expect(listRoomsSchema.parse({ label: "vip", q: " refund " })).toMatchObject({
      label: "vip",
      q: "refund",
    });
    for (const q of [" a ", "x".repeat(201)])
      expect(searchSchema.safeParse({ q }).success, q).toBe(false);
  });

  it("canned responses: shortcode a-z0-9-_ (lower-cased), content required, a patch changes something", () => {
    expect(
      createCannedResponseSchema.parse({ shortcode: " Refund ", content: "Hi {{customer.name}}" }),
    ).toEqual({ shortcode: "refund", content: "Hi {{customer.name}}" });
    expect(createCannedResponseSchema.safeParse({ shortcode: "a b", content: "x" }).success).toBe(
      false,
    );
    expect(createCannedResponseSchema.safeParse({ shortcode: "ok", content: " " }).success).toBe(
      false,
    );
    expect(updateCannedResponseSchema.safeParse({}).success).toBe(false);
    expect(updateCannedResponseSchema.parse({ title: "Refunds" })).toEqual({ title: "Refunds" });
  });
});
