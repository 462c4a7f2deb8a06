import type { SearchInput, SearchResult } from "@switchboard/protocol";
import type { Identity } from "../auth/tokens.ts";
import type { MessageRepository } from "../persistence/messageRepository.ts";
import type { RoomRepository } from "../persistence/roomRepository.ts";
import { requireAdmin } from "./access.ts";

/**
 * Contract v2 `GET /api/chat/search` (admins): `q` in message text (notes too: agents see
 * them; activities are the server's own words) and in customers' names, ignoring case.
 */
export class SearchService {
  constructor(
    private readonly rooms: RoomRepository,
    private readonly messages: MessageRepository,
  ) {}

  /**
   * The first page starts with the rooms whose customer's name matches (newest activity
   * first, `message: null`; at most half the page, so that messages, which carry the cursor,
   * always have room), then the matching messages, newest first, up to `limit` results in
   * all; `before` (the last result's message id) pages on through the messages.
   */
  async search(
    user: Identity,
    input: SearchInput,
  ): Promise<{ results: SearchResult[]; hasMore: boolean }> {
    requireAdmin(user);
    const names = Math.floor(input.limit / 2);
    const named = input.before || names === 0 ? [] : await this.rooms.namedLike(input.q, names);
    const room = new Map(named.map((r) => [r.id, r]));
    const results: SearchResult[] = named.map((r) => ({ room: r, message: null }));
    const page = await this.messages.search(input.q, input.limit - results.length, input.before);
    const missing = [...new Set(page.messages.map((m) => m.roomId))].filter((id) => !room.has(id));
    if (missing.length) for (const [id, r] of await this.rooms.findMany(missing)) room.set(id, r);
    for (const message of page.messages) {
      const r = room.get(message.roomId);
      if (r) results.push({ room: r, message });
    }
    return { results, hasMore: page.hasMore };
  }
}
