import type { Room } from "@switchboard/protocol";
import type { Logger } from "pino";
import type { MessageRepository, StoredMessage } from "../persistence/messageRepository.ts";
import type { RoomRepository, RoomState } from "../persistence/roomRepository.ts";
import { changeOf, confirmCounted, countedOf, type Written } from "../persistence/messageWriter.ts";
import type { Outbox } from "./ports.ts";
import type { RoomLock } from "./roomLock.ts";
import type { UploadService } from "./uploadService.ts";

export interface PendingSendsDeps {
  rooms: RoomRepository;
  messages: MessageRepository;
  uploads: UploadService;
  lock: RoomLock;
  logger: Logger;
  /** The webhook outbox: a finished send's events are stored before it is counted. */
  outbox?: Outbox | undefined;
  /** Tells the room and its admins, and pushes: what a send does once it is counted. */
  onFinished(written: Written): void;
  /**
   * Tells the room's admins (and its customer) the room as stored, after a failed send
   * turned out to have nothing left to finish: it may have been stored and counted with
   * its announcement lost, and a client that sees a `lastMessageId` it lacks catches up.
   */
  onSettled?(room: Room): void;
}

/** How far back the start-up sweep looks for stored but uncounted sends. */
export const SWEEP_WINDOW_MS = 24 * 60 * 60 * 1000;
const REPAIR_DELAYS_MS = [1_000, 2_000, 5_000, 10_000, 30_000, 60_000];

/**
 * Finishes sends that were stored but not counted on their room: the message insert
 * succeeded and the room update then failed (a database restart, a timeout, a crash). A
 * send is finished the way a send that never failed ends: attachments bound to the room,
 * counted once on the room (unread count, preview, `lastMessageId`), announced
 * (`new-message`, `room-updated`) and pushed. Four paths lead here: the sender's retry,
 * the room's next send (whose insert finds the place taken), a repair this node schedules
 * when a send fails, and the sweep at start-up for a node that died in between.
 */
export class PendingSends {
  private readonly repairs = new Map<string, ReturnType<typeof setTimeout>>();
  private stopped = false;

  constructor(private readonly deps: PendingSendsDeps) {}

  /**
   * A stored message found again under its room's lock (`state` read under it): counts it
   * if its room has not yet. `room` is null when it was counted before.
   */
  async finishIfPending(
    stored: StoredMessage,
    state: RoomState,
  ): Promise<{ message: StoredMessage["message"]; room: Written["room"] | null }> {
    if (stored.message.roomId !== state.room.id || stored.seq <= state.seq) {
      return { message: stored.message, room: null };
    }
    return this.count(stored, state);
  }

  /**
   * Finishes the unfinished send that holds a room's next place, if any (under the room's
   * lock). Null when the place turned out free or finished.
   */
  async finishPlace(state: RoomState): Promise<Written | null> {
    const holder = await this.deps.messages.findBySeq(state.room.id, state.seq + 1);
    return holder ? this.count(holder, state) : null;
  }

  /** Finishes every unfinished send of a room, taking its lock; tells each as it is done. */
  async finishRoom(roomId: string): Promise<number> {
    return this.deps.lock.withRoom(roomId, async () => {
      for (let finished = 0; ; finished++) {
        const state = await this.deps.rooms.findState(roomId);
        const written = state ? await this.finishPlace(state) : null;
        if (!written) return finished;
        this.deps.onFinished(written); // now: a later failure must not leave it untold
      }
    });
  }

  /** A send into this room failed midway: finish it in the background, with backoff. */
  schedule(roomId: string, attempt = 0): void {
    if (this.stopped || (attempt === 0 && this.repairs.has(roomId))) return;
    const delay = REPAIR_DELAYS_MS[Math.min(attempt, REPAIR_DELAYS_MS.length - 1)]!;
    const timer = setTimeout(() => {
      this.repairs.delete(roomId);
      this.finishRoom(roomId)
        .then(async (n) => {
          if (n > 0) this.deps.logger.info({ roomId, finished: n }, "finished interrupted sends");
          else await this.settled(roomId);
        })
        .catch(() => this.schedule(roomId, attempt + 1));
    }, delay);
    timer.unref();
    this.repairs.set(roomId, timer);
  }

  /**
   * Finishes the sends of the last `windowMs` that a node stopped between their two writes
   * (run at start-up, in the background). Two queries, whatever the number of rooms.
   */
  async sweep(now = new Date(), windowMs = SWEEP_WINDOW_MS): Promise<number> {
    const newest = await this.deps.messages.newestPlacesSince(new Date(now.getTime() - windowMs));
    if (newest.size === 0) return 0;
    const states = await this.deps.rooms.findStates([...newest.keys()]);
    let finished = 0;
    for (const [roomId, seq] of newest) {
      if ((states.get(roomId)?.seq ?? seq) >= seq) continue;
      // One room that fails (the database blinked) is repaired later; the others go on.
      finished += await this.finishRoom(roomId).catch(() => (this.schedule(roomId), 0));
    }
    if (finished > 0) this.deps.logger.warn({ finished }, "finished sends interrupted by a stop");
    return finished;
  }

  /** Tells the room as stored (see `onSettled`): one read, on a failed send's path only. */
  private async settled(roomId: string): Promise<void> {
    if (!this.deps.onSettled) return;
    const state = await this.deps.rooms.findState(roomId);
    if (state) this.deps.onSettled(state.room);
  }

  /** Cancels scheduled repairs (the server is closing). */
  stop(): void {
    this.stopped = true;
    this.repairs.forEach((timer) => clearTimeout(timer));
    this.repairs.clear();
  }

  /** Binds its attachments, then counts it: a counted message always has readable files. */
  private async count(stored: StoredMessage, state: RoomState): Promise<Written> {
    const roomId = stored.message.roomId;
    await this.deps.uploads.bind(
      roomId,
      stored.message.attachments,
      stored.message.kind ?? "message",
    );
    await this.deps.outbox?.messages([changeOf(stored, state.room)]);
    const room = await this.deps.rooms.recordMessage(roomId, countedOf(stored));
    if (room) return { message: stored.message, room };
    return confirmCounted(stored, await this.deps.rooms.findState(roomId));
  }
}
