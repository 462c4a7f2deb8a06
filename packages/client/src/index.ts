/**
 * Switchboard client SDK: a Socket.IO connection that reconnects by itself, an outgoing
 * queue with ACKs and retries (each message stored exactly once), a resync after every
 * reconnect, and a zustand store to render from. Framework-free: works in browsers, in
 * React (web) and in React Native.
 *
 * @example
 * ```ts
 * import { createChatClient } from "@switchboard/client";
 * import { useStore } from "zustand";
 *
 * const client = createChatClient({ url: "https://chat.example.com", getToken });
 * client.connect();
 * const room = await client.join();
 * client.send(room.id, "Hello!");
 * // in a component:
 * const messages = useStore(client.store, (s) => s.messagesByRoom[room.id]);
 * // files: upload (with progress), then send; attachments download with the token
 * const attachment = await client.upload(file, { onProgress: (sent, total) => bar(sent / total) });
 * client.send(room.id, "", [attachment]);
 * const blob = await client.fetchFile(attachment.url);
 * // agents: client.listRooms({ status: "open", assigned: "me" }), client.assign(roomId),
 * // client.closeChat(roomId). A customer's message to a closed room opens a new room.
 * ```
 *
 * @packageDocumentation
 */
export { createChatClient, createChatClientWith, TYPING_THROTTLE_MS } from "./chatClient.ts";
export type { SocketServiceFactory } from "./chatClient.ts";
export { createChatStore } from "./store.ts";
export { createSendQueue, newClientMessageId } from "./sendQueue.ts";
export type { SendQueue, SendQueueOptions } from "./sendQueue.ts";
export { createSocketService } from "./socketService.ts";
export type { SocketService, SocketServiceConfig, SocketServiceHooks } from "./socketService.ts";
export { chooseResyncCursor, RESYNC_WINDOW_MS } from "./resync.ts";
export { AckTimeoutError, DisconnectedError, QUERY_EVENTS } from "./rpc.ts";
export { decodeTokenIdentity } from "./identity.ts";
export { backoffDelay } from "./transport.ts";
export type { AckEmitter, BackoffOptions, ClientEventPayload } from "./transport.ts";
export { serverUrl } from "./http.ts";
export type {
  ChatClient,
  ChatClientOptions,
  ChatMessage,
  ChatState,
  ClientIdentity,
  ConnectionStatus,
  ListRoomsQuery,
  NativeFile,
  RoomPage,
  UploadOptions,
} from "./types.ts";
