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
    /** Contract v2: `"note"` (admins only) is never shown to the customer. */
    kind: z.enum(["message", "note"]).default("message"),
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

/** Contract v2: one label, `a-z0-9-_`, 1 to 32 characters. */
export const labelSchema = z
  .string()
  .min(1)
  .max(LIMITS.labelMaxLength)
  .regex(/^[a-z0-9_-]+$/, "labels are a-z, 0-9, - and _");

/** Contract v2: a search text, 2 to 200 characters once trimmed. */
export const searchTextSchema = z
  .string()
  .max(LIMITS.contentMaxRawLength)
  .transform((q) => normalizeContent(q))
  .pipe(z.string().min(LIMITS.searchQueryMinLength).max(LIMITS.searchQueryMaxLength));

/**
 * `list-rooms` payload (also the query of `GET /api/chat/rooms`). Contract v2 adds `label`
 * (rooms carrying it) and `q` (text, as `GET /api/chat/search` matches it).
 */
export const listRoomsSchema = z.object({
  status: z.enum(["open", "closed"]).default("open"),
  assigned: z.enum(["me", "unassigned", "any"]).default("any"),
  before: idSchema.optional(),
  limit: limitSchema.default(LIMITS.pageDefault),
  label: labelSchema.optional(),
  q: searchTextSchema.optional(),
});

/**
 * Contract v2 `set-labels` payload: 0 to 10 labels; duplicates are dropped, order kept.
 *
 * @example
 * ```ts
 * setLabelsSchema.parse({ roomId, labels: ["billing", "vip"] });
 * ```
 */
export const setLabelsSchema = z.object({
  roomId: idSchema,
  labels: z
    .array(labelSchema)
    .max(LIMITS.labelsMax)
    .transform((labels) => [...new Set(labels)]),
});

/** Contract v2 `set-availability` payload (admins). */
export const setAvailabilitySchema = z.object({ status: z.enum(["online", "away"]) });

/** Contract v2 `set-contact` payload (the room's customer): stored as `customerEmail`. */
export const setContactSchema = z.object({
  email: z
    .string()
    .trim()
    .max(LIMITS.emailMaxLength)
    .pipe(z.email())
    .transform((e) => e.toLowerCase()),
});

/** Contract v2 `rate-chat` payload: 1 to 5, a comment of up to 1000 code points. */
export const rateChatSchema = z.object({
  roomId: idSchema,
  score: z.number().int().min(1).max(5),
  comment: z
    .string()
    .max(LIMITS.contentMaxRawLength)
    .default("")
    .transform((c) => normalizeContent(c))
    .refine((c) => codePointLength(c) <= LIMITS.ratingCommentMaxCodePoints, {
      message: `at most ${LIMITS.ratingCommentMaxCodePoints} code points`,
    }),
});

/** A canned response's shortcode: 1 to 32 of `a-z0-9-_` (lower-cased). */
export const shortcodeSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(LIMITS.shortcodeMaxLength)
  .regex(/^[a-z0-9_-]+$/, "shortcodes are a-z, 0-9, - and _");

const cannedContentSchema = z
  .string()
  .max(LIMITS.contentMaxRawLength)
  .transform((c) => normalizeContent(c))
  .refine((c) => codePointLength(c) >= 1 && codePointLength(c) <= LIMITS.contentMaxCodePoints, {
    message: `1 to ${LIMITS.contentMaxCodePoints} code points`,
  });

const cannedTitleSchema = z
  .string()
  .max(LIMITS.contentMaxRawLength)
  .transform((c) => normalizeContent(c))
  .refine((c) => codePointLength(c) <= LIMITS.cannedTitleMaxCodePoints, {
    message: `at most ${LIMITS.cannedTitleMaxCodePoints} code points`,
  });

/** Contract v2 `POST /api/chat/canned-responses` body; `title` defaults to the shortcode. */
export const createCannedResponseSchema = z.object({
  shortcode: shortcodeSchema,
  title: cannedTitleSchema.optional(),
  content: cannedContentSchema,
});

/** Contract v2 `PATCH /api/chat/canned-responses/:id` body: any of the fields, at least one. */
export const updateCannedResponseSchema = z
  .object({
    shortcode: shortcodeSchema.optional(),
    title: cannedTitleSchema.optional(),
    content: cannedContentSchema.optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), {
    message: "give shortcode, title or content",
  });

/** Contract v2 `GET /api/chat/search` query. */
export const searchSchema = z.object({
  q: searchTextSchema,
  limit: limitSchema.default(LIMITS.pageDefault),
  before: idSchema.optional(),
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
export type SetLabelsInput = z.output<typeof setLabelsSchema>;
export type SetAvailabilityInput = z.output<typeof setAvailabilitySchema>;
export type SetContactInput = z.output<typeof setContactSchema>;
export type RateChatInput = z.output<typeof rateChatSchema>;
export type CreateCannedResponseInput = z.output<typeof createCannedResponseSchema>;
export type UpdateCannedResponseInput = z.output<typeof updateCannedResponseSchema>;
export type SearchInput = z.output<typeof searchSchema>;
