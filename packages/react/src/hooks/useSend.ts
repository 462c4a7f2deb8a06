import type { Attachment } from "@switchboard/protocol";
import { useCallback, useEffect, useMemo, useRef } from "react";
import { useChatClient } from "../ChatProvider.tsx";
import { useClientState } from "./useChatState.ts";

/** What {@link useSend} returns. */
export interface RoomSend {
  /**
   * Queues a message (it shows at once, pending, and is sent until stored). Before the
   * room is known (`roomId` null, e.g. still joining) it is held, and sent, in order, as
   * soon as the room is.
   */
  send(content: string, attachments?: Attachment[]): void;
  /** Sends a failed message again, by its `clientMessageId`. */
  retry(clientMessageId: string): void;
  /** Sends every failed message of the room again. */
  retryAll(): void;
  /** The room's messages still in the send queue (queued or in flight). */
  pending: number;
  /** The room's messages the server refused for good (see each message's `error`). */
  failed: number;
}

const count =
  (status: "pending" | "failed", roomId: string | null) =>
  (s: { messagesByRoom: Readonly<Record<string, readonly { localStatus: string }[]>> }) =>
    roomId ? (s.messagesByRoom[roomId] ?? []).filter((m) => m.localStatus === status).length : 0;

/**
 * Sending into a room, and the state of its send queue.
 *
 * @param roomId - The room; null while it is being joined (messages wait for it).
 * @returns `send`, `retry`, `retryAll` and the room's pending and failed counts.
 *
 * @example
 * ```tsx
 * const { send, pending, failed, retryAll } = useSend(roomId);
 * <Composer onSend={send} />;
 * {failed > 0 && <button onClick={retryAll}>Retry {failed}</button>}
 * ```
 */
export function useSend(roomId: string | null): RoomSend {
  const client = useChatClient();
  const pending = useClientState(client, count("pending", roomId));
  const failed = useClientState(client, count("failed", roomId));

  // A visitor may type and press Enter before the room is joined: hold those messages and
  // send them, in order, as soon as it is.
  const early = useRef<[string, Attachment[] | undefined][]>([]);
  useEffect(() => {
    if (roomId)
      early.current.splice(0).forEach(([text, files]) => client.send(roomId, text, files));
  }, [client, roomId]);

  const send = useCallback(
    (content: string, attachments?: Attachment[]) => {
      if (roomId) client.send(roomId, content, attachments);
      else early.current.push([content, attachments]);
    },
    [client, roomId],
  );
  const actions = useMemo(
    () => ({
      retry: (clientMessageId: string) => client.retry(clientMessageId),
      retryAll: () => {
        if (!roomId) return;
        const held = client.store.getState().messagesByRoom[roomId] ?? [];
        held
          .filter((m) => m.localStatus === "failed")
          .forEach((m) => client.retry(m.clientMessageId));
      },
    }),
    [client, roomId],
  );
  return { send, ...actions, pending, failed };
}
