import type { TranscriptEmailed } from "@switchboard/protocol";
import type { Logger } from "pino";
import type { Mailer } from "../email/smtpMailer.ts";
import type { EmailJobRepository } from "../persistence/emailJobRepository.ts";
import type { Clock } from "./ports.ts";
import type { RoomLock } from "./roomLock.ts";

/** A second request within this long after the first sends nothing more (a double click, a retry). */
export const TRANSCRIPT_EMAIL_WINDOW_MS = 60_000;
/** Attempts at most before a transcript is given up (the backoff then spans about 2 hours). */
const MAX_ATTEMPTS = 9;
/**
 * A node about to send takes the job this long (under the lock): another node's worker skips
 * it meanwhile, so a cluster sends it once; a node that dies mid-send leaves it due again then.
 */
export const SEND_CLAIM_MS = 5 * 60_000;

/** The customer's copy of a conversation (never a note), ready to mail. */
export interface TranscriptCopy {
  title: string;
  text: string;
  html: string;
}

/** What a request answers: where the transcript goes and when it was asked for. */
export type TranscriptEmailRequest = TranscriptEmailed;

export interface TranscriptEmailDeps {
  jobs: EmailJobRepository;
  lock: RoomLock;
  clock: Clock;
  logger: Logger;
  mailer: Mailer;
  /** Renders the room's transcript as its customer sees it, when the email goes out (null: the room is gone). */
  render(roomId: string): Promise<TranscriptCopy | null>;
  /** The lock key of a room's email state (the same as the bursts'). */
  lockKey(roomId: string): string;
  /** The first retry after a failed send, doubling up to an hour. */
  retryMs: number;
}

/**
 * Emailed transcripts (an extension beyond the contract): a request queues one in the room's
 * email job (the database, so a restart loses none) and answers at once; the email worker
 * sends it with the conversation as it is then, text and HTML, retried with backoff when
 * SMTP fails. A request within {@link TRANSCRIPT_EMAIL_WINDOW_MS} of the last one queues
 * nothing new.
 */
export class TranscriptEmails {
  constructor(private readonly deps: TranscriptEmailDeps) {}

  /** Queues the room's transcript for `to`, unless one was asked for moments ago. */
  async request(roomId: string, to: string): Promise<TranscriptEmailRequest & { queued: boolean }> {
    const { jobs, clock } = this.deps;
    return this.deps.lock.withRoom(this.deps.lockKey(roomId), async () => {
      const job = await jobs.find(roomId);
      const now = clock();
      const last = job?.transcriptRequestedAt;
      if (last && job.transcriptTo && now.getTime() - last.getTime() < TRANSCRIPT_EMAIL_WINDOW_MS)
        return { to: job.transcriptTo, requestedAt: last.toISOString(), queued: false };
      await jobs.save(roomId, {
        transcriptDueAt: now,
        transcriptTo: to,
        transcriptRequestedAt: now,
        transcriptAttempts: 0,
      });
      return { to, requestedAt: now.toISOString(), queued: true };
    });
  }

  /** Sends the room's transcript if one is due (the worker's pass calls it for due rooms). */
  async sendDue(roomId: string, teamName: string): Promise<void> {
    const { jobs, clock, lock, lockKey } = this.deps;
    const job = await lock.withRoom(lockKey(roomId), async () => {
      const found = await jobs.find(roomId);
      if (!found?.transcriptDueAt || !found.transcriptTo || found.transcriptDueAt > clock())
        return null;
      await jobs.save(roomId, { transcriptDueAt: new Date(clock().getTime() + SEND_CLAIM_MS) });
      return found;
    });
    if (!job?.transcriptDueAt || !job.transcriptTo) return;
    const requestedAt = job.transcriptRequestedAt ?? job.transcriptDueAt;
    try {
      const copy = await this.deps.render(roomId);
      if (!copy) {
        // Erased meanwhile: nothing to send, ever.
        await lock.withRoom(lockKey(roomId), () => jobs.save(roomId, { transcriptDueAt: null }));
        return;
      }
      await this.deps.mailer.send({
        to: job.transcriptTo,
        subject: `${teamName}: the transcript of your conversation`,
        text: copy.text,
        html: copy.html,
        messageId: `<transcript-${roomId}-${requestedAt.getTime()}@switchboard>`,
      });
    } catch (err) {
      const attempts = job.transcriptAttempts + 1;
      const giveUp = attempts >= MAX_ATTEMPTS;
      this.deps.logger.warn({ err, roomId, attempts, giveUp }, "transcript email not sent");
      const retry = Math.min(3_600_000, this.deps.retryMs * 2 ** (attempts - 1));
      await lock.withRoom(lockKey(roomId), async () => {
        const now = await jobs.find(roomId);
        // Asked again meanwhile (after the window): that request, due now, stands.
        if (now?.transcriptRequestedAt?.getTime() !== job.transcriptRequestedAt?.getTime()) return;
        await jobs.save(roomId, {
          transcriptAttempts: attempts,
          transcriptDueAt: giveUp ? null : new Date(clock().getTime() + retry),
          lastError: err instanceof Error ? err.message : String(err),
        });
      });
      return;
    }
    this.deps.logger.info({ roomId }, "transcript emailed");
    await lock.withRoom(lockKey(roomId), async () => {
      const now = await jobs.find(roomId);
      // Asked again meanwhile (after the window): that request is its own email.
      if (now?.transcriptRequestedAt?.getTime() !== job.transcriptRequestedAt?.getTime()) return;
      await jobs.save(roomId, { transcriptDueAt: null, transcriptAttempts: 0 });
    });
  }
}
