// The customer's side of contract v2 decided once, for every UI (the web widget and the React
// Native screen): whether the team can answer in the chat now, whether an email is one the
// server takes, and whether a rating can be sent. Pure functions: no socket, no DOM.
import {
  ChatError,
  codePointLength,
  LIMITS,
  setContactSchema,
  type ReplyTime,
  type WidgetConfig,
} from "@switchboard/protocol";
import type { ChatClient, ChatState } from "./types.ts";

/** How often a customer UI reads `widget-config` again: presence changes. */
export const WIDGET_CONFIG_REFRESH_MS = 30_000;
/** As often, while the team is away: the customer waits for someone to come online. */
export const WIDGET_CONFIG_AWAY_REFRESH_MS = 10_000;

/**
 * Whether the team can answer in the chat now, from `GET /api/chat/widget-config`:
 *
 * - `unknown`: no configuration (yet, or a server without the route): claim nothing;
 * - `open`: within business hours with an agent online; replies in `replyTime`;
 * - `away`: outside business hours; back at `nextOpenAt`;
 * - `noAgent`: nobody online and no known time to be back ("we'll reply by email").
 *
 * `away` and `noAgent` both mean: ask for an email (`asksForEmail`).
 */
export type TeamStatus = TeamUnknown | TeamOpen | TeamAway | TeamNoAgent;

/** {@link TeamStatus} before widget-config answered: claim nothing. */
export interface TeamUnknown {
  /** No configuration. */
  readonly kind: "unknown";
  /** Never: nothing is known. */
  readonly asksForEmail: false;
}

/** {@link TeamStatus} while an agent can answer in the chat. */
export interface TeamOpen {
  /** Within business hours, an agent online and available. */
  readonly kind: "open";
  /** No: the answer comes here. */
  readonly asksForEmail: false;
  /** How soon the team usually replies (`REPLY_TIME`). */
  readonly replyTime: ReplyTime;
}

/** {@link TeamStatus} outside business hours. */
export interface TeamAway {
  /** Outside business hours. */
  readonly kind: "away";
  /** Yes: the answer may come after the customer left. */
  readonly asksForEmail: true;
  /** When the team is back (ISO 8601). */
  readonly nextOpenAt: string;
}

/** {@link TeamStatus} within business hours (or without any) while no agent is online. */
export interface TeamNoAgent {
  /** Nobody online, and no known time to be back. */
  readonly kind: "noAgent";
  /** Yes: the answer may come after the customer left. */
  readonly asksForEmail: true;
}

/**
 * What a customer UI says about the team (see {@link TeamStatus}). The server answers from
 * live presence, so "open" holds only while an agent is there.
 *
 * @param config - The last `client.widgetConfig()` answer, or null before the first one.
 * @returns The team's status.
 *
 * @example
 * ```ts
 * const status = teamStatus(await client.widgetConfig());
 * if (status.asksForEmail) showEmailPrompt(status.kind); // "away" or "noAgent"
 * ```
 */
export function teamStatus(config: WidgetConfig | null | undefined): TeamStatus {
  if (!config) return { kind: "unknown", asksForEmail: false };
  if (config.open) return { kind: "open", asksForEmail: false, replyTime: config.replyTime };
  return config.nextOpenAt
    ? { kind: "away", asksForEmail: true, nextOpenAt: config.nextOpenAt }
    : { kind: "noAgent", asksForEmail: true };
}

/**
 * How long until a customer UI should read `widget-config` again: 10 s while the team is
 * away (someone coming online shows soon), else 30 s.
 *
 * @param config - The last answer, or null.
 * @returns Milliseconds.
 *
 * @example
 * ```ts
 * setTimeout(refresh, widgetConfigRefreshMs(config));
 * ```
 */
export function widgetConfigRefreshMs(config: WidgetConfig | null | undefined): number {
  return config && !config.open ? WIDGET_CONFIG_AWAY_REFRESH_MS : WIDGET_CONFIG_REFRESH_MS;
}

/**
 * The email a customer typed, as the server would store it (trimmed, lower-cased), or null
 * when the server would refuse it (`set-contact`'s own schema decides): check it before
 * sending, and say why at the field.
 *
 * @param typed - What the customer typed.
 * @returns The address to pass to `client.setContact`, or null.
 *
 * @example
 * ```ts
 * contactEmail("  Ada@Example.com "); // "ada@example.com"
 * contactEmail("ada@example"); // null
 * ```
 */
export function contactEmail(typed: string): string | null {
  const parsed = setContactSchema.safeParse({ email: typed });
  return parsed.success ? parsed.data.email : null;
}

/**
 * Stores the address a customer typed with `set-contact`, checked first ({@link contactEmail}).
 * Never rejects: null once stored, else the i18n key of what to say at the field (`VALIDATION`
 * from the server is "invalid" too; anything else "failed"). The email prompt and "Email me
 * the transcript" both store an address this way (not exported from the package).
 */
