import type { Message } from "@switchboard/protocol";
import { describe, expect, it } from "vitest";
import { markReadTarget, shouldMarkRead, type MarkReadInput } from "./markRead.ts";
import type { ChatMessage } from "./types.ts";

let n = 0;
function msg(over: Partial<ChatMessage> = {}): ChatMessage {
  n++;
  const base: Message = {
    id: n.toString(16).padStart(24, "0"),
    roomId: "r".repeat(24),
    senderId: "u1",
    senderRole: "customer",
    clientMessageId: `c${n}`,
    content: `m${n}`,
    attachments: [],
    status: "sent",
    createdAt: new Date(Date.UTC(2025, 0, 1) + n * 1000).toISOString(),
    deliveredAt: null,
    readAt: null,
  };
  return { ...base, localStatus: "stored", ...over };
}

const fromAgent = msg({ senderId: "a1", senderRole: "admin" });
const mine = msg();
const input = (over: Partial<MarkReadInput> = {}): MarkReadInput => ({
  messages: [fromAgent, mine],
  viewerRole: "customer",
  visible: true,
  connectionStatus: "online",
  ...over,
});

describe("mark-read rule", () => {
  it("skips activities and notes (contract v2): they take no receipts", () => {
    const read = msg({ senderId: "a1", senderRole: "admin", status: "read" });
    const activity = msg({ senderId: "system", senderRole: "admin", kind: "activity" });
    expect(markReadTarget(input({ messages: [read, activity] }))).toBeNull();
    const note = msg({ senderId: "a2", senderRole: "admin", kind: "note" });
    expect(markReadTarget(input({ messages: [fromAgent, activity, note] }))).toBe(fromAgent.id);
  });

  it("names the newest unread message of the other side when the user can see it", () => {
    expect(markReadTarget(input())).toBe(fromAgent.id);
    expect(shouldMarkRead(input())).toBe(true);
  });

  it.each<[string, Partial<MarkReadInput>]>([
    [
      "the room is not visible (another room, a hidden page, the app in the background)",
      { visible: false },
    ],
    ["the end of the log is not in view", { atEnd: false }],
    [
      "the client is not online (the receipt would be dropped)",
      { connectionStatus: "reconnecting" },
    ],
    [
      "the other side's newest message is read already",
      { messages: [{ ...fromAgent, status: "read" }, mine] },
    ],
    ["only the viewer wrote", { messages: [mine] }],
    ["the room's messages are not loaded", { messages: undefined }],
  ])("does nothing when %s", (_why, over) => {
    expect(markReadTarget(input(over))).toBeNull();
    expect(shouldMarkRead(input(over))).toBe(false);
  });

  it("never takes the viewer's own pending copy for the other side's message", () => {
    // Before the identity is known, a pending copy carries the role "customer".
    const pending = msg({ id: "local:x", senderId: "", localStatus: "pending" });
    const read = { ...msg({ senderRole: "customer" }), status: "read" as const };
    expect(markReadTarget(input({ viewerRole: "admin", messages: [read, pending] }))).toBeNull();
  });

  it("follows a new message: the target moves to it", () => {
    const next = msg({ senderId: "a1", senderRole: "admin" });
    const readFirst = { ...fromAgent, status: "read" as const };
    expect(markReadTarget(input({ messages: [readFirst, mine, next] }))).toBe(next.id);
  });
});
