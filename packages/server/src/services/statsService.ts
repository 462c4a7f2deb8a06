import type { ChatStats, CsatFigures } from "@switchboard/protocol";
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

/**
 * Every admin sees the same figures, and dashboards poll every 5 s: one computation (three
 * counts in the database, and on several nodes a question to the others) answers every
 * dashboard on this node for this long, so 50 open dashboards cost what one does.
 */
export const STATS_CACHE_MS = 2_000;

export class StatsService {
  private last: { at: number; stats: Promise<ChatStats> } | null = null;

  constructor(
    private readonly deps: {
      rooms: RoomRepository;
      messages: MessageRepository;
      sources: StatsSources;
      clock: Clock;
      /** Default {@link STATS_CACHE_MS}. */
      cacheMs?: number;
    },
  ) {}

  /** The figures, at most `cacheMs` old (`at` says when they were taken). */
  async stats(user: Identity): Promise<ChatStats> {
    requireAdmin(user);
    const now = this.deps.clock();
    const age = this.last ? now.getTime() - this.last.at : Infinity;
    if (this.last && age >= 0 && age < (this.deps.cacheMs ?? STATS_CACHE_MS))
      return this.last.stats;
    const entry = { at: now.getTime(), stats: this.compute(now) };
    this.last = entry;
    // A failure is not kept: the next poll tries again.
    void entry.stats.catch(() => {
      if (this.last === entry) this.last = null;
    });
    return entry.stats;
  }

  private async compute(now: Date): Promise<ChatStats> {
    const { rooms, messages, sources } = this.deps;
    const day = 86_400_000;
    const [users, lastMinute, p95, open, waiting, ratings] = await Promise.all([
      sources.connectedUsers(),
      messages.countSince(new Date(now.getTime() - 60_000)),
      sources.deliveryP95Ms(),
      rooms.countOpen(),
      rooms.countOpen({ unassigned: true }),
      rooms.ratingsSince(new Date(now.getTime() - 30 * day)),
    ]);
    const week = now.getTime() - 7 * day;
    return {
      connectedCustomers: users.customers,
      connectedAgents: users.agents,
      messagesLastMinute: lastMinute,
      deliveryP95Ms: p95,
      openRooms: open,
      waitingRooms: waiting,
      at: now.toISOString(),
      csat: {
        last7Days: figures(ratings.filter((r) => r.at.getTime() >= week)),
        last30Days: figures(ratings),
      },
    };
  }
}

function figures(ratings: { score: number }[]): CsatFigures {
  if (ratings.length === 0) return { average: null, count: 0 };
  const sum = ratings.reduce((total, r) => total + r.score, 0);
  return { average: Math.round((100 * sum) / ratings.length) / 100, count: ratings.length };
}
