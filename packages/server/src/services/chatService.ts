import {
  ChatError,
  LIMITS,
  type FetchMessagesInput,
  type JoinChatData,
  type JoinChatInput,
  type Message,
  type MessagePage,
  type Room,
  type SendMessageInput,
} from "@switchboard/protocol";
import type { Identity } from "../auth/tokens.ts";
import type { MessageRepository, StoredMessage } from "../persistence/messageRepository.ts";
import type { RoomRepository, RoomState } from "../persistence/roomRepository.ts";
import { mayAct, type RoomAccess } from "./access.ts";
import type { PendingSends } from "./pendingSends.ts";
import { openRoomOf } from "./openRoom.ts";
import { customerView, type Broadcaster, type Clock, type Outbox } from "./ports.ts";
import type { EmailService } from "./emailService.ts";
import type { RoomLock } from "./roomLock.ts";
import type { UploadService } from "./uploadService.ts";
import type { PushService } from "../push/pushService.ts";
import type { MessageWriter, Written } from "../persistence/messageWriter.ts";
import type { Activities } from "./activities.ts";
import { stampAfter } from "./stamp.ts";

/**
 * Stops a read whose caller has gone (a socket that disconnected while it waited): in a
 * reconnect storm, the reads of clients that already gave up must not delay the others.
 */
function stopIfGone(gone: () => boolean): void {
  if (gone()) throw new ChatError("INTERNAL", "the client disconnected");
}

/** How many unfinished sends one send finishes before giving up (one is the most seen). */
const MAX_PLACE_TRIES = 3;

export interface ChatServiceDeps {
  rooms: RoomRepository;
  messages: MessageRepository;
  access: RoomAccess;
  broadcast: Broadcaster;
  clock: Clock;
  lock: RoomLock;
  uploads: UploadService;
  writer: MessageWriter;
  pending: PendingSends;
  activities: Activities;
  push?: PushService | undefined;
  /**
   * A room may need an agent, or an agent has room for more: a customer's message in an
   * unassigned room, a close or a transfer (routing looks again).
   */
  onRoomFreed?: () => void;
  /** Email continuity: an agent's message schedules its room's email before the ACK. */
  emails?: Pick<EmailService, "schedule"> | undefined;
  /** Webhooks: a new room's `room.created` is stored before the join is answered. */
  outbox?: Outbox | undefined;
}

/** The chat's rules. Knows neither Socket.IO nor Mongoose. */
export class ChatService {
  private readonly rooms: RoomRepository;
  private readonly messages: MessageRepository;
  private readonly broadcast: Broadcaster;
  private readonly access: RoomAccess;
  private readonly now: Clock;
  private readonly lock: RoomLock;
  private readonly uploads: UploadService;
  private readonly push: PushService | undefined;
  private readonly emails: Pick<EmailService, "schedule"> | undefined;
  private readonly writer: MessageWriter;
  private readonly pending: PendingSends;
  private readonly activities: Activities;
  private readonly onRoomFreed: () => void;
  private readonly outbox: Outbox | undefined;

  constructor(deps: ChatServiceDeps) {
    this.outbox = deps.outbox;
    this.onRoomFreed = deps.onRoomFreed ?? (() => {});
    this.activities = deps.activities;
    this.pending = deps.pending;
    this.writer = deps.writer;
    this.push = deps.push;
    this.emails = deps.emails;
    this.uploads = deps.uploads;
    this.lock = deps.lock;
    this.rooms = deps.rooms;
    this.messages = deps.messages;
    this.broadcast = deps.broadcast;
    this.access = deps.access;
    this.now = deps.clock;
  }

  /**
   * Opens a room for this user. `subscribe` runs before the history is read: a message
   * stored after the read is then always pushed live, and one stored before it is always
   * in the page, so nothing falls between the two. With `after` (a resync), the answer is
   * what follows that message; when it is the room's newest, the room alone answers: read
   * again after subscribing (a message stored in between would otherwise fall between the
   * two), and no message is read.
   */
  async joinChat(
    user: Identity,
    input: JoinChatInput,
    subscribe: (room: Room) => void | Promise<void> = () => {},
    gone: () => boolean = () => false,
  ): Promise<JoinChatData> {
    let room: Room;
    if (input.roomId) {
      room = await this.access.roomFor(user, input.roomId);
    } else if (user.role === "customer") {
      const deps = { rooms: this.rooms, broadcast: this.broadcast, outbox: this.outbox };
      room = await openRoomOf(deps, user, this.now());
    } else {
      throw new ChatError("VALIDATION", "roomId is required for admins");
    }
    stopIfGone(gone);
    await subscribe(room);
    const notes = user.role === "admin";
    if (input.after) {
      const read = await this.rooms.findWithEntry(room.id);
      room = read?.room ?? room;
      // The newest thing this reader can see: a customer never sees notes.
      const newest = notes ? read?.lastEntryId : room.lastMessageId;
      if (newest === input.after)
        return { room: notes ? room : customerView(room), messages: [], hasMore: false };
    }
    stopIfGone(gone);
    const page = await this.messages.page(room.id, {
      limit: LIMITS.joinHistory,
      after: input.after,
      notes,
    });
    if (!page) throw new ChatError("NOT_FOUND", "after is not a message of this room");
    return { room: notes ? room : customerView(room), ...page };
  }

