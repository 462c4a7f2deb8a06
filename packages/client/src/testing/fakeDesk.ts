/**
 * The support desk of contract v2 on the fake server: `set-labels` and `set-availability`
 * over the fake socket, and `GET /api/chat/agents`, `GET /api/chat/search` and the canned
 * responses' routes behind a `fetch` ({@link createFakeFetch}) that a client takes as its
 * `fetch` option. Validation follows the protocol's schemas, so a wrong call fails here as
 * it would on the real server.
 */
import {
  createCannedResponseSchema,
  searchSchema,
  setAvailabilitySchema,
  setLabelsSchema,
  updateCannedResponseSchema,
  type Ack,
  type Agent,
  type CannedResponse,
  type ErrorCode,
  type SearchResult,
} from "@switchboard/protocol";
import type { FetchLike, FetchResponseLike } from "../http.ts";
import { fakeTranscript } from "./fakeCustomer.ts";
import type { FakeServer } from "./fakeServer.ts";
import type { FakeSocketService } from "./fakeSocket.ts";

const refuse = (code: ErrorCode, message: string = code): Ack<never> => ({
  ok: false,
  error: { code, message },
});

/**
 * `set-labels` as the server answers it: admins only, labels validated (duplicates dropped),
 * the room's `room-updated` to its sockets.
 *
 * @example
 * ```ts
 * setLabels(server, agentSocket, { roomId, labels: ["vip"] });
 * ```
 */
export function setLabels(
  server: FakeServer,
  s: FakeSocketService,
  p: Record<string, unknown>,
): Ack<unknown> {
  if (s.role !== "admin") return refuse("FORBIDDEN");
  const parsed = setLabelsSchema.safeParse(p);
  if (!parsed.success) return refuse("VALIDATION", parsed.error.message);
  const room = server.rooms.get(parsed.data.roomId);
  if (!room) return refuse("NOT_FOUND");
  server.clock += 1;
  const next = {
    ...room,
    labels: parsed.data.labels,
    updatedAt: new Date(server.clock).toISOString(),
  };
  server.rooms.set(room.id, next);
  server.broadcast(room.id, "room-updated", next);
  return { ok: true, data: { room: next } };
}

/**
 * `set-availability`: admins only; kept in `server.availability` by user id.
 *
 * @example
 * ```ts
 * setAvailability(server, agentSocket, { status: "away" });
 * ```
 */
export function setAvailability(
  server: FakeServer,
  s: FakeSocketService,
  p: Record<string, unknown>,
): Ack<unknown> {
  if (s.role !== "admin") return refuse("FORBIDDEN");
  const parsed = setAvailabilitySchema.safeParse(p);
  if (!parsed.success) return refuse("VALIDATION", parsed.error.message);
  server.availability.set(s.userId, parsed.data.status);
  return { ok: true, data: { status: parsed.data.status } };
}

/** A response the SDK can read, from a status and a JSON body. */
function respond(status: number, body?: unknown): FetchResponseLike {
  const text = body === undefined ? "" : JSON.stringify(body);
  return {
    ok: status >= 200 && status < 300,
    status,
    headers: { get: () => null },
    text: () => Promise.resolve(text),
    blob: () => Promise.resolve(new Blob([text])),
  };
}

const STATUS: Partial<Record<ErrorCode, number>> = {
  VALIDATION: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
};
const fail = (code: ErrorCode, message: string = code) =>
  respond(STATUS[code] ?? 500, { error: { code, message } });

/** Who a fake token (see `fakeToken`) is: the part after `Bearer`, decoded. */
function userOf(authorization: string | undefined): { sub?: string; role?: string } {
  const payload = authorization?.split(".")[1];
  if (!payload) return {};
  const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
  return JSON.parse(json) as { sub?: string; role?: string };
}

/** The customer's routes: any signed-in user; a transcript for its customer or an admin. */
function customerRoute(
  server: FakeServer,
  user: { sub?: string; role?: string },
  pathname: string,
  query: URLSearchParams,
): FetchResponseLike | null {
  if (!user.sub) return fail("UNAUTHORIZED");
  if (pathname === "/api/chat/widget-config") return respond(200, server.widgetConfig);
  const emailed = /^\/api\/chat\/rooms\/([^/]+)\/transcript\/email$/.exec(pathname);
  if (emailed) return emailTranscript(server, user, decodeURIComponent(emailed[1]!));
  const transcript = /^\/api\/chat\/rooms\/([^/]+)\/transcript$/.exec(pathname);
  if (!transcript) return null;
  const room = server.rooms.get(decodeURIComponent(transcript[1]!));
  const admin = user.role === "admin";
  if (!room || (!admin && room.customerId !== user.sub)) return fail("NOT_FOUND");
  const format = query.get("format") ?? "text";
  if (format !== "text" && format !== "html") return fail("VALIDATION");
  const text = fakeTranscript(server, room.id, admin);
  const body = format === "html" ? `<!doctype html><pre>${text}</pre>` : text;
  return {
    ...respond(200),
    text: () => Promise.resolve(body),
    blob: () =>
      Promise.resolve(new Blob([body], { type: `text/${format === "html" ? "html" : "plain"}` })),
  };
}

/**
 * `POST .../transcript/email` as the server answers it: only while widget-config says
 * `transcriptEmail` (SMTP on; else 404), for the room's customer, to the room's address or
 * the one they left last on another room (409 without one); 202 with where it goes. The
 * request is recorded in `server.transcriptEmails`.
 */
