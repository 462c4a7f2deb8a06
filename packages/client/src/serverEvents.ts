import type { DeliveryReceipts } from "./receipts.ts";
import { mergeHistoryPage } from "./resync.ts";
import type { SocketService } from "./socketService.ts";
import { storedMessages } from "./reducers.ts";
import type { ChatStore } from "./types.ts";

/** What {@link applyServerEvents} works with. */
export interface ServerEventDeps {
  service: Pick<SocketService, "on">;
  store: ChatStore;
  receipts: Pick<DeliveryReceipts, "observe">;
  /** A room changed (e.g. closed): held messages may move now. */
  onRoomChange: () => void;
}

/**
 * Keeps the store current from the server's pushes. Malformed payloads are ignored: a
 * server event must never throw inside the socket's event loop.
 *
 * @example
 * ```ts
 * applyServerEvents({ service, store, receipts, onRoomChange: () => succession.settle() });
 * ```
 */
export function applyServerEvents({ service, store, receipts, onRoomChange }: ServerEventDeps) {
  service.on("new-message", (m) => {
    if (!m?.id || !m.roomId) return;
    store.addMessage(m);
    receipts.observe([m]);
  });
  service.on("chat-history", (e) => {
    if (!e?.roomId || !Array.isArray(e.messages)) return;
    mergeHistoryPage(store, e.roomId, e, storedMessages(store.getState(), e.roomId));
    receipts.observe(e.messages);
  });
  service.on("room-updated", (room) => {
    if (!room?.id) return;
    store.upsertRoom(room);
    onRoomChange();
  });
  service.on("chat-closed", (e) => {
    const room = e?.roomId ? store.getState().rooms[e.roomId] : undefined;
    if (room) store.upsertRoom({ ...room, status: "closed" });
    onRoomChange();
  });
  service.on("message-status", (e) => {
    if (e?.roomId && Array.isArray(e.messageIds)) store.applyMessageStatus(e);
  });
}
