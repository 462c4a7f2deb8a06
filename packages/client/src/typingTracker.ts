import type { Role, ServerToClientEvents } from "@switchboard/protocol";
import type { ChatStore, ClientIdentity } from "./types.ts";

/** How long someone shows as typing after their last `typing` event, by default. */
export const TYPING_TIMEOUT_MS = 8000;

/** Someone typing in a room. */
export interface Typist {
  /** Who types: their user id (the token's `sub`). */
  readonly userId: string;
  /** Their role: `"admin"` for an agent, `"customer"`. */
  readonly role: Role;
}

/** Who is typing, per room id; rooms where nobody is are absent. Immutable, like `ChatState`. */
export type TypingState = Readonly<Record<string, readonly Typist[]>>;

/**
 * Who is typing in each room, kept current from the server's events. A store of its own
 * (`getState` / `subscribe`, as {@link ChatStore}) because it is transient: it never goes
 * into the host's store. Read it in React with `useSyncExternalStore(tracker.subscribe, () =>
 * isTyping(tracker.getState(), roomId, "admin"))`.
 */
export interface TypingTracker {
  /** The current state: the same object until something changes. */
  getState(): TypingState;
  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: (state: TypingState, previous: TypingState) => void): () => void;
  /** Stops listening to the client and clears every timer and typist. */
  dispose(): void;
}

/** What {@link createTypingTracker} listens to: a `ChatClient` is one. */
export interface TypingSource {
  /**
   * Subscribes to a server event (`typing`, `stop-typing`, `new-message`); returns the
   * unsubscribe function, as `client.on`.
   */
  on<E extends keyof ServerToClientEvents>(event: E, handler: ServerToClientEvents[E]): () => void;
  /** The signed-in user, whose own `typing` events (from another tab) are ignored. */
  readonly identity: ClientIdentity | null;
  /** When given, everyone stops typing when the connection is no longer `online`. */
  readonly store?: Pick<ChatStore, "getState" | "subscribe">;
}

/** Options of {@link createTypingTracker}. */
export interface TypingTrackerOptions {
  /** See `ChatClientOptions.typingTimeoutMs`. Default {@link TYPING_TIMEOUT_MS}. */
  timeoutMs?: number;
}

const NOBODY: readonly Typist[] = Object.freeze([]);

/**
 * The people typing in a room (an empty array, always the same one, when nobody is).
 *
 * @example
 * ```ts
 * const names = typistsIn(client.typingTracker.getState(), roomId).map((t) => t.userId);
 * ```
 */
export function typistsIn(state: TypingState, roomId: string | null): readonly Typist[] {
  return (roomId !== null && state[roomId]) || NOBODY;
}

/**
 * Whether someone (of `role`, when given) is typing in the room.
 *
 * @example
 * ```ts
 * const agentTyping = isTyping(client.typingTracker.getState(), roomId, "admin");
 * ```
 */
export function isTyping(state: TypingState, roomId: string | null, role?: Role): boolean {
  return typistsIn(state, roomId).some((t) => role === undefined || t.role === role);
}

/**
 * Tracks who is typing, by the rule the web and mobile apps share:
 *
 * - a `typing` event from someone else shows them as typing in that room, for
 *   `timeoutMs` after their LAST `typing` event (senders repeat it every few seconds
 *   while they type; a lost `stop-typing`, e.g. a closed tab, must not leave it up);
 * - their `stop-typing`, or a `new-message` from them in that room, clears it at once;
 * - the user's own events (another tab of theirs) are ignored;
 * - when the connection is lost (`store` given, status no longer `online`), everyone
 *   is cleared: their `stop-typing` events would be lost with it.
 *
 * Every `ChatClient` has one as `client.typingTracker`; make another for a different timeout.
 *
 * @example
 * ```ts
 * const tracker = createTypingTracker(client, { timeoutMs: 5000 });
 * tracker.subscribe((s) => (typingLine.hidden = !isTyping(s, roomId, "admin")));
 * ```
 */
