/**
 * The numeric limits of the wire contract.
 *
 * @example
 * ```ts
 * if ([...text].length > LIMITS.contentMaxCodePoints) showTooLong();
 * ```
 */
export const LIMITS = {
  /** Message content after normalisation, in Unicode code points. */
  contentMaxCodePoints: 4000,
  /** Raw content accepted before normalisation, in UTF-16 units (guards the normaliser). */
  contentMaxRawLength: 64_000,
  /** `clientMessageId` length in characters. */
  clientMessageIdMaxLength: 64,
  /** Messages per page of `fetch-messages` when `limit` is not given. */
  pageDefault: 50,
  /** Largest `limit` of `fetch-messages` and `list-rooms`. */
  pageMax: 100,
  /** Messages that `join-chat` answers with. */
  joinHistory: 50,
  /** Attachments on one message. */
  attachmentsMax: 10,
  /**
   * Message ids in one `message-delivered` call: a page of history (`pageMax`). The server
   * reads and writes them in one query each; the SDK splits larger sets into calls of this size.
   */
  messageIdsMax: 100,
  /** A user id (`sub`, `adminId`), in characters. */
  userIdMaxLength: 128,
  /** A token's `name` as the server keeps it (after {@link normalizeName}), in code points. */
  nameMaxCodePoints: 100,
  /** Text of a room's `lastMessage` preview, in code points. */
  previewMaxCodePoints: 120,
  /** Contract v2: labels on one room (`set-labels`). */
  labelsMax: 10,
  /** Contract v2: one label's length; labels are `a-z0-9-_`. */
  labelMaxLength: 32,
  /** Contract v2: a rating's comment (`rate-chat`), in code points. */
  ratingCommentMaxCodePoints: 1000,
  /** Contract v2: a search's `q`, in characters. */
  searchQueryMinLength: 2,
  /** Contract v2: a search's `q`, in characters. */
  searchQueryMaxLength: 200,
  /** A canned response's shortcode (`a-z0-9-_`), in characters (the contract is silent). */
  shortcodeMaxLength: 32,
  /** A canned response's title, in code points (the contract is silent). */
  cannedTitleMaxCodePoints: 100,
  /** An email address (`set-contact`), in characters (RFC 5321's path limit). */
  emailMaxLength: 254,
  /** Socket.IO `maxHttpBufferSize` of the server: larger packets close the connection. */
  maxPacketBytes: 1_000_000,
} as const;

/**
 * The protocol version. It changes only with a breaking change of the contract.
 *
 * @example
 * ```ts
 * console.log(`speaking Switchboard protocol v${PROTOCOL_VERSION}`);
 * ```
 */
export const PROTOCOL_VERSION = 1;

/** The Socket.IO namespace of the chat. */
export const CHAT_NAMESPACE = "/chat";
