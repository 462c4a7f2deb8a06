import type { ChatMessage } from "@switchboard/client";
import type { Room } from "@switchboard/protocol";

/** One line about the last message, for rooms opened in this tab; "You: …" for one's own. */
export function previewOf(
  messages: readonly ChatMessage[] | undefined,
  me: string | undefined,
): string | undefined {
  // The room's preview is its newest message that is not a note (contract v2 `lastMessage`).
  const last = messages?.findLast((m) => m.kind !== "note");
  if (!last) return undefined;
  const first = last.attachments[0];
  // Words, not emoji: not every system has an emoji font.
  const text =
    last.content || (first ? (first.mimeType.startsWith("image/") ? "Image" : first.name) : "");
  if (!text) return undefined;
  // An activity is a sentence about the chat ("Ana took the chat"), not something said.
  if (last.kind === "activity") return text;
  return me !== undefined && last.senderId === me ? `You: ${text}` : text;
}

/**
 * The inbox line from the room itself (`room.lastMessage`, sent by the server), for rooms
 * whose messages this tab has not loaded. An agent's message reads "You: ..." when the room
 * is assigned to me (only the assignee may write into an assigned room), else "Agent: ...".
 */
export function previewOfRoom(room: Room, me: string | undefined): string | undefined {
  const last = room.lastMessage;
  if (!last) return undefined;
  const text =
    last.text ||
    (last.attachments === 1
      ? "Attachment"
      : last.attachments > 1
        ? `${last.attachments} attachments`
        : "");
  if (!text) return undefined;
  if (last.senderRole === "customer") return text;
  return `${me !== undefined && room.adminId === me ? "You" : "Agent"}: ${text}`;
}