export function createTypingTracker(
  source: TypingSource,
  options: TypingTrackerOptions = {},
): TypingTracker {
  const timeoutMs = options.timeoutMs ?? TYPING_TIMEOUT_MS;
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const listeners = new Set<(state: TypingState, previous: TypingState) => void>();
  let state: TypingState = {};

  const set = (next: TypingState) => {
    if (next === state) return;
    const previous = state;
    state = next;
    for (const listener of [...listeners]) listener(next, previous);
  };
  const key = (roomId: string, userId: string) => `${roomId}\u0000${userId}`;
  const stop = (roomId: string, userId: string) => {
    const k = key(roomId, userId);
    clearTimeout(timers.get(k));
    timers.delete(k);
    const held = state[roomId];
    if (!held?.some((t) => t.userId === userId)) return;
    const rest = held.filter((t) => t.userId !== userId);
    const { [roomId]: _gone, ...others } = state;
    set(rest.length > 0 ? { ...others, [roomId]: rest } : others);
  };
  const start = (roomId: string, userId: string, role: Role) => {
    const k = key(roomId, userId);
    clearTimeout(timers.get(k));
    timers.set(
      k,
      setTimeout(() => stop(roomId, userId), timeoutMs),
    );
    const held = state[roomId] ?? NOBODY;
    if (held.some((t) => t.userId === userId && t.role === role)) return;
    const others = held.filter((t) => t.userId !== userId);
    set({ ...state, [roomId]: [...others, { userId, role }] });
  };
  const clearAll = () => {
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
    if (Object.keys(state).length > 0) set({});
  };

  const offs = [
    source.on("typing", (e) => {
      if (!e?.roomId || !e.userId || e.userId === source.identity?.userId) return;
      start(e.roomId, e.userId, e.role);
    }),
    source.on("stop-typing", (e) => {
      if (e?.roomId && e.userId) stop(e.roomId, e.userId);
    }),
    source.on("new-message", (m) => {
      if (m?.roomId && m.senderId) stop(m.roomId, m.senderId);
    }),
  ];
  if (source.store) {
    offs.push(
      source.store.subscribe((s, previous) => {
        if (s.connectionStatus !== "online" && previous.connectionStatus === "online") clearAll();
      }),
    );
  }

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    dispose() {
      for (const off of offs.splice(0)) off();
      listeners.clear();
      clearAll();
    },
  };
}

/**
 * After this long without a change to the message field, the user no longer counts as
 * typing: {@link createTypingInput} signals `stop-typing`.
 */
export const TYPING_IDLE_MS = 4000;

/**
 * Where {@link createTypingInput} sends the user's typing: usually `client.typing(roomId)`
 * and `client.stopTyping(roomId)` of the room on screen (the client throttles `typing` to
 * one event per 2 s per room), or a component's own callbacks.
 */
export interface TypingSignalTarget {
  /** The user is typing: called on every change of the field while it holds text. */
  typing(): void;
  /** The user stopped typing: called once per spell of typing, never without a `typing` before. */
  stopTyping(): void;
}

/** The user's own typing, driven by their message field: made by {@link createTypingInput}. */
export interface TypingInput {
  /**
   * The field's text changed (a keystroke, a paste): typing while it holds text (more than
   * spaces), stopped as soon as it is empty.
   */
  changed(text: string): void;
  /**
   * The user is done for now: sent the message, left the field, or left the screen (call it
   * on unmount). Signals `stopTyping` when a `typing` went out since the last stop; else nothing.
   */
  stop(): void;
}

/** Options of {@link createTypingInput}. */
export interface TypingInputOptions {
  /** Idle time after the last change that ends a spell of typing. Default {@link TYPING_IDLE_MS}. */
  idleMs?: number;
}

/**
 * The other side of {@link createTypingTracker}: when the USER is typing, by the rule the web
 * and mobile composers share. Every change of the field while it holds text is `typing`
 * (throttled by the client); the spell ends, with ONE `stopTyping`, when the field is
 * emptied, when `stop()` is called (message sent, field left, screen left), or
 * `idleMs` after the last change. The receiver's own expiry ({@link TYPING_TIMEOUT_MS}) only
 * covers a `stop-typing` that got lost.
 *
 * @param target - Where the signals go (see {@link TypingSignalTarget}).
 * @param options - The idle time.
 * @returns The input's two events: `changed(text)` and `stop()`.
 *
 * @example
 * ```ts
 * const input = createTypingInput({
 *   typing: () => client.typing(roomId),
 *   stopTyping: () => client.stopTyping(roomId),
 * });
 * field.oninput = () => input.changed(field.value);
 * field.onblur = () => input.stop();
 * form.onsubmit = () => { client.send(roomId, field.value); field.value = ""; input.stop(); };
 * ```
 */
export function createTypingInput(
  target: TypingSignalTarget,
  options: TypingInputOptions = {},
): TypingInput {
  const idleMs = options.idleMs ?? TYPING_IDLE_MS;
  let typing = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = () => {
    clearTimeout(timer);
    timer = undefined;
    if (!typing) return;
    typing = false;
    target.stopTyping();
  };
  return {
    changed(text) {
      if (text.trim() === "") return stop();
      typing = true;
      target.typing();
      clearTimeout(timer);
      timer = setTimeout(stop, idleMs);
    },
    stop,
  };
}
