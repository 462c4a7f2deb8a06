import { createHash, createHmac } from "node:crypto";
import type { Message, Room, WebhookEvent } from "@switchboard/protocol";
import type { DeliveryRow } from "../persistence/webhookRepository.ts";
import type { MessageChange } from "./ports.ts";

/** An event and its place in its room (`seq`: the message's, 0 for room.created). */
export interface PlacedEvent {
  event: WebhookEvent;
  roomId: string;
  seq: number;
}

/**
 * How long after its room was created a first message still writes `room.created` again (a
 * no-op while the first one is kept: delivered rows are kept for an hour).
 */
export const RECREATE_WINDOW_MS = 60 * 60 * 1000;

/** `room.created`: its id is the room's, so writing it twice stores it once. */
export function roomCreated(room: Room): PlacedEvent {
  return {
    event: { id: room.id, type: "room.created", createdAt: room.createdAt, data: room },
    roomId: room.id,
    seq: 0,
  };
}

/**
 * The events a message makes: `message.created` for a message (a note only with `notes`),
 * `room.assigned` / `room.closed` / `room.rated` for an activity (the Room as it left it; an
 * activity is never also a `message.created`). The event's id is the message's. A room's first
 * entry also writes its `room.created` again (the same id: stored once), in case the write at
 * the room's creation was cut off after the room was stored.
 */
export function eventsOf(change: MessageChange, notes: boolean, now: Date): PlacedEvent[] {
  const { message, seq, before, after } = change;
  const out: PlacedEvent[] = [];
  if (seq === 1 && now.getTime() - Date.parse(before.createdAt) < RECREATE_WINDOW_MS)
    out.push(roomCreated(before));
  const base = { id: message.id, createdAt: message.createdAt };
  const kind = message.kind ?? "message";
  if (kind === "message" || (kind === "note" && notes)) {
    out.push({
      event: { ...base, type: "message.created", data: message },
      roomId: message.roomId,
      seq,
    });
  } else if (kind === "activity") {
    const type = roomEventOf(message);
    if (type) out.push({ event: { ...base, type, data: after }, roomId: message.roomId, seq });
  }
  return out;
}

function roomEventOf(message: Message) {
  switch (message.activity?.type) {
    case "assigned":
    case "transferred":
      return "room.assigned" as const;
    case "closed":
      return "room.closed" as const;
    case "rated":
      return "room.rated" as const;
    default:
      return null;
  }
}

/** 12 hex digits naming a receiver URL in delivery ids. */
export const urlKey = (url: string) => createHash("sha256").update(url).digest("hex").slice(0, 12);

/** One pending delivery row per (event, URL). */
export function deliveryRows(placed: PlacedEvent, urls: readonly string[], now: Date) {
  const body = JSON.stringify(placed.event);
  return urls.map((url): DeliveryRow => ({
    id: `${placed.event.id}.${urlKey(url)}`,
    eventId: placed.event.id,
    type: placed.event.type,
    roomId: placed.roomId,
    seq: placed.seq,
    url,
    body,
    status: "pending",
    attempts: 0,
    nextAt: now,
    queuedAt: now,
    firstAttemptAt: null,
    deliveredAt: null,
    lastError: null,
  }));
}

/**
 * `X-Switchboard-Signature`: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`.
 *
 * @example
 * signature("s3cret", '{"id":"..."}', 1767225600) // "t=1767225600,v1=5f0c..."
 */
export function signature(secret: string, body: string, t: number): string {
  const v1 = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
  return `t=${t},v1=${v1}`;
}

/** The retry schedule's shape: the first delay, doubling up to `capMs`. */
export interface Backoff {
  baseMs: number;
  capMs: number;
}

/**
 * The wait before attempt `attempts + 1`, after `attempts` failures: exponential (`baseMs`
 * doubling, at most `capMs`) with "equal jitter", between half and all of it, so that
 * deliveries that failed together (a receiver that was down) do not all come back together.
 */
export function retryDelayMs(attempts: number, b: Backoff, random = Math.random): number {
  const exp = Math.min(b.capMs, b.baseMs * 2 ** Math.max(0, Math.min(attempts - 1, 40)));
  return Math.round(exp / 2 + random() * (exp / 2));
}
