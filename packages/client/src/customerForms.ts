// The three forms a customer UI shows around a chat (the email prompt, the rating, "Email me
// the transcript"), as framework-free state machines: what each step does to the form is
// decided here once, and the web widget and the React Native screen only draw the state.
import { checkRating, contactEmail, emailTranscriptTo, storeContact } from "./customerSide.ts";
import type { TranscriptEmailNotSent } from "./customerSide.ts";
import type { ChatClient } from "./types.ts";

/**
 * A form's state and its changes, read as a store (`getState` / `subscribe`, as
 * `client.store`): in React, `useSyncExternalStore(form.subscribe, form.getState)`.
 */
export interface FormStore<S> {
  /** The state now (a new object after every change). */
  getState(): S;
  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** The UI moved the focus where the state's `focus` said: clears it. */
  focused(): void;
}

/** A store of `S` with `focus`, and the `set` its form changes it with. */
function formStore<S extends { readonly focus: string | null }>(initial: S) {
  let state = initial;
  const listeners = new Set<() => void>();
  const set = (patch: Partial<S>) => {
    state = { ...state, ...patch };
    for (const listener of [...listeners]) listener();
  };
  const store: FormStore<S> = {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    focused() {
      if (state.focus !== null) set({ focus: null } as Partial<S>);
    },
  };
  return { store, set, get: () => state };
}

/** {@link ContactForm}'s state. */
export interface ContactFormState {
  /** Changing the stored address ("Change email"); without one stored, the field shows anyway. */
  readonly editing: boolean;
  /** What is in the field. */
  readonly value: string;
  /** The i18n key of what is wrong, said at the field; null: nothing. */
  readonly error: "contact.invalid" | "contact.failed" | null;
  /** `set-contact` is on its way. */
  readonly busy: boolean;
  /**
   * Where the focus goes after the render this state causes: the `input`, or the `change`
   * button once saved; then call `focused()`.
   */
  readonly focus: "input" | "change" | null;
}

/**
 * "Get the answer by email" while nobody can answer in the chat (contract v2 `set-contact`):
 * the field is checked before it is sent ({@link contactEmail}), the server's refusal is said
 * at the field, and a saved address is confirmed with a way to change it.
 */
export interface ContactForm extends FormStore<ContactFormState> {
  /** The field changed. */
  setValue(value: string): void;
  /** "Change email": the field again, holding `stored`. */
  edit(stored: string): void;
  /** "Cancel" while changing: back to the stored address. */
  cancel(): void;
  /** Checks the field, then `client.setContact`; nothing while busy. Never rejects. */
  submit(): Promise<void>;
}

/**
 * The email prompt's state machine ({@link ContactForm}).
 *
 * @param client - The chat client (its `setContact`).
 * @returns The form, its state empty.
 *
 * @example
 * ```ts
 * const form = createContactForm(client);
 * form.setValue("ada@example.com");
 * await form.submit(); // stored: form.getState().focus === "change"
 * ```
 */
export function createContactForm(client: Pick<ChatClient, "setContact">): ContactForm {
  const { store, set, get } = formStore<ContactFormState>({
    editing: false,
    value: "",
    error: null,
    busy: false,
    focus: null,
  });
  return {
    ...store,
    setValue: (value) => set({ value }),
    edit: (stored) => set({ value: stored, editing: true, focus: "input" }),
    cancel: () => set({ editing: false, error: null, focus: "change" }),
    async submit() {
      if (get().busy) return;
      // A typo is said at once; only a well-formed address makes the form busy.
      if (!contactEmail(get().value)) return set({ error: "contact.invalid", focus: "input" });
      set({ busy: true, error: null });
      const refused = await storeContact(client, get().value);
      set(
        refused
          ? { busy: false, error: refused, focus: "input" }
          : { busy: false, editing: false, focus: "change" },
      );
    },
  };
}

/** {@link RatingForm}'s state. */
export interface RatingFormState {
  /** Changing a rating given before ("Change rating"); without one, the form shows anyway. */
  readonly editing: boolean;
  /** The score chosen (1 to 5), or null. */
  readonly score: number | null;
  /** The optional comment as typed. */
  readonly comment: string;
  /** Code points the comment has beyond the limit (0 when within it): say it as it is typed. */
  readonly over: number;
  /** The i18n key of what is wrong; null: nothing. */
  readonly error: "rating.pick" | "rating.commentTooLong" | "rating.failed" | null;
  /** `rate-chat` is on its way. */
  readonly busy: boolean;
  /** Sent from this form: say thanks. */
  readonly thanked: boolean;
  /** Where the focus goes after this render: the `form`'s first score, or `change`; then `focused()`. */
  readonly focus: "form" | "change" | null;
}

/**
 * "How was this conversation?" after a chat closes (contract v2 `rate-chat`): a score, an
 * optional comment checked as the server checks it ({@link checkRating}), then thanks and a
 * way to change it (a second rating replaces the first).
 */
