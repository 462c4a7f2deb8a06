/**
 * Switchboard client SDK: a Socket.IO connection that reconnects by itself, an outgoing
 * queue with ACKs and retries (each message stored exactly once), a resync after every
 * reconnect, and a store to render from. Framework-free: works in browsers, in React (web)
 * and in React Native. The state can live in the host's own store (Redux Toolkit:
 * `@switchboard/client/redux`) and HTTP calls can go through the host's own `fetch`.
 * Test doubles (an in-memory server, a fake socket) are in `@switchboard/client/testing`.
 *
 * @example
 * ```ts
 * import { createChatClient, isTyping, markReadTarget } from "@switchboard/client";
 *
 * const client = createChatClient({ url: "https://chat.example.com", getToken });
 * client.connect();
 * const room = await client.join();
 * client.send(room.id, "Hello!");
 * // render: client.store.getState().messagesByRoom[room.id], on client.store.subscribe(...)
 * // files: upload each (with progress), then one message with the attachments
 * const { failures } = await client.sendFiles(room.id, "", files, { onProgress: (i, sent, total) => bar(i, sent / total) });
 * const blob = await client.fetchFile(attachment.url); // attachments download with the token
 * // typing line: isTyping(client.typingTracker.getState(), room.id, "admin")
 * // read receipts: markReadTarget({ messages, viewerRole, visible, connectionStatus }) -> client.markRead(room.id, id)
 * // agents: client.listRooms({ status: "open", assigned: "me" }), client.assign(roomId),
 * // client.closeChat(roomId). A customer's message to a closed room opens a new room.
 * // the support desk (contract v2): client.setLabels(roomId, ["refund"]), client.listAgents(),
 * // client.setAvailability("away"), client.search({ q: "invoice" }), client.listCanned().
 * // the customer's side (contract v2): client.widgetConfig(), client.setContact(email),
 * // client.rateChat(roomId, 5, "Thanks"), client.transcript(roomId, "html") -> Blob; what a UI
 * // decides from them: teamStatus(config) (open, away, noAgent), contactEmail(typed),
 * // checkRating(score, comment); the forms' state machines: createContactForm(client),
 * // createRatingForm(client), createTranscriptEmailForm(client); their words:
 * // "@switchboard/client/i18n".
 * ```
 *
 * @packageDocumentation
 */
export { createChatClient, createChatClientWith, TYPING_THROTTLE_MS } from "./chatClient.ts";
export type { SocketServiceFactory } from "./chatClient.ts";
export { createChatStore } from "./store.ts";
export { chatReducers, initialChatState, storedMessages } from "./reducers.ts";
export { isLocal, LOCAL_ID_PREFIX, mergeMessages } from "./messages.ts";
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
export {
  checkRating,
  contactEmail,
  emailTranscriptTo,
  transcriptEmailAddress,
  teamStatus,
  WIDGET_CONFIG_AWAY_REFRESH_MS,
  WIDGET_CONFIG_REFRESH_MS,
  widgetConfigRefreshMs,
} from "./customerSide.ts";
export type {
  RatingProblem,
  TranscriptEmailNotSent,
  TranscriptEmailOutcome,
  TranscriptEmailSent,
  TeamAway,
  TeamNoAgent,
  TeamOpen,
  TeamStatus,
  TeamUnknown,
} from "./customerSide.ts";
export { createContactForm, createRatingForm, createTranscriptEmailForm } from "./customerForms.ts";
export type {
  ContactForm,
  ContactFormState,
  FormStore,
  RatingForm,
  RatingFormState,
  TranscriptEmailForm,
  TranscriptEmailFormState,
} from "./customerForms.ts";
export {
  createTypingInput,
  createTypingTracker,
  isTyping,
  typistsIn,
  TYPING_IDLE_MS,
  TYPING_TIMEOUT_MS,
} from "./typingTracker.ts";
export type {
  TypingInput,
  TypingInputOptions,
  TypingSignalTarget,
  Typist,
  TypingSource,
  TypingState,
  TypingTracker,
  TypingTrackerOptions,
} from "./typingTracker.ts";
export { markReadTarget, shouldMarkRead } from "./markRead.ts";
export type { MarkReadInput } from "./markRead.ts";
export { UPLOAD_CONCURRENCY, uploadThenSend } from "./sendFiles.ts";
export type { UploadThenSendDeps } from "./sendFiles.ts";
export type {
  Availability,
  ChatClient,
  ChatClientOptions,
  ChatMessage,
  ChatState,
  ChatStore,
  ChatStoreListener,
  ClientIdentity,
  ConnectionStatus,
  FetchInit,
  FetchLike,
  FetchResponseLike,
  ListRoomsQuery,
  NativeFile,
  RoomPage,
  SearchPage,
  SearchQuery,
  SendFilesOptions,
  SendOptions,
  SendFilesResult,
  UploadFailure,
  UploadOptions,
} from "./types.ts";
