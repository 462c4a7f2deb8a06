import { ChatError, type Message, type Room, type TranscriptFormat } from "@switchboard/protocol";
import type { Identity } from "../auth/tokens.ts";
import type { MessageRepository } from "../persistence/messageRepository.ts";
import type { RoomAccess } from "./access.ts";
import { customerView } from "./ports.ts";
import type { TranscriptCopy, TranscriptEmailRequest } from "./transcriptEmail.ts";

/** Where emailed transcripts are queued (the email service, when SMTP is configured). */
export interface TranscriptMailQueue {
  requestTranscript(roomId: string, to: string): Promise<TranscriptEmailRequest>;
}

/** Entries a transcript holds at most (the newest, with a line saying so when cut). */
export const TRANSCRIPT_MAX_ENTRIES = 20_000;
/** Entries an emailed transcript holds at most, the newest (a note says when it is cut). */
export const TRANSCRIPT_EMAIL_MAX_ENTRIES = 300;

export interface Transcript {
  contentType: string;
  /** A download name, `transcript-<roomId>.<ext>`. */
  filename: string;
  body: string;
}

/**
 * Contract v2 transcripts: the whole conversation for its customer (without notes) or an
 * agent (with notes, marked), as text, HTML or JSON. Names: the customer's (room
 * `customerName`, else "Customer"), agents' from the agent directory (`agentName`).
 */
export class TranscriptService {
  constructor(
    private readonly deps: {
      access: RoomAccess;
      messages: MessageRepository;
      agentName(id: string): Promise<string | null>;
      teamName: string;
      /** The address a customer left last (`set-contact`, on any of their rooms), or null. */
      latestEmail(customerId: string): Promise<string | null>;
      /** Emailed transcripts; null (the default) without SMTP. */
      mail?: () => TranscriptMailQueue | null;
    },
  ) {}

  /**
   * Emails the room's transcript to its customer (an extension beyond the contract): the
   * room's customer or an admin asks; it goes only to the address the customer left with
   * `set-contact` (the one they left last, on any of their rooms: after the chat ended it lands
   * on their next room; else the room's), never to one given here. Queued, never waiting on
   * SMTP.
   */
  async email(user: Identity, roomId: string): Promise<TranscriptEmailRequest> {
    const room = await this.deps.access.roomFor(user, roomId);
    const mail = this.deps.mail?.() ?? null;
    if (!mail) throw new ChatError("NOT_FOUND", "email is off on this server (SMTP_URL)");
    // The newest address the customer left wins: one they corrected after the chat ended
    // (stored on their next room) replaces a mistyped one on this room.
    const to = (await this.deps.latestEmail(room.customerId)) ?? room.customerEmail;
    if (!to) throw new ChatError("CONFLICT", "the customer left no email address (set-contact)");
    return mail.requestTranscript(roomId, to);
  }

  /** The conversation as its customer sees it (no notes), as text and HTML, for an email. */
  async customerCopy(room: Room): Promise<TranscriptCopy> {
    // The newest entries only: an email stays a few megabytes at most (the download has all).
    const { messages, cut } = await this.deps.messages.all(
      room.id,
      false,
      TRANSCRIPT_EMAIL_MAX_ENTRIES,
    );
    const names = await this.names(room, messages);
    const lines = messages.map((m) => line(m, names));
    const title = this.title(room);
    return { title, text: text(title, lines, cut), html: html(title, lines, cut) };
  }

  private title(room: Room): string {
    return `${this.deps.teamName}: conversation of ${day(room.createdAt)}`;
  }

