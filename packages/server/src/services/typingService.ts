import type { Identity } from "../auth/tokens.ts";
import type { RoomAccess } from "./access.ts";
import type { Broadcaster } from "./ports.ts";

/** Server-side typing debounce: at most one `typing` per 2 s, auto-stop after 5 s. */
export const TYPING_REPEAT_MS = 2_000;
export const TYPING_EXPIRY_MS = 5_000;

interface TypingState {
  user: Identity;
  roomId: string;
  lastSentAt: number;
  expiry: ReturnType<typeof setTimeout>;
}

/**
 * Who is typing where, per connection (`session`). Typing is a property of a live
 * connection, so this state lives on the node that holds the connection; the events it
 * sends reach every node through the adapter.
 */
export class TypingService {
  private readonly states = new Map<string, TypingState>();

  constructor(
    private readonly access: RoomAccess,
    private readonly broadcast: Broadcaster,
    private readonly now: () => number = Date.now,
  ) {}

  async start(session: string, user: Identity, roomId: string): Promise<Record<string, never>> {
    await this.access.openRoomFor(user, roomId);
    const key = `${session}|${roomId}`;
    const state = this.states.get(key);
    const at = this.now();
    if (state) clearTimeout(state.expiry);
    const expiry = setTimeout(() => this.end(key), TYPING_EXPIRY_MS);
    expiry.unref?.();
    if (state && at - state.lastSentAt < TYPING_REPEAT_MS) {
      state.expiry = expiry;
      return {};
    }
    this.states.set(key, { user, roomId, lastSentAt: at, expiry });
    this.emit("typing", user, roomId);
    return {};
  }

  async stop(session: string, user: Identity, roomId: string): Promise<Record<string, never>> {
    await this.access.roomFor(user, roomId);
    this.end(`${session}|${roomId}`);
    return {};
  }

  /** The connection sent a message into the room: it is no longer typing there. */
  sent(session: string, roomId: string): void {
    this.end(`${session}|${roomId}`);
  }

  /** The connection is gone: whatever it was typing, it has stopped. */
  disconnected(session: string): void {
    for (const key of [...this.states.keys()]) if (key.startsWith(`${session}|`)) this.end(key);
  }

  private end(key: string): void {
    const state = this.states.get(key);
    if (!state) return;
    clearTimeout(state.expiry);
    this.states.delete(key);
    this.emit("stop-typing", state.user, state.roomId);
  }

  private emit(event: "typing" | "stop-typing", user: Identity, roomId: string): void {
    this.broadcast.toRoomExceptUser(roomId, user.userId, event, {
      roomId,
      userId: user.userId,
      role: user.role,
    });
  }
}
