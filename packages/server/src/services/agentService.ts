import type { Agent, SetAvailabilityInput } from "@switchboard/protocol";
import type { Identity } from "../auth/tokens.ts";
import type { AgentRepository } from "../persistence/agentRepository.ts";
import type { RoomRepository } from "../persistence/roomRepository.ts";
import { requireAdmin } from "./access.ts";
import type { LookupUser } from "./roomService.ts";

/** Who has an agent's socket open, on any node (the transport's presence). */
export interface AgentPresence {
  connectedAgentIds(): Promise<string[]>;
}

export interface AgentServiceDeps {
  agents: AgentRepository;
  rooms: RoomRepository;
  presence: AgentPresence;
  lookupUser?: LookupUser | undefined;
  /** An agent may take rooms now (connected, or back to online): routing looks again. */
  onAvailable?: () => void;
  /** An agent connected, disconnected or changed availability: cached presence is read again. */
  onPresence?: () => void;
}

/**
 * Contract v2: the agents' directory (`GET /api/chat/agents`), their availability
 * (`set-availability`), and which ids are agents a room may be assigned to.
 */
export class AgentService {
  constructor(private readonly deps: AgentServiceDeps) {}

  /** An agent's socket connected: keep them in the directory with their current name. */
  async connected(user: Identity): Promise<void> {
    this.deps.onPresence?.(); // in presence already (a new id counts as available)
    await this.deps.agents.seen(user.userId, user.name?.trim() || null);
    this.deps.onAvailable?.();
  }

  /** An agent's socket closed: whoever caches presence reads it again. */
  disconnected(): void {
    this.deps.onPresence?.();
  }

  async setAvailability(
    user: Identity,
    input: SetAvailabilityInput,
  ): Promise<{ status: "online" | "away" }> {
    requireAdmin(user);
    await this.deps.agents.setAvailability(user.userId, input.status);
    this.deps.onPresence?.();
    if (input.status === "online") this.deps.onAvailable?.();
    return { status: input.status };
  }

  /**
   * Every agent in the directory, and anyone holding an open room: their name (token `name`,
   * else the host's `lookupUser` `name`, else the id), status (offline without a socket on
   * any node) and open rooms. Online first, then away, then offline; by name within each.
   */
  async list(user: Identity): Promise<{ agents: Agent[] }> {
    requireAdmin(user);
    const [records, load, connected] = await Promise.all([
      this.deps.agents.list(),
      this.deps.rooms.openRoomsByAgent(),
      this.deps.presence.connectedAgentIds(),
    ]);
    const online = new Set(connected);
    const byId = new Map(records.map((r) => [r.agentId, r]));
    for (const id of load.keys())
      if (!byId.has(id))
        byId.set(id, { agentId: id, name: null, availability: "online", lastRoutedAt: null });
    const agents = await Promise.all(
      [...byId.values()].map(async (r): Promise<Agent> => ({
        id: r.agentId,
        name: r.name ?? (await this.profileName(r.agentId)) ?? r.agentId,
        status: online.has(r.agentId) ? r.availability : "offline",
        openRooms: load.get(r.agentId) ?? 0,
      })),
    );
    const rank = { online: 0, away: 1, offline: 2 } as const;
    agents.sort((a, b) => rank[a.status] - rank[b.status] || a.name.localeCompare(b.name));
    return { agents };
  }

  /**
   * The name of the agent with this id (directory name, else the host's, else the id), or
   * null when it is not one a room may be assigned to. An agent is one of the directory
   * (they connected at least once) or connected now, or one the host's `lookupUser` knows as
   * an agent (`role` "admin" or "agent" in its profile). Without `lookupUser`, only the
   * directory can tell.
   */
  async agentName(agentId: string): Promise<string | null> {
    const record = await this.deps.agents.find(agentId);
    if (record) return record.name ?? (await this.profileName(agentId)) ?? agentId;
    // Connected this very moment, their directory entry still on its way.
    if ((await this.deps.presence.connectedAgentIds()).includes(agentId))
      return (await this.profileName(agentId)) ?? agentId;
    const profile = await this.deps.lookupUser?.(agentId);
    if (profile?.role !== "admin" && profile?.role !== "agent") return null;
    return typeof profile.name === "string" && profile.name.trim() ? profile.name.trim() : agentId;
  }

  private async profileName(id: string): Promise<string | null> {
    const name = (await this.deps.lookupUser?.(id).catch(() => null))?.name;
    return typeof name === "string" && name.trim() ? name.trim() : null;
  }
}