  async transcript(user: Identity, roomId: string, format: TranscriptFormat): Promise<Transcript> {
    const found = await this.deps.access.roomFor(user, roomId);
    const agent = user.role === "admin";
    const room = agent ? found : customerView(found);
    const { messages, cut } = await this.deps.messages.all(roomId, agent, TRANSCRIPT_MAX_ENTRIES);
    const filename = `transcript-${roomId}`;
    if (format === "json")
      return {
        contentType: "application/json; charset=utf-8",
        filename: `${filename}.json`,
        body: JSON.stringify({ room, messages, cut }),
      };
    const names = await this.names(room, messages);
    const lines = messages.map((m) => line(m, names));
    const title = this.title(room);
    if (format === "text")
      return {
        contentType: "text/plain; charset=utf-8",
        filename: `${filename}.txt`,
        body: text(title, lines, cut),
      };
    if (format === "html")
      return {
        contentType: "text/html; charset=utf-8",
        filename: `${filename}.html`,
        body: html(title, lines, cut),
      };
    throw new ChatError("VALIDATION", "format must be text, html or json");
  }

  /** Each sender's display name. */
  private async names(room: Room, messages: Message[]): Promise<Map<string, string>> {
    const names = new Map<string, string>([["system", ""]]);
    names.set(room.customerId, room.customerName?.trim() || "Customer");
    const agents = new Set(
      messages
        .filter((m) => m.senderRole === "admin" && !names.has(m.senderId))
        .map((m) => m.senderId),
    );
    await Promise.all(
      // An agent the directory does not know is "Agent": their id may be an SSO subject or an
      // email address, not for the customer's eyes.
      [...agents].map(async (id) => names.set(id, (await this.deps.agentName(id)) ?? "Agent")),
    );
    return names;
  }
}

const CUT_NOTE = `(Only the newest ${TRANSCRIPT_MAX_ENTRIES.toLocaleString("en-US")} entries.)`;

interface Line {
  at: string;
  who: string;
  kind: "message" | "note" | "activity";
  text: string;
  files: string[];
}

function line(m: Message, names: Map<string, string>): Line {
  return {
    at: m.createdAt,
    who: names.get(m.senderId) ?? m.senderId,
    kind: m.kind ?? "message",
    text: m.content,
    files: m.attachments.map((a) => a.name),
  };
}

/** `2026-12-05 14:03 UTC` */
const stamp = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
const day = (iso: string) => iso.slice(0, 10);

function textLine(l: Line): string {
  const files = l.files.length ? ` [${l.files.join(", ")}]` : "";
  if (l.kind === "activity") return `[${stamp(l.at)}] -- ${l.text} --`;
  const note = l.kind === "note" ? " (private note)" : "";
  return `[${stamp(l.at)}] ${l.who}${note}: ${l.text}${files}`.replace(/\n/g, "\n    ");
}

const text = (title: string, lines: Line[], cut: boolean) =>
  [title, "", ...(cut ? [CUT_NOTE, ""] : []), ...lines.map(textLine)].join("\n") + "\n";

const escape = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => `&${{ "&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "#39" }[c]};`,
  );

function html(title: string, lines: Line[], cut: boolean): string {
  const rows = lines.map((l) => {
    const time = `<time datetime="${escape(l.at)}">${escape(stamp(l.at))}</time>`;
    if (l.kind === "activity") return `<li class="activity">${time} ${escape(l.text)}</li>`;
    const files = l.files.length
      ? `<div class="files">${l.files.map((f) => `📎 ${escape(f)}`).join("<br>")}</div>`
      : "";
    const note = l.kind === "note" ? ` <span class="tag">private note</span>` : "";
    return `<li class="${l.kind}"><div class="meta"><strong>${escape(l.who)}</strong>${note} ${time}</div><div class="text">${escape(l.text)}</div>${files}</li>`;
  });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;color:#1f2937;max-width:44rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.25rem}ol{list-style:none;padding:0}li{margin:0 0 1rem}
.meta{font-size:.8rem;color:#4b5563}.text{white-space:pre-wrap;unicode-bidi:plaintext}
.note{background:#fef3c7;padding:.5rem;border-radius:.5rem}.tag{color:#92400e}
.activity{text-align:center;color:#4b5563;font-size:.85rem}.files{color:#374151;font-size:.85rem}
</style>
</head>
<body>
<main>
<h1>${escape(title)}</h1>
${cut ? `<p>${escape(CUT_NOTE)}</p>` : ""}
<ol>
${rows.join("\n")}
</ol>
</main>
</body>
</html>
`;
}
