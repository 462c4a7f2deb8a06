const time = new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" });

/**
 * The time under a message, in the device's locale.
 *
 * @param iso - An ISO 8601 timestamp (`message.createdAt`).
 * @returns E.g. "9:41 AM".
 *
 * @example
 * ```tsx
 * <Text>{formatTime(message.createdAt)}</Text>
 * ```
 */
export const formatTime = (iso: string) => time.format(new Date(iso));

/** Why a message was refused, in words; the SDK gives the server's error code. */
const FAILURE: Record<string, string> = {
  RATE_LIMITED: "Not sent: too many messages at once.",
  TOO_LARGE: "Not sent: this message is too long.",
  ROOM_CLOSED: "Not sent: the conversation has ended.",
  FORBIDDEN: "Not sent: you can't write here.",
  VALIDATION: "Not sent: the message was refused.",
};

/**
 * The sentence under a failed message, from its error code.
 *
 * @param code - `message.error?.code`, the server's error code.
 * @returns E.g. "Not sent: too many messages at once."; "Not sent." for an unknown code.
 *
 * @example
 * ```tsx
 * <Text>{failureText(message.error?.code)} Tap to retry.</Text>
 * ```
 */
export const failureText = (code: string | undefined) => FAILURE[code ?? ""] ?? "Not sent.";
