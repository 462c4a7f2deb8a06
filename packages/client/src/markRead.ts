import type { Role } from "@switchboard/protocol";
import { isLocal } from "./messages.ts";
import type { ChatMessage, ConnectionStatus } from "./types.ts";

/** What {@link markReadTarget} decides from. */
export interface MarkReadInput {
  /** The room's messages, ascending (`state.messagesByRoom[roomId]`). */
  messages: readonly ChatMessage[] | undefined;
  /** The viewer's role: the other role's messages are the ones to read. */
  viewerRole: Role;
  /**
   * The user can see the room now: it is the room on screen (the active / focused one), and
   * the page is visible (`document.visibilityState === "visible"`) or the app is in the
   * foreground (`AppState` `active`).
   */
  visible: boolean;
  /** `state.connectionStatus`: `markRead` does nothing unless `online`. */
  connectionStatus: ConnectionStatus;
  /**
   * The newest messages are in view (e.g. the log is scrolled to the bottom). Default true,
   * for a screen that always shows the end of the conversation.
   */
  atEnd?: boolean;
}

/**
 * The mark-read rule, one copy for every UI: when the user can see the end of the room
 * (`visible`, `atEnd`), the client is `online` (a receipt sent offline is dropped, so the
 * rule fires again after a reconnect), and the newest STORED message from the other side
 * is not `read` yet (a `kind: "message"`: notes and activities take no receipts), returns that message's id: call `client.markRead(roomId, id)`.
 * Otherwise null. A pending copy of the user's own message never counts (while the
 * identity is unknown it carries the role `customer`, which an agent would take for the
 * other side).
 *
 * The id changes exactly when there is something new to read, so it is a good effect
 * dependency; after a reconnect it goes null and back, so the effect runs again.
 *
 * @example
 * ```ts
 * // React
 * const target = markReadTarget({ messages, viewerRole: "admin", visible, connectionStatus, atEnd });
 * useEffect(() => {
 *   if (roomId && target) void client.markRead(roomId, target);
 * }, [client, roomId, target]);
 * ```
 */
export function markReadTarget(input: MarkReadInput): string | null {
  const { messages, viewerRole, visible, connectionStatus, atEnd = true } = input;
  if (!visible || !atEnd || connectionStatus !== "online" || !messages) return null;
  // Only messages take receipts: an activity (contract v2) stays unread forever, and would
  // otherwise be the target again and again.
  const newest = messages.findLast(
    (m) => m.senderRole !== viewerRole && !isLocal(m) && (m.kind ?? "message") === "message",
  );
  return newest && newest.status !== "read" ? newest.id : null;
}

/**
 * Whether to call `client.markRead` now: {@link markReadTarget} is not null.
 *
 * @example
 * ```ts
 * if (shouldMarkRead({ messages, viewerRole, visible: !document.hidden, connectionStatus })) {
 *   void client.markRead(roomId);
 * }
 * ```
 */
export function shouldMarkRead(input: MarkReadInput): boolean {
  return markReadTarget(input) !== null;
}
