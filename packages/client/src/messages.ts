import {
  compareMessages,
  MESSAGE_STATUS_RANK,
  type Message,
  type MessageStatusEvent,
} from "@switchboard/protocol";
import type { ChatMessage } from "./types.ts";

// The merge and dedupe rules of a room's message list: pure functions over immutable data,
// the one copy used by every store (the built-in one and the Redux adapter).

/** The id prefix of a queued message that has no stored id yet. */
export const LOCAL_ID_PREFIX = "local:";

/** Whether a message is one of ours that the server has not stored (yet). */
export function isLocal(m: Pick<ChatMessage, "localStatus">): boolean {
  return m.localStatus !== "stored";
}

function toChatMessage(m: ChatMessage | Message): ChatMessage {
  return "localStatus" in m ? (m as ChatMessage) : { ...m, localStatus: "stored" };
}

/** Stored first, by (createdAt, id); then pending/failed ones, by (createdAt, id). */
function compareChatMessages(a: ChatMessage, b: ChatMessage): number {
  const la = isLocal(a) ? 1 : 0;
  const lb = isLocal(b) ? 1 : 0;
  return la !== lb ? la - lb : compareMessages(a, b);
}

/**
 * Whether two messages are the same send. The `clientMessageId` is unique per sender;
 * a local message whose sender is not known yet (`senderId === ""`) matches any sender.
 */
function sameSend(a: ChatMessage, b: ChatMessage): boolean {
  if (!a.clientMessageId || a.clientMessageId !== b.clientMessageId) return false;
  return a.senderId === b.senderId || a.senderId === "" || b.senderId === "";
}

function firstTime(a: string | null, b: string | null): string | null {
  return a ?? b;
}

/**
 * Merges a newer copy of a message into the held one. A stored message is never turned
 * back into a local one, and the delivery status only moves forward (a page read before
 * a `message-status` event may arrive after it).
 */
function mergeOne(held: ChatMessage, incoming: ChatMessage): ChatMessage {
  if (!isLocal(held) && isLocal(incoming)) return held;
  if (isLocal(incoming)) return sameMessage(held, incoming) ? held : incoming;
  const forward = MESSAGE_STATUS_RANK[incoming.status] >= MESSAGE_STATUS_RANK[held.status];
  const merged: ChatMessage = {
    ...incoming,
    localStatus: "stored",
    status: forward ? incoming.status : held.status,
    deliveredAt: firstTime(incoming.deliveredAt, isLocal(held) ? null : held.deliveredAt),
    readAt: firstTime(incoming.readAt, isLocal(held) ? null : held.readAt),
  };
  delete merged.error;
  return sameMessage(held, merged) ? held : merged;
}

/** Shallow equality of everything the UI renders; keeps references stable for memoisation. */
function sameMessage(a: ChatMessage, b: ChatMessage): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof ChatMessage>;
  for (const k of keys) {
    if (k === "attachments" || k === "error") continue;
    if (a[k] !== b[k]) return false;
  }
  return (
    a.error?.code === b.error?.code &&
    a.error?.message === b.error?.message &&
    JSON.stringify(a.attachments) === JSON.stringify(b.attachments)
  );
}

/**
 * Merges messages into a room's list: deduped by `id` and by `clientMessageId`, sorted
 * (stored ones by `compareMessages`, local ones after them). Returns `held` itself when
 * nothing changed, so subscribers can compare by reference.
 *
 * @example
 * ```ts
 * const next = mergeMessages(state.messagesByRoom[roomId] ?? [], page.messages);
 * ```
 */
export function mergeMessages(
  held: readonly ChatMessage[],
  incoming: readonly (ChatMessage | Message)[],
): readonly ChatMessage[] {
  const list = held.slice();
  const byId = new Map(list.map((m, i) => [m.id, i]));
  const byCmid = new Map<string, number[]>();
  const indexCmid = (m: ChatMessage, i: number) => {
    if (m.clientMessageId)
      byCmid.set(m.clientMessageId, [...(byCmid.get(m.clientMessageId) ?? []), i]);
  };
  list.forEach(indexCmid);
  let changed = false;
  for (const raw of incoming) {
    const m = toChatMessage(raw);
    const i = byId.get(m.id) ?? byCmid.get(m.clientMessageId)?.find((j) => sameSend(list[j]!, m));
    if (i === undefined) {
      byId.set(m.id, list.length);
      indexCmid(m, list.length);
      list.push(m);
      changed = true;
      continue;
    }
    const merged = mergeOne(list[i]!, m);
    if (merged !== list[i]) {
      byId.set(merged.id, i);
      list[i] = merged;
      changed = true;
    }
  }
  if (!changed) return held;
  // TimSort: a sorted list plus a few new items sorts in about linear time.
  return list.sort(compareChatMessages);
}

/**
 * A message with a `message-status` event applied: the status only moves forward, and
 * `deliveredAt` / `readAt` keep their first value. Returns `m` itself when nothing changes.
 */
export function applyStatus(m: ChatMessage, e: MessageStatusEvent): ChatMessage {
  if (MESSAGE_STATUS_RANK[e.status] <= MESSAGE_STATUS_RANK[m.status]) return m;
  return {
    ...m,
    status: e.status,
    deliveredAt: m.deliveredAt ?? e.at,
    readAt: e.status === "read" ? (m.readAt ?? e.at) : m.readAt,
  };
}