  async fetchMessages(
    user: Identity,
    input: FetchMessagesInput,
    gone: () => boolean = () => false,
  ): Promise<MessagePage> {
    await this.access.roomFor(user, input.roomId);
    stopIfGone(gone);
    const page = await this.messages.page(input.roomId, {
      ...input,
      notes: user.role === "admin",
    });
    if (!page) throw new ChatError("NOT_FOUND", "cursor is not a message of this room");
    return page;
  }

  /**
   * Stores a message once and only then answers. The hot path touches the database by
   * `_id` and by insert only (FerretDB scans for anything else): the unique indexes on
   * (senderId, clientMessageId) and (roomId, seq) are the idempotency checks. A retry of a
   * stored send returns the stored message and announces it again (`new-message`, and the
   * room as stored in `room-updated`), so a send whose first answer was lost in a crash
   * still reaches the other side and every inbox; a retry of a send that was
   * stored but not counted (its room update failed) finishes it first.
   */
  async sendMessage(user: Identity, input: SendMessageInput): Promise<{ message: Message }> {
    if (input.kind === "note" && user.role !== "admin")
      throw new ChatError("FORBIDDEN", "only agents write notes");
    const attachments = await this.uploads.resolve(user, input.roomId, input.attachments);
    // Sends this one finished on the way (see store): announced even if this one then fails.
    const others: Written[] = [];
    const { message, updated, retried } = await this.lock
      .withRoom(input.roomId, (_signal, stillOurs) =>
        this.store(user, { ...input, attachments }, others, stillOurs),
      )
      .catch((err: unknown) => {
        // Perhaps stored but not counted: finish it even if the sender never retries.
        if (!(err instanceof ChatError)) this.pending.schedule(input.roomId);
        throw err;
      })
      .finally(() => others.forEach((w) => this.finished(w)));
    await this.scheduleEmail(message, updated ?? retried);
    // A retry of a send counted before: its first answer may have been lost together with
    // its announcement (a crash, a failure after the write), so the room is told again too;
    // a client that lacks the room's lastMessageId catches up from it.
    if (!updated && retried && message.kind !== "note") this.broadcast.roomUpdated(retried);
    return this.announce(message, updated);
  }

  /**
   * The write itself, under the room's lock: the message at the room's next place, then the
   * room's count. A place taken by an unfinished earlier send is finished, then the next
   * one taken (`others`: the sends this finished on the way). The room's state is the one
   * this node last wrote when no other node held the room since (`stillOurs`): no read per
   * message. Anything unexpected (a taken place) reads the room again.
   */
  private async store(
    user: Identity,
    input: SendMessageInput,
    others: Written[],
    stillOurs: boolean,
  ) {
    for (let tries = 0; tries < MAX_PLACE_TRIES; tries++) {
      let state = await this.rooms.findState(input.roomId, { cached: stillOurs && tries === 0 });
      if (!state) throw new ChatError("NOT_FOUND", "room not found");
      const admitted = await this.admit(user, input, state);
      if ("previous" in admitted) {
        const done = await this.pending.finishIfPending(admitted.previous, state);
        return { message: done.message, updated: done.room, retried: state.room };
      }
      if (admitted.claim) state = await this.claim(user, state, others, stillOurs);
      await this.uploads.bind(input.roomId, input.attachments, input.kind); // before the room counts it
      const written = await this.writer.write(
        {
          roomId: input.roomId,
          seq: state.seq + 1,
          senderId: user.userId,
          senderRole: user.role,
          clientMessageId: input.clientMessageId,
          kind: input.kind,
          content: input.content,
          attachments: input.attachments,
          createdAt: stampAfter(this.now(), state.lastEntryAt),
          ...(user.role === "admin" && user.name?.trim() ? { senderName: user.name.trim() } : {}),
        },
        state.room,
      );
      if (written) return { message: written.message, updated: written.room, retried: null };
      const previous = await this.previousSend(user, input.clientMessageId);
      if (previous) {
        const done = await this.pending.finishIfPending(previous, state);
        return { message: done.message, updated: done.room, retried: state.room };
      }
      const other = await this.pending.finishPlace(state);
      if (other) others.push(other);
    }
    throw new ChatError("INTERNAL", "the room's next place stayed taken");
  }