function emailTranscript(server: FakeServer, user: { sub?: string }, roomId: string) {
  if (!server.widgetConfig.transcriptEmail) return fail("NOT_FOUND", "email is off");
  const room = server.rooms.get(roomId);
  if (!room || room.customerId !== user.sub) return fail("NOT_FOUND");
  const latest = [...server.rooms.values()]
    .filter((r) => r.customerId === room.customerId && r.customerEmail)
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1))[0];
  const to = room.customerEmail ?? latest?.customerEmail;
  if (!to) return fail("CONFLICT", "the customer left no email address (set-contact)");
  server.transcriptEmails.push({ roomId, to });
  return respond(202, { to, requestedAt: new Date(server.clock).toISOString() });
}

/** The agents as `GET /api/chat/agents` lists them: online, away, offline; then by name. */
function agentsOf(server: FakeServer): Agent[] {
  const rank = { online: 0, away: 1, offline: 2 };
  const open = (id: string) =>
    [...server.rooms.values()].filter((r) => r.status === "open" && r.adminId === id).length;
  return server.agents
    .map((a) => ({ ...a, openRooms: open(a.id) }))
    .sort((a, b) => rank[a.status] - rank[b.status] || a.name.localeCompare(b.name));
}

/** Case-insensitive, as the server matches: customers' names first, then messages. */
function searchOf(server: FakeServer, query: URLSearchParams) {
  const parsed = searchSchema.safeParse({
    q: query.get("q") ?? "",
    ...(query.has("limit") ? { limit: Number(query.get("limit")) } : {}),
  });
  if (!parsed.success) return fail("VALIDATION", parsed.error.message);
  const q = parsed.data.q.toLowerCase();
  const byName: SearchResult[] = [...server.rooms.values()]
    .filter((r) => r.customerName?.toLowerCase().includes(q))
    .map((room) => ({ room, message: null }));
  const byText: SearchResult[] = server.messages
    .filter((m) => m.kind !== "activity" && m.content.toLowerCase().includes(q))
    .reverse()
    .map((message) => ({ room: server.rooms.get(message.roomId)!, message }));
  const results = [...byName, ...byText].slice(0, parsed.data.limit);
  return respond(200, { results, hasMore: byName.length + byText.length > results.length });
}

function cannedRoute(server: FakeServer, method: string, id: string | undefined, body: unknown) {
  const taken = (shortcode: string | undefined, self?: string) =>
    [...server.canned.values()].some((c) => c.shortcode === shortcode && c.id !== self);
  if (method === "GET" && !id) {
    const list = [...server.canned.values()].sort((a, b) => (a.shortcode < b.shortcode ? -1 : 1));
    return respond(200, { cannedResponses: list });
  }
  if (method === "POST" && !id) {
    const parsed = createCannedResponseSchema.safeParse(body);
    if (!parsed.success) return fail("VALIDATION", parsed.error.message);
    const { shortcode, title, content } = parsed.data;
    if (taken(shortcode)) return fail("CONFLICT", `the shortcode "${shortcode}" is taken`);
    const made: CannedResponse = {
      id: server.nextId(),
      shortcode,
      title: title || shortcode,
      content,
    };
    server.canned.set(made.id, made);
    return respond(201, made);
  }
  const held = id ? server.canned.get(id) : undefined;
  if (!held) return fail("NOT_FOUND");
  if (method === "DELETE") {
    server.canned.delete(held.id);
    return respond(204);
  }
  const parsed = updateCannedResponseSchema.safeParse(body);
  if (!parsed.success) return fail("VALIDATION", parsed.error.message);
  if (taken(parsed.data.shortcode, held.id)) return fail("CONFLICT", "the shortcode is taken");
  const next = { ...held, ...parsed.data };
  next.title ||= next.shortcode;
  server.canned.set(held.id, next);
  return respond(200, next);
}

/**
 * A `fetch` serving the desk's routes from `server` (agents from `server.agents`, canned
 * responses from `server.canned`, search over its rooms and messages), admins only (read
 * from the fake token); and the customer's: `GET /api/chat/widget-config`
 * (`server.widgetConfig`), a room's transcript (`text` or `html`, one `sender: text`
 * line per message), for any signed-in user, and emailing it to its customer
 * (`server.transcriptEmails`). Anything else is 404. Pass it as the
 * client's `fetch`.
 *
 * @example
 * ```ts
 * const server = new FakeServer();
 * server.agents.push({ id: "a2", name: "Alan Turing", status: "online", openRooms: 0 });
 * const { client } = createFakeChatClient(server, { role: "admin", fetch: createFakeFetch(server) });
 * await client.listAgents(); // [{ id: "a2", name: "Alan Turing", ... }]
 * ```
 */
export function createFakeFetch(server: FakeServer): FetchLike {
  return (url, init) => {
    const { pathname, searchParams } = new URL(url);
    const method = init.method ?? "GET";
    const user = userOf(init.headers.Authorization);
    const forCustomer = customerRoute(server, user, pathname, searchParams);
    if (forCustomer) return Promise.resolve(forCustomer);
    if (user.role !== "admin") return Promise.resolve(fail("FORBIDDEN"));
    const body = typeof init.body === "string" ? (JSON.parse(init.body) as unknown) : undefined;
    const canned = /^\/api\/chat\/canned-responses(?:\/([^/]+))?$/.exec(pathname);
    if (canned) return Promise.resolve(cannedRoute(server, method, canned[1], body));
    if (pathname === "/api/chat/agents" && method === "GET")
      return Promise.resolve(respond(200, { agents: agentsOf(server) }));
    if (pathname === "/api/chat/search" && method === "GET")
      return Promise.resolve(searchOf(server, searchParams));
    return Promise.resolve(fail("NOT_FOUND"));
  };
}
