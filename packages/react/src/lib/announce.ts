import type { Attachment, MessageKind } from "@switchboard/protocol";
import { isImage } from "./files.ts";

/** What a message's files are, in words: "an image", "3 images", "a file invoice.pdf", "2 files". */
function filesInWords(attachments: readonly Attachment[]): string {
  const images = attachments.filter((a) => isImage(a.mimeType)).length;
  const files = attachments.filter((a) => !isImage(a.mimeType));
  const parts: string[] = [];
  if (images > 0) parts.push(images === 1 ? "an image" : `${images} images`);
  if (files.length === 1) parts.push(`a file ${files[0]!.name || "without a name"}`);
  else if (files.length > 1) parts.push(`${files.length} files`);
  return parts.join(" and ");
}

/**
 * What the live region says for another person's new message: "Acme Support: Hello",
 * "Acme Support sent an image", "Grace sent a file invoice.pdf: Here it is", an activity's
 * own sentence, a teammate's note as a note. Never "Name: " with nothing after it.
 *
 * @param message - The message (its kind, content and attachments).
 * @param name - Who sent it, as the log names them.
 */
export function announcementOf(
  message: { kind?: MessageKind; content: string; attachments: readonly Attachment[] },
  name: string,
): string {
  const { content, attachments } = message;
  if (message.kind === "activity") return content;
  const files = attachments.length > 0 ? filesInWords(attachments) : "";
  if (message.kind === "note") {
    const what = [content, files && `with ${files}`].filter(Boolean).join(", ");
    return `${name} noted, for agents only: ${what}`;
  }
  if (!files) return `${name}: ${content}`;
  return content ? `${name} sent ${files}: ${content}` : `${name} sent ${files}`;
}
