// Support for the client SDK's integration tests: the REAL SDK (`createChatClient`, real
// socket.io-client) against a REAL server (`startTestServer`) on a real database.
import type { Role } from "@switchboard/protocol";
import { startTestServer, type TestServer } from "@switchboard/server/testing";
import mongoose, { Types, type Connection } from "mongoose";
import { afterAll, afterEach, beforeAll, inject } from "vitest";
import {
  createChatClient,
  type ChatClient,
  type ChatClientOptions,
  type ChatMessage,
} from "../src/index.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** Base URI ending in "/", without a database name (see scripts/test-database.ts). */
    mongoUri: string;
  }
}

export type Client = ChatClient;

/**
 * Polls `fn` until it returns without throwing (and not `false`), then returns its
 * value. At the deadline, throws the last error so the failure says what was awaited.
 */
export async function eventually<T>(
  fn: () => T | Promise<T>,
  timeoutMs = 10_000,
  intervalMs = 10,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let failure: unknown;
    try {
      const value = await fn();
      if (value !== false) return value;
      failure = new Error("condition still false");
    } catch (err) {
      failure = err;
    }
    if (Date.now() > deadline) {
      const why = failure instanceof Error ? failure.message : String(failure);
      throw new Error(`eventually: not within ${timeoutMs} ms: ${why}`, { cause: failure });
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** A real server on a fresh database; pass `restartOf` to start onto the same data, port and secret. */
export function startServer(restartOf?: TestServer): Promise<TestServer> {
  const mongoUri = inject("mongoUri");
  if (!restartOf) return startTestServer({ mongoUri });
  const dbName = restartOf.mongoUri.slice(restartOf.mongoUri.lastIndexOf("/") + 1);
  return startTestServer({ mongoUri, dbName, port: restartOf.port, secret: restartOf.secret });
}

/**
 * One real server on a fresh database for a test file, with a direct line to that database;
 * the clients pushed to `clients` are disconnected after each test.
 */
export function useServer() {
  const env = { clients: [] as Client[] } as {
    server: TestServer;
    db: Connection;
    clients: Client[];
  };
  beforeAll(async () => {
    env.server = await startServer();
    env.db = await openDb(env.server);
  });
  afterEach(() => {
    for (const c of env.clients) c.disconnect();
    env.clients = [];
  });
  afterAll(async () => {
    await env.server.close();
    await env.db.close();
  });
  return env;
}

/** A direct line to the server's database, to audit what it really holds. */
export function openDb(server: TestServer): Promise<Connection> {
  return mongoose.createConnection(server.mongoUri).asPromise();
}

/** Options for the SDK: websocket only, and a fast reconnection so the tests stay quick. */
export const FAST_RECONNECT = {
  transports: ["websocket"],
  reconnectionDelay: 50,
  reconnectionDelayMax: 200,
};

/**
 * A connected SDK client for user `sub`. `getToken` may be wrapped, e.g. to hold the
 * client offline while it reconnects (`gate`); its tokens stay valid across a restart
 * onto the same secret. `options` adds client options (e.g. `store`, `fetch`).
 */
export function connectClient(
  server: TestServer,
  sub: string,
  role: Role = "customer",
  gate?: () => Promise<void>,
  options: Partial<ChatClientOptions> = {},
): Client {
  const client = createChatClient({
    url: server.url,
    getToken: async () => {
      await gate?.();
      return server.token(sub, role);
    },
    ackTimeoutMs: 3000,
    socketOptions: FAST_RECONNECT,
    ...options,
  });
  client.connect();
  return client;
}

/** A gate that `getToken` awaits while closed: the client cannot (re)connect. */
export function tokenGate() {
  let open: (() => void) | null = null;
  let closed: Promise<void> | null = null;
  return {
    wait: () => closed ?? Promise.resolve(),
    close() {
      closed = new Promise<void>((resolve) => (open = resolve));
    },
    open() {
      closed = null;
      open?.();
    },
  };
}

export function messages(client: Client, roomId: string): readonly ChatMessage[] {
  return client.store.getState().messagesByRoom[roomId] ?? [];
}

/** The ids of the stored messages a client holds for a room, in its order. */
export function storedIds(client: Client, roomId: string): string[] {
  return messages(client, roomId)
    .filter((m) => m.localStatus === "stored")
    .map((m) => m.id);
}

export interface DbMessage {
  id: string;
  senderId: string;
  clientMessageId: string;
  content: string;
  /** Contract v2: "message", or "activity" (an agent's first answer writes "took the chat"). */
  kind: string;
}

/** What the database holds for a room, in (createdAt, _id) order. */
export async function dbMessages(db: Connection, roomId: string): Promise<DbMessage[]> {
  const docs = await db
    .collection("chat_messages")
    .find({ roomId: new Types.ObjectId(roomId) })
    .sort({ createdAt: 1, _id: 1 })
    .toArray();
  return docs.map((d) => ({
    id: String(d._id),
    senderId: String(d.senderId),
    clientMessageId: String(d.clientMessageId),
    content: String(d.content),
    kind: String(d.kind ?? "message"),
  }));
}

/** Copies of each `clientMessageId` in the database, for one sender. */
export function countByClientId(db: Connection, senderId: string, clientMessageId: string) {
  return db.collection("chat_messages").countDocuments({ senderId, clientMessageId });
}

/**
 * Cuts the transport of every connected socket (of `userId`, when given) from the server
 * side, as a network failure would: the client sees "transport close" and reconnects by
 * itself. Returns how many sockets were cut.
 */
export function cutTransports(server: TestServer, userId?: string): number {
  let cut = 0;
  for (const socket of server.chat.namespace.sockets.values()) {
    if (userId && socket.data.user?.userId !== userId) continue;
    if (socket.conn.readyState !== "open") continue; // already being cut
    socket.conn.close();
    cut++;
  }
  return cut;
}

/** Records every connection status the client goes through from now on. */
export function statusLog(client: Client): string[] {
  const log: string[] = [];
  client.store.subscribe((s, prev) => {
    if (s.connectionStatus !== prev.connectionStatus) log.push(s.connectionStatus);
  });
  return log;
}

/** Resolves once the client's store says "online" (after a resync may still be running). */
export function online(client: Client, timeoutMs = 10_000): Promise<unknown> {
  return eventually(() => client.store.getState().connectionStatus === "online", timeoutMs);
}

/**
 * Waits until the database holds `count` messages for the room (activities, which the server
 * writes, not counted) and the client holds exactly what the database holds, activities
 * included (same ids, same order), with nothing pending or failed. Returns the messages
 * users wrote (no activities).
 */
export async function expectInSync(
  client: Client,
  db: Connection,
  roomId: string,
  count: number,
  timeoutMs = 10_000,
): Promise<DbMessage[]> {
  return eventually(async () => {
    const inDb = await dbMessages(db, roomId);
    const written = inDb.filter((m) => m.kind !== "activity").length;
    if (written !== count) throw new Error(`database holds ${written}, not ${count}`);
    const held = messages(client, roomId);
    const local = held.filter((m) => m.localStatus !== "stored");
    if (local.length > 0) throw new Error(`${local.length} not stored yet`);
    const want = inDb.map((m) => m.id).join(",");
    if (storedIds(client, roomId).join(",") !== want) {
      throw new Error(`store (${held.length}) != database (${inDb.length})`);
    }
    return inDb.filter((m) => m.kind !== "activity");
  }, timeoutMs);
}
