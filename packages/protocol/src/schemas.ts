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
  /** The `url` the upload answered. */
  url: z.string().min(1).max(2048),
  /** The file's name. */
  name: z.string().min(1).max(255),
  /** Its size in bytes. */
  size: z.number().int().nonnegative(),
  /** Its type. */
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
  .object({
    /** The room to join; customers may omit it (their open room). */
    roomId: idSchema.optional(),
    /** Contract v2: answer the messages after this one (requires `roomId`). */
    after: idSchema.optional(),
  })
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
    /** The room to send to. */
    roomId: idSchema,
    /** The idempotency key: the same key from the same sender stores one message. */
    clientMessageId: clientMessageIdSchema,
    /** The text; "" is allowed with at least one attachment. */
    content: z.string().max(LIMITS.contentMaxRawLength).default(""),
    /** Files from `POST /api/chat/upload` by the same user; up to 10. */
    attachments: z.array(attachmentSchema).max(LIMITS.attachmentsMax).default([]),
    /** Contract v2: `"note"` (admins only) is never shown to the customer. */
    kind: z.enum(["message", "note"]).default("message"),
  })
  .transform((p) => ({
    ...p,
    /** The text, normalised (see {@link normalizeContent}). */
    content: normalizeContent(p.content),
  }))
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
    /** The room to read. */
    roomId: idSchema,
    /** The messages just older than this one. */
    before: idSchema.optional(),
    /** The messages just newer than this one. */
    after: idSchema.optional(),
    /** Page size, 1 to 100 (default 50). */
    limit: limitSchema.default(LIMITS.pageDefault),
  })
  .refine((p) => !(p.before && p.after), {
    message: "give before or after, not both",
    path: ["after"],
  });

/** `typing` / `stop-typing` payload. */
export const typingSchema = z.object({
  /** The room typed in. */
  roomId: idSchema,
});

/** `message-delivered` payload. */
export const messageDeliveredSchema = z.object({
  /** The messages' room. */
  roomId: idSchema,
  /** The other side's messages received, 1 to 100. */
  messageIds: z.array(idSchema).min(1).max(LIMITS.messageIdsMax),
});

/** `message-read` payload; without `upToMessageId` everything is read. */
export const messageReadSchema = z.object({
  /** The room read. */
  roomId: idSchema,
  /** Read up to and including this message; all when omitted. */
  upToMessageId: idSchema.optional(),
});

/** `admin-assign` payload; without `adminId` the calling admin assigns the room to themself. */
export const adminAssignSchema = z.object({
  /** The room to assign. */
  roomId: idSchema,
  /** The agent to assign it to; the caller when omitted. */
  adminId: userIdSchema.optional(),
});

/**
 * Contract v2 `POST /api/chat/rooms/:roomId/messages` with an API key: the agent the message
 * is sent as (default: the key's name). The rest of the body is {@link sendMessageSchema}'s.
 */
export const apiSenderSchema = z.object({
  /** The agent id to send as. */
  senderId: userIdSchema.optional(),
});

/** `close-chat` payload. */
export const closeChatSchema = z.object({
  /** The room to close. */
  roomId: idSchema,
});

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
  /** Open (the default) or closed rooms. */
  status: z.enum(["open", "closed"]).default("open"),
  /** The caller's rooms, those nobody took, or any (the default). */
  assigned: z.enum(["me", "unassigned", "any"]).default("any"),
  /** The id of the previous page's last room. */
  before: idSchema.optional(),
  /** Page size, 1 to 100 (default 50). */
  limit: limitSchema.default(LIMITS.pageDefault),
  /** Contract v2: only rooms carrying this label. */
  label: labelSchema.optional(),
  /** Contract v2: only rooms matching this text, as `GET /api/chat/search` matches it. */
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
  /** The room to label. */
  roomId: idSchema,
  /** Its labels from now on (replacing the old ones). */
  labels: z
    .array(labelSchema)
    .max(LIMITS.labelsMax)
    .transform((labels) => [...new Set(labels)]),
});

/** Contract v2 `set-availability` payload (admins). */
export const setAvailabilitySchema = z.object({
  /** `online`: taking chats; `away`: connected, not taking chats. */
  status: z.enum(["online", "away"]),
});

/** Contract v2 `GET /api/chat/rooms/:roomId/transcript?format=`: text (default), html or json. */
export const transcriptFormatSchema = z.enum(["text", "html", "json"]);
/** A transcript's format: {@link transcriptFormatSchema}. */
export type TranscriptFormat = z.output<typeof transcriptFormatSchema>;

