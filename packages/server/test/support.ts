import { randomBytes } from "node:crypto";
import mongoose, { type Connection } from "mongoose";
import { io, type Socket } from "socket.io-client";
import { inject } from "vitest";
import type { Role } from "@switchboard/protocol";
import { startTestServer, type TestServer } from "../src/testing.ts";
import { startFaultProxy, type FaultProxy } from "./faultProxy.ts";

declare module "vitest" {
  export interface ProvidedContext {
    mongoUri: string;
  }
}

/** Untyped on purpose: these tests also send what a typed client could not. */
export type ClientSocket = Socket;

/** A real server, a way to open real client sockets, and a direct line to its database. */
export interface Harness {
  server: TestServer;
  db: Connection;
  /** The proxy between server and database, with `createHarness({ proxy: true })`. */
  proxy?: FaultProxy | undefined;
  /** Connects a socket for this user (`name`: the token's) and waits until it is connected. */
  connect(sub: string, role?: Role, name?: string): Promise<ClientSocket>;
  /** Emits with an ack and resolves with the ack (any event name, any payload). */
  call(socket: ClientSocket, event: string, payload?: unknown): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  close(): Promise<void>;
}

/**
 * A real server on a fresh database. With `proxy: true` the server reaches the database
 * through a {@link FaultProxy} (to refuse or watch its commands); `db` is always direct.
 */
export async function createHarness(
  opts: Omit<Parameters<typeof startTestServer>[0], "mongoUri"> & { proxy?: boolean } = {},
): Promise<Harness> {
  const { proxy: viaProxy, ...serverOpts } = opts;
  const proxy = viaProxy ? await startFaultProxy(inject("mongoUri")) : undefined;
  const dbName = serverOpts.dbName ?? `sb_${randomBytes(6).toString("hex")}`;
  const mongoUri = proxy?.uri ?? inject("mongoUri");
  const server = await startTestServer({ mongoUri, ...serverOpts, dbName });
  const db = await mongoose.createConnection(inject("mongoUri") + dbName).asPromise();
  const sockets: ClientSocket[] = [];
  return {
    server,
    db,
    proxy,
    async connect(sub, role = "customer", name) {
      const socket: ClientSocket = io(server.url + "/chat", {
        auth: { token: await server.token(sub, role, undefined, name) },
        transports: ["websocket"],
        reconnection: false,
      });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", resolve);
        socket.once("connect_error", reject);
      });
      return socket;
    },
    call(socket, event, payload) {
      return socket.timeout(10_000).emitWithAck(event, payload);
    },
    async close() {
      for (const s of sockets) s.close();
      await server.close();
      await proxy?.close();
      await db.close();
    },
  };
}

/** Resolves with the next `event` on the emitter. */
export function waitFor<T = unknown>(socket: Socket, event: string): Promise<T> {
  return new Promise((resolve) => socket.once(event, (value: T) => resolve(value)));
}

/** Resolves with the next `event` on the socket whose payload passes `test` (10 s at most). */
export function nextWhere<T = unknown>(
  socket: Socket,
  event: string,
  test: (payload: T) => boolean,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no matching "${event}" within 10 s`));
    }, 10_000);
    const listener = (payload: T) => {
      if (!test(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });
}

/** Opens a customer's room and returns its id. */
export async function openRoom(h: Harness, socket: ClientSocket): Promise<string> {
  const ack = await h.call(socket, "join-chat", {});
  if (!ack.ok) throw new Error(JSON.stringify(ack.error));
  return ack.data.room.id as string;
}

export const countMessages = (h: Harness, filter: object = {}) =>
  h.db.collection("chat_messages").countDocuments(filter);
export const countRooms = (h: Harness, filter: object = {}) =>
  h.db.collection("chat_rooms").countDocuments(filter);

/**
 * A socket to one node of a cluster test, kept in `sockets` so the test can close it;
 * reconnection stays on (these tests stop and start what the client talks to).
 */
export async function connectTo(
  node: TestServer,
  sub: string,
  role: Role,
  sockets: Socket[],
): Promise<Socket> {
  const socket = io(`${node.url}/chat`, {
    auth: { token: await node.token(sub, role) },
    transports: ["websocket"],
  });
  sockets.push(socket);
  await waitFor(socket, "connect");
  return socket;
}

/** Emits with an ack (10 s) and resolves with the ack. */
export const callOn = (s: Socket, event: string, payload: unknown) =>
  s.timeout(10_000).emitWithAck(event, payload);

/**
 * Waits until the server's database and Redis answer. Redis-backed rate limits count in
 * memory (their insurance) until the command connection is up, so a test that counts a
 * budget exactly waits for it first.
 */
export async function untilReady(h: Harness, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await h.server.chat.isReady())) {
    if (Date.now() > deadline) throw new Error(`server not ready within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A cluster of real nodes for a test: one database, one real Redis, as `REDIS_URL` runs them. */
export interface TestCluster {
  nodes: TestServer[];
  /** A direct line to the cluster's database. */
  db: Connection;
  close(): Promise<void>;
}

/** Starts `count` nodes on a fresh database and the test Redis (`extra`: more server options). */
export async function startCluster(
  count = 2,
  extra: Omit<Parameters<typeof startTestServer>[0], "mongoUri" | "dbName" | "secret"> = {},
): Promise<TestCluster> {
  const common = {
    mongoUri: inject("mongoUri"),
    dbName: `sb_cluster_${randomBytes(4).toString("hex")}`,
    secret: randomBytes(16).toString("hex"),
    redisUrl: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    rateLimits: false as const,
    ...extra,
  };
  const nodes: TestServer[] = [];
  for (let i = 0; i < count; i++) nodes.push(await startTestServer(common));
  const db = await mongoose.createConnection(nodes[0]!.mongoUri).asPromise();
  return {
    nodes,
    db,
    async close() {
      await Promise.all(nodes.map((n) => n.close()));
      await db.close();
    },
  };
}
