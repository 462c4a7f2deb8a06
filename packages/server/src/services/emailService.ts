import type { Message, Room } from "@switchboard/protocol";
import type { Logger } from "pino";
import type { Mailer } from "../email/smtpMailer.ts";
import type { EmailJobRepository } from "../persistence/emailJobRepository.ts";
import type { MessageRepository } from "../persistence/messageRepository.ts";
import type { RoomRepository } from "../persistence/roomRepository.ts";
import type { Clock } from "./ports.ts";
import type { RoomLock } from "./roomLock.ts";
import { SEND_CLAIM_MS } from "./transcriptEmail.ts";
import {
  TranscriptEmails,
  type TranscriptCopy,
  type TranscriptEmailRequest,
} from "./transcriptEmail.ts";

export interface EmailOptions {
  mailer: Mailer;
  /** `EMAIL_DELAY_S` in ms (default 120 s): how long an agent's message waits to be read. */
  delayMs: number;
  /** The page the widget is on (`EMAIL_LINK_URL`); the email links to it with the room. */
  linkUrl: string;
  /** The team's name, in the subject and the greeting. */
  teamName: string;
  /** How often the worker looks for due emails at most (default 1 s). */
  pollMs?: number;
  /** The first retry after a failed send (default 30 s), doubling up to an hour. */
  retryMs?: number;
}

export interface EmailServiceDeps {
  jobs: EmailJobRepository;
  rooms: RoomRepository;
  messages: MessageRepository;
  lock: RoomLock;
  clock: Clock;
  logger: Logger;
  /** The customer's copy of a room's transcript (emailed transcripts, an extension). */
  transcript?(roomId: string): Promise<TranscriptCopy | null>;
}

/** Messages of the conversation shown above the new ones, for context. */
const CONTEXT = 6;
/** Rooms one pass sends for at most; the next pass goes on. */
const PASS_MAX = 20;
/** Retry after a failed SMTP send: `first` (30 s), doubling, at most an hour. */
const retryDelayMs = (attempts: number, first = 30_000) =>
  Math.min(3_600_000, first * 2 ** (attempts - 1));
/** The lock key of a room's email state (apart from the room's own lock: sends never wait). */
const lockKey = (roomId: string) => `email:${roomId}`;

/**
 * Contract v2 email continuity. An agent's message in a room whose customer left an email
 * (`set-contact`) schedules the room's job before the send is ACKed (`schedule`); when it is
 * due (`EMAIL_DELAY_S` after the burst's first message) the worker emails every agent message
 * of the burst that is still `sent` (reached none of the customer's sockets, not read), never
 * a note or an activity, in one email with the recent conversation and a link back. The job
 * lives in the database, so a restart loses none; a failed SMTP send is retried with backoff;
 * SMTP runs outside every lock, so the chat never waits on it.
 */
export class EmailService {
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** When the armed timer fires (ms since the epoch): a later wake-up never postpones it. */
  private timerAt = Infinity;
  private running: Promise<void> | null = null;
  /** A wake-up came while a pass was running: run another once it ends. */
  private again = false;
  private stopped = false;
  private readonly transcripts: TranscriptEmails | null;

  constructor(
    private readonly deps: EmailServiceDeps,
    private readonly options: EmailOptions,
  ) {
    const render = deps.transcript;
    this.transcripts = render
      ? new TranscriptEmails({
          ...deps,
          mailer: options.mailer,
          render,
          lockKey,
          retryMs: options.retryMs ?? 30_000,
        })
      : null;
  }

  /**
   * Queues the room's transcript for `to` (its customer's stored address) and wakes the
   * worker; SMTP-free. A second request within a minute queues nothing more.
   */
  async requestTranscript(roomId: string, to: string): Promise<TranscriptEmailRequest> {
    if (!this.transcripts) throw new Error("no transcript renderer");
    const { queued, ...request } = await this.transcripts.request(roomId, to);
    if (queued) this.wake(0);
    return request;
  }

  /**
   * After an agent's message is stored, before its ACK: marks the room's job pending, due
   * `delay` after the burst's first message. Cheap and SMTP-free.
   */
  async schedule(room: Room, message: Message): Promise<void> {
    if (!room.customerEmail || message.senderRole !== "admin") return;
    if ((message.kind ?? "message") !== "message") return;
    await this.deps.lock.withRoom(lockKey(room.id), async () => {
      const job = await this.deps.jobs.find(room.id);
      const due = new Date(new Date(message.createdAt).getTime() + this.options.delayMs);
      await this.deps.jobs.save(room.id, {
        scheduled: (job?.scheduled ?? 0) + 1,
        ...(job?.pending ? {} : { pending: true, dueAt: due, attempts: 0 }),
      });
    });
    this.wake(this.options.delayMs);
  }

  /** Starts the worker: due jobs now (a restart's), then as they fall due. */
  start(): this {
    this.stopped = false;
    this.wake(0);
    return this;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.timerAt = Infinity;
  }