export interface RatingForm extends FormStore<RatingFormState> {
  /** A score was chosen (a "pick one" error goes with it). */
  setScore(score: number): void;
  /** The comment changed. */
  setComment(comment: string): void;
  /** "Change rating": the form again, holding the rating given. */
  edit(given: { score: number; comment: string }): void;
  /** Checks, then `client.rateChat(roomId, ...)`; nothing while busy. Never rejects. */
  submit(roomId: string): Promise<void>;
}

/**
 * The rating's state machine ({@link RatingForm}).
 *
 * @param client - The chat client (its `rateChat`).
 * @returns The form, nothing chosen.
 *
 * @example
 * ```ts
 * const form = createRatingForm(client);
 * form.setScore(5);
 * await form.submit(roomId); // form.getState().thanked
 * ```
 */
export function createRatingForm(client: Pick<ChatClient, "rateChat">): RatingForm {
  const { store, set, get } = formStore<RatingFormState>({
    editing: false,
    score: null,
    comment: "",
    over: 0,
    error: null,
    busy: false,
    thanked: false,
    focus: null,
  });
  return {
    ...store,
    setScore: (score) => set({ score, ...(get().error === "rating.pick" ? { error: null } : {}) }),
    setComment: (comment) => set({ comment, over: checkRating(get().score, comment).over }),
    edit: ({ score, comment }) =>
      set({
        score,
        comment,
        over: checkRating(score, comment).over,
        editing: true,
        thanked: false,
        focus: "form",
      }),
    async submit(roomId) {
      const { busy, score, comment } = get();
      if (busy) return;
      const { problem } = checkRating(score, comment);
      if (problem === "pick" || score === null) return set({ error: "rating.pick" });
      if (problem === "commentTooLong") return set({ error: "rating.commentTooLong" });
      set({ busy: true, error: null });
      try {
        await client.rateChat(roomId, score, comment.trim() || undefined);
        set({ busy: false, editing: false, thanked: true, focus: "change" });
      } catch {
        set({ busy: false, error: "rating.failed" });
      }
    },
  };
}

/** {@link TranscriptEmailForm}'s state. */
export interface TranscriptEmailFormState {
  /** Asking for an address (none known). */
  readonly asking: boolean;
  /** What is in the address field. */
  readonly value: string;
  /** A request is on its way. */
  readonly busy: boolean;
  /** Queued: the address it goes to. */
  readonly sentTo: string | null;
  /** The i18n key of what went wrong; null: nothing. */
  readonly error: TranscriptEmailNotSent["error"] | null;
  /** The address field takes the focus after this render; then `focused()`. */
  readonly focus: "input" | null;
}

/**
 * "Email me the transcript" (the server's extension `POST .../transcript/email`): with an
 * address known, one press queues it; without one, the field first, the address stored with
 * `set-contact`, then the transcript asked for ({@link emailTranscriptTo}).
 */
export interface TranscriptEmailForm extends FormStore<TranscriptEmailFormState> {
  /** The field changed. */
  setValue(value: string): void;
  /** The address field, focused, holding `current` when given ("Change" a known address). */
  ask(current?: string): void;
  /**
   * The action was pressed: sends to `known` (the address the server will use), or asks for
   * one when it is null. Never rejects.
   */
  press(roomId: string, known: string | null): Promise<void>;
  /** Sends to the address typed (stored first); nothing while busy. Never rejects. */
  submit(roomId: string): Promise<void>;
}

/**
 * The transcript email's state machine ({@link TranscriptEmailForm}).
 *
 * @param client - The chat client (its `setContact` and `emailTranscript`).
 * @returns The form, not asking.
 *
 * @example
 * ```ts
 * const form = createTranscriptEmailForm(client);
 * await form.press(roomId, "ada@example.com"); // form.getState().sentTo
 * ```
 */
export function createTranscriptEmailForm(
  client: Pick<ChatClient, "setContact" | "emailTranscript">,
): TranscriptEmailForm {
  const { store, set, get } = formStore<TranscriptEmailFormState>({
    asking: false,
    value: "",
    busy: false,
    sentTo: null,
    error: null,
    focus: null,
  });
  const send = async (roomId: string, typed?: string) => {
    if (get().busy) return;
    set({ busy: true, error: null });
    const outcome = await emailTranscriptTo(client, roomId, typed);
    if (outcome.ok) return set({ busy: false, asking: false, sentTo: outcome.to });
    set({ busy: false, error: outcome.error, ...(outcome.atField ? { focus: "input" } : {}) });
  };
  const ask = (current?: string) =>
    set({ asking: true, focus: "input", ...(current === undefined ? {} : { value: current }) });
  return {
    ...store,
    setValue: (value) => set({ value }),
    ask,
    press: async (roomId, known) => (known ? send(roomId) : ask()),
    submit: (roomId) => send(roomId, get().value),
  };
}
