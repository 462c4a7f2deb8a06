/**
 * The customer's side of contract v2 on the fake server: `set-contact` and `rate-chat` over
 * the fake socket, and `GET /api/chat/widget-config` and the transcript route for
 * {@link createFakeFetch}. Validation follows the protocol's schemas, as the server's does.
 */
import {
  rateChatSchema,
  setContactSchema,
  type Ack,
  type ErrorCode,
  type Room,
  type WidgetConfig,
} from "@switchboard/protocol";
import type { FakeServer } from "./fakeServer.ts";
import type { FakeSocketService } from "./fakeSocket.ts";

const refuse = (code: ErrorCode, message: string = code): Ack<never> => ({
  ok: false,
  error: { code, message },
});

/** What the fake server answers to `GET /api/chat/widget-config` unless a test sets it. */
export const FAKE_WIDGET_CONFIG: WidgetConfig = {
  teamName: "Support",
  greeting: "Hi! How can we help?",
  locale: "en",
  color: "#4f46e5",
  open: true,
  agentsOnline: 1,
  nextOpenAt: null,
  replyTime: "minutes",
};

function bump(server: FakeServer, room: Room, change: Partial<Room>): Room {
  server.clock += 1;
  const next = { ...room, ...change, updatedAt: new Date(server.clock).toISOString() };
  server.rooms.set(room.id, next);
  server.broadcast(room.id, "room-updated", next);
  return next;
}

/**
 * `set-contact`: customers only; the email (trimmed, lower-cased) goes on their open room,
 * opened now if they have none.
 *
 * @example
 * ```ts
 * setContact(server, customerSocket, { email: "Ada@Example.com" }); // customerEmail "ada@example.com"
 * ```
 */
export function setContact(
  server: FakeServer,
  s: FakeSocketService,
  p: Record<string, unknown>,
): Ack<unknown> {
  if (s.role !== "customer") return refuse("FORBIDDEN");
  const parsed = setContactSchema.safeParse(p);
  if (!parsed.success) return refuse("VALIDATION", parsed.error.message);
  const open =
    [...server.rooms.values()].find((r) => r.customerId === s.userId && r.status === "open") ??
    server.createRoom(s.userId);
  return { ok: true, data: { room: bump(server, open, { customerEmail: parsed.data.email }) } };
}

/**
 * `rate-chat`: the room's customer, only once it is closed; a second rating replaces the
 * first.
 *
 * @example
 * ```ts
 * rateChat(server, customerSocket, { roomId, score: 5 });
 * ```
 */
export function rateChat(
  server: FakeServer,
  s: FakeSocketService,
  p: Record<string, unknown>,
): Ack<unknown> {
  if (s.role !== "customer") return refuse("FORBIDDEN");
  const parsed = rateChatSchema.safeParse(p);
  if (!parsed.success) return refuse("VALIDATION", parsed.error.message);
  const room = server.rooms.get(parsed.data.roomId);
  if (!room || room.customerId !== s.userId) return refuse("NOT_FOUND");
  if (room.status !== "closed") return refuse("VALIDATION", "only a closed chat can be rated");
  const at = new Date(server.clock + 1).toISOString();
  const rating = { score: parsed.data.score, comment: parsed.data.comment, at };
  return { ok: true, data: { room: bump(server, room, { rating }) } };
}

/** A room's transcript as text: one `who: text` line per message, notes left out for customers. */
export function fakeTranscript(server: FakeServer, roomId: string, admin: boolean): string {
  return server
    .roomMessages(roomId)
    .filter((m) => admin || m.kind !== "note")
    .map((m) => `${m.senderId}: ${m.content}`)
    .join("\n");
}
