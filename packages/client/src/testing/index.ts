/**
 * Test doubles of the Switchboard client SDK, for a host's tests and UI harnesses: an
 * in-memory chat server with the contract's semantics ({@link FakeServer}), a socket service
 * bound to it ({@link FakeSocketService}), and the SDK's real client over it
 * ({@link createFakeChatClient}). No test framework is imported: assert on the recorded
 * calls (`socket.log`, `socket.sent(event)`) with whatever runner you use.
 *
 * @example
 * ```ts
 * import { FakeServer, createFakeChatClient } from "@switchboard/client/testing";
 *
 * const server = new FakeServer();
 * const { client, socket } = createFakeChatClient(server, { role: "customer", autoOnline: true });
 * client.connect();
 * const room = await client.join();
 * server.store(room.id, "agent-1", "admin", "Hi, how can I help?"); // arrives as new-message
 * ```
 *
 * @packageDocumentation
 */
export { FakeServer, fakeToken, type FakeTranscriptEmail, type Intercept } from "./fakeServer.ts";
export { FakeSocketService } from "./fakeSocket.ts";
export { adminAssign, closeRoom, listRooms } from "./fakeRooms.ts";
export { createFakeFetch, setAvailability, setLabels } from "./fakeDesk.ts";
export { FAKE_WIDGET_CONFIG, fakeTranscript, rateChat, setContact } from "./fakeCustomer.ts";
export { markDelivered, markRead, relayTyping } from "./fakeSignals.ts";
export {
  createFakeChatClient,
  createFakeConversation,
  heldView,
  storedView,
  type FakeChatClientOptions,
  type FakeConversation,
} from "./fakeClient.ts";