export async function storeContact(
  client: Pick<ChatClient, "setContact">,
  typed: string,
): Promise<"contact.invalid" | "contact.failed" | null> {
  const email = contactEmail(typed);
  if (!email) return "contact.invalid";
  try {
    await client.setContact(email);
    return null;
  } catch (err) {
    return err instanceof ChatError && err.code === "VALIDATION"
      ? "contact.invalid"
      : "contact.failed";
  }
}

/**
 * Where the server would email a room's transcript, as far as the store knows: the room's
 * address, else one the customer left since on another room (`set-contact` after a chat
 * ended lands on the next room; the server looks there too). Null: ask for one first.
 *
 * @param state - The client's store state (`client.store.getState()`).
 * @param roomId - The room whose transcript to email.
 * @returns The address, or null.
 *
 * @example
 * ```ts
 * transcriptEmailAddress(client.store.getState(), roomId); // "ada@example.com"
 * ```
 */
export function transcriptEmailAddress(state: ChatState, roomId: string): string | null {
  return (
    state.rooms[roomId]?.customerEmail ??
    Object.values(state.rooms).find((r) => r.customerEmail)?.customerEmail ??
    null
  );
}

/**
 * How "Email me the transcript" ended: where it goes, or what to say (an i18n key) and
 * whether it is about the address just typed (keep the focus in its field).
 */
export type TranscriptEmailOutcome = TranscriptEmailSent | TranscriptEmailNotSent;

/** {@link TranscriptEmailOutcome}: queued. */
export interface TranscriptEmailSent {
  /** Queued. */
  readonly ok: true;
  /** The address it goes to (the server's choice: the newest the customer left). */
  readonly to: string;
}

/** {@link TranscriptEmailOutcome}: not queued. */
export interface TranscriptEmailNotSent {
  /** Not queued. */
  readonly ok: false;
  /** The i18n key of what to say. */
  readonly error:
    "contact.invalid" | "contact.failed" | "transcript.emailFailed" | "transcript.emailLimited";
  /** About the address just typed: keep the focus in its field. */
  readonly atField: boolean;
}

/**
 * "Email me the transcript", as every customer UI does it: with an address typed, it is
 * checked ({@link contactEmail}) and stored with `set-contact` first (the only way an address
 * reaches the server), then the transcript is asked for (`client.emailTranscript`). Never
 * rejects: the outcome says what to show.
 *
 * @param client - The chat client (its `setContact` and `emailTranscript`).
 * @param roomId - The room whose transcript to email.
 * @param typed - An address the customer typed, or undefined to use the one they left.
 * @returns Where it goes, or the message key to show.
 *
 * @example
 * ```ts
 * const outcome = await emailTranscriptTo(client, roomId, "ada@example.com");
 * if (outcome.ok) say(t("transcript.emailed", { email: outcome.to }));
 * ```
 */
export async function emailTranscriptTo(
  client: Pick<ChatClient, "setContact" | "emailTranscript">,
  roomId: string,
  typed?: string,
): Promise<TranscriptEmailOutcome> {
  if (typed !== undefined) {
    const refused = await storeContact(client, typed);
    if (refused) return { ok: false, error: refused, atField: true };
  }
  try {
    return { ok: true, to: (await client.emailTranscript(roomId)).to };
  } catch (err) {
    // Past its limits (one a minute per room, five an hour per customer) "try again" is no
    // help at once: say so.
    const limited = err instanceof ChatError && err.code === "RATE_LIMITED";
    return {
      ok: false,
      error: limited ? "transcript.emailLimited" : "transcript.emailFailed",
      atField: false,
    };
  }
}

/**
 * What keeps a rating from being sent, before it is (`rate-chat`'s limits): no score
 * chosen (`pick`), or a comment over 1000 code points (`commentTooLong`, `over` of them too
 * many, counted as the server counts).
 */
export interface RatingProblem {
  /** Which check failed; null: the rating can be sent. */
  readonly problem: "pick" | "commentTooLong" | null;
  /** Code points the comment has beyond the limit (0 when within it). */
  readonly over: number;
}

/**
 * Checks a rating before `client.rateChat` (see {@link RatingProblem}).
 *
 * @param score - The chosen score (1 to 5), or null when none is chosen yet.
 * @param comment - The comment typed so far.
 * @returns The first problem, and how far the comment is over.
 *
 * @example
 * ```ts
 * checkRating(null, ""); // { problem: "pick", over: 0 }
 * checkRating(4, "Quick and kind"); // { problem: null, over: 0 }
 * ```
 */
export function checkRating(score: number | null, comment: string): RatingProblem {
  const over = Math.max(0, codePointLength(comment) - LIMITS.ratingCommentMaxCodePoints);
  if (score === null || !Number.isInteger(score) || score < 1 || score > 5) {
    return { problem: "pick", over };
  }
  return { problem: over > 0 ? "commentTooLong" : null, over };
}
