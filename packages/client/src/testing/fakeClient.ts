/** A real SDK client whose socket is a {@link FakeSocketService} on a {@link FakeServer}. */
import type { Role } from "@switchboard/protocol";
import { createChatClientWith } from "../chatClient.ts";
import type { ChatClient, ChatClientOptions } from "../types.ts";
import { fakeToken, FakeServer } from "./fakeServer.ts";
import { FakeSocketService } from "./fakeSocket.ts";

/** Options of {@link createFakeChatClient}: who the user is, and any client option. */
export interface FakeChatClientOptions extends Partial<ChatClientOptions> {
  /** Default `"u1"`. */
  userId?: string;
  /** Default `"customer"`. */
  role?: Role;
  /** `connect()` goes online by itself (see {@link FakeSocketService.autoOnline}). Default false. */
  autoOnline?: boolean;
}

/**
 * The SDK's real client (store, send queue, resync, typing tracker, ...) over a fake socket
 * bound to `server`: everything but Socket.IO. `url` defaults to `http://chat.test`,
 * `getToken` to a {@link fakeToken} of the user (HTTP calls, e.g. uploads, need a `fetch`).
 *
 * @example
 * ```ts
 * const server = new FakeServer();
 * const { client, socket } = createFakeChatClient(server, { userId: "u1", role: "customer" });
 * client.connect();
 * socket.goOnline();
 * const room = await client.join();
 * client.send(room.id, "Hello!");
 * ```
 */
export function createFakeChatClient(
  server: FakeServer,
  options: FakeChatClientOptions = {},
): {
  /** The real client. */
  client: ChatClient;
  /** Its fake socket: `goOnline()`, `drop()`, the request log. */
  socket: FakeSocketService;
} {
  const { userId = "u1", role = "customer", autoOnline = false, ...rest } = options;
  let socket!: FakeSocketService;
  const clientOptions: ChatClientOptions = {
    url: "http://chat.test",
    getToken: () => fakeToken(userId, role),
    ...rest,
  };
  const client = createChatClientWith(clientOptions, (hooks) => {
    socket = new FakeSocketService(hooks, server, userId, role);
    socket.autoOnline = autoOnline;
    return socket;
  });
  return { client, socket };
}

/** What a client holds for a room: id, clientMessageId and local status of each message. */
export function heldView(client: Pick<ChatClient, "store">, roomId: string) {
  return (client.store.getState().messagesByRoom[roomId] ?? []).map((m) => ({
    /** The message's id (`local:…` while queued). */
    id: m.id,
    /** Its `clientMessageId`. */
    cmid: m.clientMessageId,
    /** Its `localStatus`. */
    local: m.localStatus,
  }));
}

/** The same as {@link heldView}, for what the fake server stores: equal when in sync. */
export function storedView(server: FakeServer, roomId: string) {
  return server.roomMessages(roomId).map((m) => ({
    /** The message's id. */
    id: m.id,
    /** Its `clientMessageId`. */
    cmid: m.clientMessageId,
    /** Always `"stored"`. */
    local: "stored",
  }));
}

/** What {@link createFakeConversation} sets up. */
export interface FakeConversation {
  /** The fake server both clients talk to. */
  server: FakeServer;
  /** The customer (`customerId`, default `"u1"`): its client and fake socket. */
  customer: ReturnType<typeof createFakeChatClient>;
  /** The agent (`agentId`, default `"a1"`), joined to the customer's room. */
  agent: ReturnType<typeof createFakeChatClient>;
  /** The customer's open room. */
  roomId: string;
}

/**
 * A customer and an agent on one fake server, both online, the customer's room open and the
 * agent in it: the start of most conversation tests.
 *
 * @example
 * ```ts
 * const { customer, agent, roomId } = await createFakeConversation();
 * agent.client.send(roomId, "Hi, how can I help?");
 * ```
 */
export async function createFakeConversation(
  options: { server?: FakeServer; customerId?: string; agentId?: string } = {},
): Promise<FakeConversation> {
  const server = options.server ?? new FakeServer();
  const customer = createFakeChatClient(server, {
    userId: options.customerId ?? "u1",
    autoOnline: true,
  });
  const agent = createFakeChatClient(server, {
    userId: options.agentId ?? "a1",
    role: "admin",
    autoOnline: true,
  });
  customer.client.connect();
  agent.client.connect();
  const room = await customer.client.join();
  await agent.client.join(room.id);
  return { server, customer, agent, roomId: room.id };
}
