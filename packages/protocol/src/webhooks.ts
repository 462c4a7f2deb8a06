import { z } from "zod";
import { LIMITS } from "./limits.ts";
import type { Message, Room } from "./objects.ts";

/**
 * Contract v2 webhook event types, as sent in `type` and `X-Switchboard-Event`.
 *
 * @example
 * ```ts
 * if (WEBHOOK_EVENT_TYPES.includes(req.headers["x-switchboard-event"])) handle(req);
 * ```
 */
export const WEBHOOK_EVENT_TYPES = [
  "room.created",
  "message.created",
  "room.assigned",
  "room.closed",
  "room.rated",
] as const;

/** One of {@link WEBHOOK_EVENT_TYPES}. */
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/**
 * The JSON body of a webhook `POST`. `id` is the event's id, also in `X-Switchboard-Delivery`:
 * a retry sends the same `id` (and the same body), so receivers dedupe by it. `data` is the
 * Message (`message.created`) or the Room as the change left it (the `room.*` events).
 *
 * @example
 * ```ts
 * const event = JSON.parse(rawBody) as WebhookEvent;
 * if (event.type === "message.created") console.log(event.data.content);
 * ```
 */
export type WebhookEvent = MessageCreatedEvent | RoomEvent;

/** `message.created`: a message was stored (a note only with `WEBHOOK_NOTES=on`). */
export interface MessageCreatedEvent {
  /** The event's id (the message's): the same on every attempt. */
  id: string;
  /** The event's type. */
  type: "message.created";
  /** When the message was stored (ISO-8601). */
  createdAt: string;
  /** The message. */
  data: Message;
}

/** `room.created`, `room.assigned`, `room.closed`, `room.rated`: the room as the change left it. */
export interface RoomEvent {
  /** The event's id (the room's for `room.created`, else the activity message's). */
  id: string;
  /** The event's type. */
  type: Exclude<WebhookEventType, "message.created">;
  /** When the change happened (ISO-8601). */
  createdAt: string;
  /** The room after the change. */
  data: Room;
}

/** The state of one event's delivery to one URL. */
export type WebhookDeliveryStatus = "pending" | "delivered" | "failed";

/**
 * One event's delivery to one receiver URL, as `GET /api/chat/webhooks/deliveries` lists it.
 *
 * @example
 * ```ts
 * for (const d of deliveries) if (d.status === "failed") await retry(d.id);
 * ```
 */
export interface WebhookDelivery {
  /** The delivery's id (the `:id` of the retry route). */
  id: string;
  /** The event's id (the body's `id` and `X-Switchboard-Delivery`). */
  eventId: string;
  /** The event's type. */
  type: WebhookEventType;
  /** The room the event belongs to. */
  roomId: string;
  /** The receiver. */
  url: string;
  /** `pending` (waiting, or retrying after a failure), `delivered` or `failed` (given up). */
  status: WebhookDeliveryStatus;
  /** Failed attempts so far. */
  attempts: number;
  /** When it was queued (ISO-8601; a retry queues it again). */
  queuedAt: string;
  /** When the next attempt is due, while pending (ISO-8601), else null. */
  nextAttemptAt: string | null;
  /** When the receiver answered 2xx, or null. */
  deliveredAt: string | null;
  /** Why the last attempt failed (`HTTP 500`, `timeout`...), or null. */
  lastError: string | null;
}

/**
 * `GET /api/chat/webhooks/deliveries` query: one status (default `failed`), newest first,
 * `before` the previous page's last id.
 *
 * @example
 * ```ts
 * listDeliveriesSchema.parse({ status: "failed", limit: 20 });
 * ```
 */
export const listDeliveriesSchema = z.object({
  /** Which deliveries: `failed` (the default), `pending` or `delivered`. */
  status: z.enum(["pending", "delivered", "failed"]).default("failed"),
  /** Page size, 1 to 100 (default 50). */
  limit: z.number().int().min(1).max(LIMITS.pageMax).default(LIMITS.pageDefault),
  /** The previous page's last delivery id. */
  before: z
    .string()
    .regex(/^[0-9a-f]{24}\.[0-9a-f]{12}$/, "must be a delivery id")
    .optional(),
});

/** A delivery's id: the event's id, a dot and 12 hex digits naming the URL. */
export const deliveryIdSchema = z
  .string()
  .regex(/^[0-9a-f]{24}\.[0-9a-f]{12}$/, "must be a delivery id");

/** A parsed `GET /api/chat/webhooks/deliveries` query (defaults filled in). */
export type ListDeliveriesInput = z.output<typeof listDeliveriesSchema>;
