import type { ChatStats } from "@switchboard/protocol";
import type { Identity } from "../auth/tokens.ts";
import type { MessageRepository } from "../persistence/messageRepository.ts";
import type { RoomRepository } from "../persistence/roomRepository.ts";
import { requireAdmin } from "./access.ts";
import type { Clock } from "./ports.ts";

export interface StatsSources {
  /** Users with a socket open, by role, on every node. */
  connectedUsers(): Promise<{ customers: number; agents: number }>;
  deliveryP95Ms(): Promise<number | null>;
}

export class StatsService {
  constructor(
    private readonly deps: {
      rooms: RoomRepository;
      messages: MessageRepository;
      sources: StatsSources;
      clock: Clock;
    },
  ) {}

  async stats(user: Identity): Promise<ChatStats> {
    requireAdmin(user);
    const { rooms, messages, sources, clock } = this.deps;
    const now = clock();
    const [users, lastMinute, p95, open, waiting] = await Promise.all([
      sources.connectedUsers(),
      messages.countSince(new Date(now.getTime() - 60_000)),
      sources.deliveryP95Ms(),
      rooms.countOpen(),
      rooms.countOpen({ unassigned: true }),
    ]);
    return {
      connectedCustomers: users.customers,
      connectedAgents: users.agents,
      messagesLastMinute: lastMinute,
      deliveryP95Ms: p95,
      openRooms: open,
      waitingRooms: waiting,
      at: now.toISOString(),
    };
  }
}