/** Contract v2 `set-contact` payload (the room's customer): stored as `customerEmail`. */
export const setContactSchema = z.object({
  /** An email address (trimmed, lower-cased). */
  email: z
    .string()
    .trim()
    .max(LIMITS.emailMaxLength)
    .pipe(z.email())
    .transform((e) => e.toLowerCase()),
});

/** Contract v2 `rate-chat` payload: 1 to 5, a comment of up to 1000 code points. */
export const rateChatSchema = z.object({
  /** The closed room to rate. */
  roomId: idSchema,
  /** 1 (bad) to 5 (great). */
  score: z.number().int().min(1).max(5),
  /** An optional comment, normalised; "" without one. */
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
  /** What agents type after `/`; unique. */
  shortcode: shortcodeSchema,
  /** What the picker shows; the shortcode when omitted. */
  title: cannedTitleSchema.optional(),
  /** The reply's text, 1 to 4000 code points once normalised. */
  content: cannedContentSchema,
});

/** Contract v2 `PATCH /api/chat/canned-responses/:id` body: any of the fields, at least one. */
export const updateCannedResponseSchema = z
  .object({
    /** A new shortcode. */
    shortcode: shortcodeSchema.optional(),
    /** A new title. */
    title: cannedTitleSchema.optional(),
    /** A new text. */
    content: cannedContentSchema.optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), {
    message: "give shortcode, title or content",
  });

/** Contract v2 `GET /api/chat/search` query. */
export const searchSchema = z.object({
  /** The text to look for. */
  q: searchTextSchema,
  /** Page size, 1 to 100 (default 50). */
  limit: limitSchema.default(LIMITS.pageDefault),
  /** The previous page's last id (cursor). */
  before: idSchema.optional(),
});

/** `POST /api/chat/devices` body. */
export const registerDeviceSchema = z.object({
  /** The device's push token. */
  token: z.string().min(1).max(4096),
  /** The device's platform. */
  platform: z.enum(["ios", "android", "web"]),
});

/**
 * `refresh-token` (an extension beyond the contract): a fresh token for the same user, so a
 * long-lived socket outlives its first token.
 */
export const refreshTokenSchema = z.object({
  /** The new token (same `sub` and role). */
  token: z.string().min(1).max(8192),
});

// Parsed payload types, as the server's services receive them.

/** A parsed `join-chat` payload. */
export type JoinChatInput = z.infer<typeof joinChatSchema>;
/** A parsed `send-message` payload (defaults filled in, `content` normalised). */
export type SendMessageInput = z.output<typeof sendMessageSchema>;
/** A parsed `fetch-messages` payload (`limit` filled in). */
export type FetchMessagesInput = z.output<typeof fetchMessagesSchema>;
/** A parsed `typing` / `stop-typing` payload. */
export type TypingInput = z.infer<typeof typingSchema>;
/** A parsed `message-delivered` payload. */
export type MessageDeliveredInput = z.infer<typeof messageDeliveredSchema>;
/** A parsed `message-read` payload. */
export type MessageReadInput = z.infer<typeof messageReadSchema>;
/** A parsed `admin-assign` payload. */
export type AdminAssignInput = z.infer<typeof adminAssignSchema>;
/** A parsed `close-chat` payload. */
export type CloseChatInput = z.infer<typeof closeChatSchema>;
/** A parsed `list-rooms` payload or rooms query (defaults filled in). */
export type ListRoomsInput = z.output<typeof listRoomsSchema>;
/** A parsed `refresh-token` payload. */
export type RefreshTokenInput = z.infer<typeof refreshTokenSchema>;
/** A parsed `POST /api/chat/devices` body. */
export type RegisterDeviceInput = z.infer<typeof registerDeviceSchema>;
/** A parsed `set-labels` payload (duplicates dropped). */
export type SetLabelsInput = z.output<typeof setLabelsSchema>;
/** A parsed `set-availability` payload. */
export type SetAvailabilityInput = z.output<typeof setAvailabilitySchema>;
/** A parsed `set-contact` payload (email trimmed, lower-cased). */
export type SetContactInput = z.output<typeof setContactSchema>;
/** A parsed `rate-chat` payload (comment normalised). */
export type RateChatInput = z.output<typeof rateChatSchema>;
/** A parsed `POST /api/chat/canned-responses` body. */
export type CreateCannedResponseInput = z.output<typeof createCannedResponseSchema>;
/** A parsed `PATCH /api/chat/canned-responses/:id` body. */
export type UpdateCannedResponseInput = z.output<typeof updateCannedResponseSchema>;
/** A parsed `GET /api/chat/search` query (`limit` filled in). */
export type SearchInput = z.output<typeof searchSchema>;
