import { randomUUID } from "node:crypto";
import { ChatError, type MessageActivity } from "@switchboard/protocol";
import type { RoomRepository, RoomState } from "../persistence/roomRepository.ts";
import type { MessageWriter, Written } from "../persistence/messageWriter.ts";
import { stampAfter } from "./stamp.ts";
import type { PendingSends } from "./pendingSends.ts";
import type { Clock } from "./ports.ts";

/** An activity to write, as a caller decides it from the room's current state. */
export interface ActivityPlan {
  activity: MessageActivity;
  /** A readable English sentence (what a client that does not draw `activity` shows). */
  content: string;
  /** The acting agent's id, or `"system"` (routing; a customer's own close). */
  senderId: string;
}

export interface ActivitiesDeps {
  rooms: RoomRepository;
  writer: MessageWriter;
  pending: PendingSends;
  clock: Clock;
}

/** How many unfinished sends one activity finishes before giving up (as a send does). */
const MAX_PLACE_TRIES = 3;

/**
 * Writes activity messages (contract v2: assigned, transferred, closed), each together with
 * the room change it records: the message takes the room's next place and the update that
 * counts it makes the change (see roomRepository's `activityChange`), so a room is never
 * assigned or closed without its activity, nor the other way round. Callers hold the room's
 * lock.
 */
export class Activities {
  constructor(private readonly deps: ActivitiesDeps) {}

  /**
   * Decides from the room's state (`plan`: null for "nothing to do", or throws to refuse) and
   * writes the activity. Resolves the written activity, or null with the room as it is when
   * `plan` chose nothing. `others`: unfinished sends this finished on the way (the caller
   * announces them).
   */
  async record(
    roomId: string,
    stillOurs: boolean,
    others: Written[],
    plan: (state: RoomState) => ActivityPlan | null,
  ): Promise<{ written: Written | null; state: RoomState }> {
    for (let tries = 0; tries < MAX_PLACE_TRIES; tries++) {
      const state = await this.deps.rooms.findState(roomId, { cached: stillOurs && tries === 0 });
      if (!state) throw new ChatError("NOT_FOUND", "room not found");
      const planned = plan(state);
      if (!planned) return { written: null, state };
      const written = await this.deps.writer.write(
        {
          roomId,
          seq: state.seq + 1,
          senderId: planned.senderId,
          senderRole: "admin",
          clientMessageId: `activity:${randomUUID()}`,
          kind: "activity",
          content: planned.content,
          attachments: [],
          createdAt: stampAfter(this.deps.clock(), state.lastEntryAt),
          activity: planned.activity,
        },
        state.room,
      );
      if (written) {
        const after = await this.deps.rooms.findState(roomId, { cached: true });
        return { written, state: after ?? state };
      }
      // An unfinished send holds the place (a fresh clientMessageId is never a duplicate).
      const other = await this.deps.pending.finishPlace(state);
      if (other) others.push(other);
    }
    throw new ChatError("INTERNAL", "the room's next place stayed taken");
  }
}