  /**
   * The room, if this user may send into it now; or the stored message, when the send was
   * stored before the room closed or changed hands: a retry gets it back, not an error.
   */
  private async admit(
    user: Identity,
    input: SendMessageInput,
    state: RoomState,
  ): Promise<{ claim: boolean } | { previous: StoredMessage }> {
    try {
      const room = mayAct(user, state.room);
      // A note is for the team: it neither claims the room nor needs it to be yours.
      if (user.role !== "admin" || input.kind === "note" || room.adminId === user.userId)
        return { claim: false };
      if (room.adminId !== null)
        throw new ChatError("FORBIDDEN", "room is assigned to another agent");
      return { claim: true };
    } catch (err) {
      const retryable = err instanceof ChatError && ["ROOM_CLOSED", "FORBIDDEN"].includes(err.code);
      if (!retryable) throw err;
      const previous = await this.previousSend(user, input.clientMessageId).catch(() => null);
      if (previous?.message.roomId === input.roomId) return { previous };
      throw err;
    }
  }

  /**
   * This user's stored send with this `clientMessageId`. The store keys sends by user id
   * alone, so a host that gives a customer and an agent the same id could see one's id taken
   * by the other's send: that is never handed back (it may be a note), it is `VALIDATION`.
   */
  private async previousSend(
    user: Identity,
    clientMessageId: string,
  ): Promise<StoredMessage | null> {
    const previous = await this.messages.findByClientId(user.userId, clientMessageId);
    if (previous && previous.message.senderRole !== user.role)
      throw new ChatError("VALIDATION", "clientMessageId is taken: send with a new one");
    return previous;
  }

  /**
   * An admin's first answer in an unassigned room takes it: the assignment's activity message
   * goes first, then the answer. The room's state after it.
   */
  private async claim(
    user: Identity,
    state: RoomState,
    others: Written[],
    stillOurs: boolean,
  ): Promise<RoomState> {
    const { written, state: after } = await this.activities.record(
      state.room.id,
      stillOurs,
      others,
      ({ room }) => {
        if (room.adminId === user.userId) return null;
        if (room.adminId !== null)
          throw new ChatError("FORBIDDEN", "room is assigned to another agent");
        return {
          senderId: user.userId,
          activity: { type: "assigned", by: user.userId, adminId: user.userId },
          content: `${user.name?.trim() || user.userId} took the chat`,
        };
      },
    );
    if (written) others.push(written);
    return after;
  }

  /**
   * An agent's message to a customer who left an email: the room's email job is written
   * before the ACK (a retry of a stored send schedules it too), so a crash loses none.
   */
  private async scheduleEmail(message: Message, updated: Room | null): Promise<void> {
    if (!this.emails || message.senderRole !== "admin") return;
    if ((message.kind ?? "message") !== "message") return;
    const room = updated ?? (await this.rooms.findById(message.roomId));
    if (room) await this.emails.schedule(room, message);
  }

  /** What a send that another path finished does: announce it and push it. */
  finished({ message, room }: Written): void {
    this.announce(message, room);
  }

  /**
   * Tells the room about a stored message, and the admins about its room when this call
   * counted it (`room`), and pushes it then. A note reaches the room's agents only: no
   * customer socket, no room update (nothing a customer sees changed), no push.
   */
  private announce(message: Message, room: Room | null): { message: Message } {
    if (message.kind === "note") {
      this.broadcast.toRoomAdmins(message.roomId, "new-message", message);
      return { message };
    }
    this.broadcast.toRoom(message.roomId, "new-message", message);
    if (message.activity?.type === "closed")
      this.broadcast.toRoom(message.roomId, "chat-closed", { roomId: message.roomId });
    if (room) {
      this.broadcast.roomUpdated(room);
      if (message.kind !== "activity") this.push?.notify(message, room);
      const waits = room.adminId === null && message.senderRole === "customer";
      const frees = message.activity?.type === "closed" || message.activity?.type === "transferred";
      if (waits || frees) this.onRoomFreed();
    }
    return { message };
  }
}
