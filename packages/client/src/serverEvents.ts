import type { StoreApi } from "zustand/vanilla";
import type { DeliveryReceipts } from "./receipts.ts";
import { mergeHistoryPage } from "./resync.ts";
import type { SocketService } from "./socketService.ts";
import { storedMessages } from "./store.ts";
import type { ChatState } from "./types.ts";

/** What {@link applyServerEvents} works with. */
export interface ServerEventDeps {
  service: Pick<SocketService, "on">;
  store: StoreApi<ChatState>;
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
  const s = () => store.getState();
  service.on("new-message", (m) => {
    if (!m?.id || !m.roomId) return;
    s().addMessage(m);
    receipts.observe([m]);
  });
  service.on("chat-history", (e) => {
    if (!e?.roomId || !Array.isArray(e.messages)) return;
    mergeHistoryPage(store, e.roomId, e, storedMessages(s(), e.roomId));
    receipts.observe(e.messages);
  });
  service.on("room-updated", (room) => {
    if (!room?.id) return;
    s().upsertRoom(room);
    onRoomChange();
  });
  service.on("chat-closed", (e) => {
    const room = e?.roomId ? s().rooms[e.roomId] : undefined;
    if (room) s().upsertRoom({ ...room, status: "closed" });
    onRoomChange();
  });
  service.on("message-status", (e) => {
    if (e?.roomId && Array.isArray(e.messageIds)) s().applyMessageStatus?.(e);
  });
}
