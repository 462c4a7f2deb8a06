import type { ChatState } from "@switchboard/client";
import type { Role, Room } from "@switchboard/protocol";
import { useChatClient } from "../ChatProvider.tsx";
import { useClientState } from "./useChatState.ts";

/** What {@link useUnread} returns. */
export interface Unread {
  /** Messages the viewer has not read: in the room, or in all open rooms together. */
  count: number;
  /** Conversations with unread messages: the room (0 or 1), or the open rooms. */
  rooms: number;
}

/** Options of {@link useUnread}. */
export interface UnreadOptions {
  /** Whose unread counts: default the signed-in user's role (`client.identity`), else `customer`. */
  role?: Role;
  /** Without a room: only the open rooms assigned to this agent (an agent's own chats). */
  assignedTo?: string;
}

const unreadOf = (room: Room | undefined, role: Role) =>
  room ? (role === "admin" ? room.unreadCountAdmin : room.unreadCountCustomer) : 0;

/**
 * Unread messages for the viewer, as the server counts them (`room-updated` keeps them
 * current): of one room (whatever its status), or, without a room, of every open room
 * the client holds (an agent's inbox: `rooms` is what a tab title shows), or only of those
 * assigned to `options.assignedTo`.
 *
 * @param roomId - One room; omitted or null: every open room the client holds.
 * @param options - Whose counts (the viewer's role).
 * @returns The unread messages and the conversations that have some.
 *
 * @example
 * ```tsx
 * const { count } = useUnread(roomId); // the launcher's badge
 * const { rooms } = useUnread(); // "(3) Inbox"
 * const { count } = useUnread(undefined, { role: "admin", assignedTo: me }); // my chats' new messages
 * ```
 */
export function useUnread(roomId?: string | null, options: UnreadOptions = {}): Unread {
  const client = useChatClient();
  const role = () => options.role ?? client.identity?.role ?? "customer";
  const inScope = (s: ChatState): Room[] => {
    if (roomId !== undefined) return roomId && s.rooms[roomId] ? [s.rooms[roomId]] : [];
    return Object.values(s.rooms).filter(
      (r) =>
        r.status === "open" &&
        (options.assignedTo === undefined || r.adminId === options.assignedTo),
    );
  };
  const count = useClientState(client, (s) =>
    inScope(s).reduce((n, r) => n + unreadOf(r, role()), 0),
  );
  const rooms = useClientState(
    client,
    (s) => inScope(s).filter((r) => unreadOf(r, role()) > 0).length,
  );
  return { count, rooms };
}