  /** Resolves once no pass is running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private wake(inMs: number): void {
    if (this.stopped) return;
    const ms = inMs === 0 ? 0 : Math.max(inMs, this.options.pollMs ?? 1_000);
    const at = Date.now() + ms;
    if (this.timer && this.timerAt <= at) return; // an earlier wake-up is already armed
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerAt = Infinity;
      void this.pass();
    }, ms);
    this.timer.unref();
  }

  /** One pass: every due job, then sleep until the next is due (or a minute). */
  private async pass(): Promise<void> {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    const run = (async () => {
      try {
        const now = this.deps.clock();
        const due = await this.deps.jobs.due(now, PASS_MAX);
        for (const roomId of due) {
          if (this.stopped) return;
          await this.sendFor(roomId).catch((err: unknown) =>
            this.deps.logger.warn({ err, roomId }, "email pass failed for a room"),
          );
          await this.transcripts
            ?.sendDue(roomId, this.options.teamName)
            .catch((err: unknown) =>
              this.deps.logger.warn({ err, roomId }, "transcript email failed for a room"),
            );
        }
        const next = await this.deps.jobs.nextDue();
        const wait = next ? next.getTime() - this.deps.clock().getTime() : 60_000;
        this.wake(Math.min(60_000, Math.max(wait, 0)) || 1);
      } catch (err) {
        this.deps.logger.warn({ err }, "email pass failed; retrying");
        this.wake(5_000);
      }
    })();
    this.running = run.finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.wake(0);
      }
    });
    await this.running;
  }

  /** Emails one room's due burst, if anything of it is still unread and undelivered. */
  private async sendFor(roomId: string): Promise<void> {
    // Under the email lock: what to send, and the schedule count it answers.
    const plan = await this.deps.lock.withRoom(lockKey(roomId), async () => {
      const job = await this.deps.jobs.find(roomId);
      if (!job?.pending || !job.dueAt || job.dueAt > this.deps.clock()) return null;
      const room = await this.deps.rooms.findById(roomId);
      const fresh = room?.customerEmail
        ? await this.deps.messages.agentMessagesAfter(roomId, job.emailedUpTo)
        : [];
      const newest = fresh.at(-1);
      const unread = fresh.filter((m) => m.status === "sent");
      if (!room?.customerEmail || unread.length === 0) {
        // Read or delivered meanwhile (or no address any more): nothing to send, ever.
        await this.deps.jobs.save(roomId, {
          pending: false,
          dueAt: null,
          ...(newest ? { emailedUpTo: new Date(newest.createdAt) } : {}),
        });
        return null;
      }
      // This node sends it: other nodes' workers skip the job until the claim runs out (a node
      // that dies mid-send leaves it due again then), so a cluster emails a burst once.
      await this.deps.jobs.save(roomId, {
        dueAt: new Date(this.deps.clock().getTime() + SEND_CLAIM_MS),
      });
      // A full read (50) may leave more behind: they go in the next email.
      return { room, job, unread, upTo: new Date(newest!.createdAt), full: fresh.length === 50 };
    });
    if (!plan) return;
    const { room, job, unread, upTo, full } = plan;
    const context = await this.deps.messages.recentVisible(roomId, CONTEXT + unread.length);
    try {
      await this.options.mailer.send(this.compose(room, unread, context, upTo));
    } catch (err) {
      const attempts = job.attempts + 1;
      this.deps.logger.warn({ err, roomId, attempts }, "email not sent; will retry");
      await this.deps.lock.withRoom(lockKey(roomId), () =>
        this.deps.jobs.save(roomId, {
          attempts,
          dueAt: new Date(
            this.deps.clock().getTime() + retryDelayMs(attempts, this.options.retryMs),
          ),
          lastError: err instanceof Error ? err.message : String(err),
        }),
      );
      return;
    }
    this.deps.logger.info({ roomId, messages: unread.length }, "email sent");
    await this.deps.lock.withRoom(lockKey(roomId), async () => {
      const now = await this.deps.jobs.find(roomId);
      // A message scheduled while the email was going out starts the next burst.
      const more = full || (now?.scheduled ?? 0) !== job.scheduled;
      await this.deps.jobs.save(roomId, {
        emailedUpTo: upTo,
        attempts: 0,
        lastError: null,
        pending: more,
        dueAt: more ? new Date(this.deps.clock().getTime() + this.options.delayMs) : null,
      });
    });
  }

  private compose(room: Room, unread: Message[], context: Message[], upTo: Date) {
    const { teamName, linkUrl } = this.options;
    const link = `${linkUrl}${linkUrl.includes("?") ? "&" : "?"}switchboard-room=${room.id}`;
    const newIds = new Set(unread.map((m) => m.id));
    const earlier = context.filter((m) => !newIds.has(m.id) && m.createdAt < unread[0]!.createdAt);
    const who = (m: Message) =>
      m.senderRole === "customer" ? "You" : m.kind === "activity" ? "" : teamName;
    const text = [
      `${teamName} replied to your conversation:`,
      "",
      ...unread.map((m) => `${m.content}${files(m)}`),
      "",
      `Reply here: ${link}`,
      ...(earlier.length
        ? ["", "Earlier in the conversation:", ...earlier.map((m) => `${who(m)}: ${m.content}`)]
        : []),
    ].join("\n");
    const html = `<!doctype html><html lang="en"><body style="font:15px/1.5 system-ui,sans-serif;color:#1f2937">
<p>${escape(teamName)} replied to your conversation:</p>
${unread.map((m) => `<p style="white-space:pre-wrap;background:#f3f4f6;padding:8px 12px;border-radius:8px">${escape(m.content)}${escape(files(m))}</p>`).join("\n")}
<p><a href="${escape(link)}">Open the conversation</a></p>
${earlier.length ? `<p style="color:#4b5563">Earlier in the conversation:</p>${earlier.map((m) => `<p style="color:#4b5563;white-space:pre-wrap">${escape(who(m))}: ${escape(m.content)}</p>`).join("\n")}` : ""}
</body></html>`;
    return {
      to: room.customerEmail!,
      subject: `${teamName}: new reply to your conversation`,
      text,
      html,
      // The same burst has the same id, so a resend after a crash can be recognised.
      messageId: `<room-${room.id}-${upTo.getTime()}@switchboard>`,
    };
  }
}

const files = (m: Message) =>
  m.attachments.length ? ` [${m.attachments.map((a) => a.name).join(", ")}]` : "";

const escape = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => `&${{ "&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "#39" }[c]};`,
  );
