import { z } from "zod";
import { LIMITS } from "./limits.ts";
import { codePointLength, normalizeContent } from "./normalize.ts";

/**
 * A server-issued id (a MongoDB ObjectId as 24 hex digits).
 *
 * @example
 * ```ts
 * idSchema.parse("65f0c0ffee0000000000beef");
 * ```
 */
export const idSchema = z
  .string()
  .regex(/^[0-9a-fA-F]{24}$/, "must be a 24-hex-digit id")
  // One spelling per id: the room lock, socket rooms and id comparisons key on the string.
  .transform((id) => id.toLowerCase());

/** A user id as carried in a token's `sub`. */
export const userIdSchema = z.string().min(1).max(LIMITS.userIdMaxLength);

/** The client's idempotency key for a send. */
export const clientMessageIdSchema = z
  .string()
  .min(1)
  .refine((v) => codePointLength(v) <= LIMITS.clientMessageIdMaxLength, {
    message: `at most ${LIMITS.clientMessageIdMaxLength} characters`,
  });

/** An attachment reference in a send; the server checks that it uploaded it for the sender. */
export const attachmentSchema = z.object({
  url: z.string().min(1).max(2048),
  name: z.string().min(1).max(255),
  size: z.number().int().nonnegative(),
  mimeType: z.string().min(1).max(255),
});

const limitSchema = z.number().int().min(1).max(LIMITS.pageMax);

/**
 * `join-chat` payload. Customers may omit `roomId` (their open room is fetched or
 * created) or the whole payload; admins must name the room. `after` (contract v2, with
 * `roomId`): answer the messages after that one instead of the last 50; nothing to read
 * when it is the room's `lastMessageId`.
 *
 * @example
 * ```ts
 * joinChatSchema.parse({}); // customer: my open room
 * joinChatSchema.parse({ roomId, after: room.lastMessageId }); // resync: what did I miss?
 * ```
 */
export const joinChatSchema = z
  .object({ roomId: idSchema.optional(), after: idSchema.optional() })
  .refine((p) => !p.after || p.roomId, { message: "after requires roomId", path: ["after"] })
  .nullish()
  .transform((p) => p ?? {});

/**
 * `send-message` payload. `content` is normalised (see {@link normalizeContent}) and must
 * then be 1 to 4000 code points, or empty with at least one attachment.
 *
 * @example
 * ```ts
 * sendMessageSchema.parse({ roomId, clientMessageId: crypto.randomUUID(), content: "hi" });
 * ```
 */
export const sendMessageSchema = z
  .object({
    roomId: idSchema,
    clientMessageId: clientMessageIdSchema,
    content: z.string().max(LIMITS.contentMaxRawLength).default(""),
    attachments: z.array(attachmentSchema).max(LIMITS.attachmentsMax).default([]),
  })
  .transform((p) => ({ ...p, content: normalizeContent(p.content) }))
  .superRefine((p, ctx) => {
    const n = codePointLength(p.content);
    if (n > LIMITS.contentMaxCodePoints) {
      ctx.addIssue({
        code: "custom",
        path: ["content"],
        message: `content is longer than ${LIMITS.contentMaxCodePoints} code points`,
      });
    } else if (n === 0 && p.attachments.length === 0) {
      ctx.addIssue({ code: "custom", path: ["content"], message: "content is empty" });
    }
  });

/**
 * `fetch-messages` payload: `before` / `after` are message ids; at most one of them.
 *
 * @example
 * ```ts
 * fetchMessagesSchema.parse({ roomId, after: lastKnownId, limit: 100 });
 * ```
 */
export const fetchMessagesSchema = z
  .object({
    roomId: idSchema,
    before: idSchema.optional(),
    after: idSchema.optional(),
    limit: limitSchema.default(LIMITS.pageDefault),
  })
  .refine((p) => !(p.before && p.after), {
    message: "give before or after, not both",
    path: ["after"],
  });

/** `typing` / `stop-typing` payload. */
export const typingSchema = z.object({ roomId: idSchema });

/** `message-delivered` payload. */
export const messageDeliveredSchema = z.object({
  roomId: idSchema,
  messageIds: z.array(idSchema).min(1).max(LIMITS.messageIdsMax),
});

/** `message-read` payload; without `upToMessageId` everything is read. */
export const messageReadSchema = z.object({ roomId: idSchema, upToMessageId: idSchema.optional() });

/** `admin-assign` payload; without `adminId` the calling admin assigns the room to themself. */
export const adminAssignSchema = z.object({ roomId: idSchema, adminId: userIdSchema.optional() });

/** `close-chat` payload. */
export const closeChatSchema = z.object({ roomId: idSchema });

/** `list-rooms` payload (also the query of `GET /api/chat/rooms`). */
export const listRoomsSchema = z.object({
  status: z.enum(["open", "closed"]).default("open"),
  assigned: z.enum(["me", "unassigned", "any"]).default("any"),
  before: idSchema.optional(),
  limit: limitSchema.default(LIMITS.pageDefault),
});

/** `POST /api/chat/devices` body. */
export const registerDeviceSchema = z.object({
  token: z.string().min(1).max(4096),
  platform: z.enum(["ios", "android", "web"]),
});

/** Parsed payload types, as the server's services receive them. */
/**
 * `refresh-token` (an extension beyond the contract): a fresh token for the same user, so a
 * long-lived socket outlives its first token.
 */
export const refreshTokenSchema = z.object({ token: z.string().min(1).max(8192) });

export type JoinChatInput = z.infer<typeof joinChatSchema>;
export type SendMessageInput = z.output<typeof sendMessageSchema>;
export type FetchMessagesInput = z.output<typeof fetchMessagesSchema>;
export type TypingInput = z.infer<typeof typingSchema>;
export type MessageDeliveredInput = z.infer<typeof messageDeliveredSchema>;
export type MessageReadInput = z.infer<typeof messageReadSchema>;
export type AdminAssignInput = z.infer<typeof adminAssignSchema>;
export type CloseChatInput = z.infer<typeof closeChatSchema>;
export type ListRoomsInput = z.output<typeof listRoomsSchema>;
export type RefreshTokenInput = z.infer<typeof refreshTokenSchema>;
export type RegisterDeviceInput = z.infer<typeof registerDeviceSchema>;
