// The send queue's building blocks: one queued message (Item), one room's line (Lane).
import {
  ErrorCode,
  sendMessageSchema,
  type Ack,
  type Attachment,
  type ErrorBody,
  type Message,
} from "@switchboard/protocol";

/** Codes that reject a send for good: sending it again would get the same answer. */
export const FINAL_CODES: ReadonlySet<string> = new Set([
  ErrorCode.VALIDATION,
  ErrorCode.FORBIDDEN,
  ErrorCode.NOT_FOUND,
  ErrorCode.ROOM_CLOSED,
  ErrorCode.TOO_LARGE,
  ErrorCode.UNAUTHORIZED,
]);

export type SendAck = Ack<{ message: Message }> | undefined;

export interface Item {
  clientMessageId: string;
  roomId: string;
  content: string;
  attachments: Attachment[];
  /** Contract v2: `"note"` for an agents' private note; absent for a message. */
  kind?: "note";
  createdAt: string;
  /** Failed attempts since the last success, connect or rate limit: drives the backoff. */
  attempt: number;
  /** Sent to `roomId` without a definite answer yet: it may be stored there. */
  uncertain: boolean;
}

/** One room's line: strictly one message in flight, in order. */
export interface Lane {
  items: Item[];
  /** Token of the attempt in flight; a settled attempt whose token is gone is stale. */
  inflight: object | null;
  timer: ReturnType<typeof setTimeout> | null;
  /** No attempt before this time (backoff or `retryAfterMs`). */
  notBefore: number;
  rateLimited: boolean;
  /** Set by moveRoom(): the line moves there once nothing is in flight. */
  movedTo: string | null;
}

/** Checks a send the way the server will; `null` when it is valid. */
export function validate(item: Item): ErrorBody | null {
  const { clientMessageId, roomId, content, attachments } = item;
  const r = sendMessageSchema.safeParse({ roomId, clientMessageId, content, attachments });
  if (r.success) return null;
  const issue = r.error.issues[0];
  return {
    code: ErrorCode.VALIDATION,
    message: issue ? `${issue.path.join(".")}: ${issue.message}` : "invalid",
  };
}

export function newLane(): Lane {
  return {
    items: [],
    inflight: null,
    timer: null,
    notBefore: 0,
    rateLimited: false,
    movedTo: null,
  };
}
