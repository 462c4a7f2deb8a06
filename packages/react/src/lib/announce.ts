import type { Attachment, Message, MessageKind, Role } from "@switchboard/protocol";
import { activityText, translator, type Translator } from "../i18n/index.ts";
import { isImage } from "./files.ts";

const english = translator();

/** What a message's files are, in words: "an image", "3 images", "a file invoice.pdf", "2 files". */
function filesInWords(attachments: readonly Attachment[], t: Translator): string {
  const images = attachments.filter((a) => isImage(a.mimeType)).length;
  const files = attachments.filter((a) => !isImage(a.mimeType));
  const parts: string[] = [];
  if (images > 0) parts.push(images === 1 ? t("files.image") : t.plural("files.images", images));
  if (files.length === 1)
    parts.push(t("files.file", { name: files[0]!.name || t("files.unnamed") }));
  else if (files.length > 1) parts.push(t.plural("files.files", files.length));
  return parts.length === 2 ? t("files.and", { a: parts[0]!, b: parts[1]! }) : (parts[0] ?? "");
}

/**
 * What the live region says for another person's new message: "Acme Support: Hello",
 * "Acme Support sent an image", "Grace sent a file invoice.pdf: Here it is", an activity's
 * own sentence, a teammate's note as a note. Never "Name: " with nothing after it.
 *
 * @param message - The message (its kind, content and attachments).
 * @param name - Who sent it, as the log names them.
 * @param t - The words' language (`useTranslator()`); default English.
 * @param viewer - Who reads it (an activity is worded for them); default an agent.
 */
export function announcementOf(
  message: { kind?: MessageKind; content: string; attachments: readonly Attachment[] } & Partial<
    Pick<Message, "senderId" | "activity">
  >,
  name: string,
  t: Translator = english,
  viewer: Role = "admin",
): string {
  const { content: text, attachments } = message;
  if (message.kind === "activity") return activityText({ senderId: "", ...message }, t, viewer);
  const files = attachments.length > 0 ? filesInWords(attachments, t) : "";
  if (message.kind === "note") {
    const what = [text, files && t("announce.with", { files })].filter(Boolean).join(", ");
    return t("announce.note", { name, text: what });
  }
  if (!files) return t("announce.text", { name, text });
  return text
    ? t("announce.filesText", { name, files, text })
    : t("announce.files", { name, files });
}
