import type { Logger } from "pino";
import type { AgentRecord, AgentRepository } from "../persistence/agentRepository.ts";
import type { Written } from "../persistence/messageWriter.ts";
import type { RoomRepository } from "../persistence/roomRepository.ts";
import type { Activities } from "./activities.ts";
import type { AgentPresence } from "./agentService.ts";
import type { Clock } from "./ports.ts";
import type { RoomLock } from "./roomLock.ts";

export interface RoutingOptions {
  /** `AUTO_ASSIGN=on`. */
  enabled: boolean;
  /** `AGENT_CAPACITY`: routing gives an agent rooms while they hold fewer open ones (default 5). */
  capacity: number;
  /** How often each node looks for waiting rooms without a trigger (default 30 s). */
  sweepMs?: number;
}

export interface RouterDeps {
  rooms: RoomRepository;
  agents: AgentRepository;
  presence: AgentPresence;
  lock: RoomLock;
  activities: Activities;
  announce(written: Written): void;
  clock: Clock;
  logger: Logger;
}

/** The lock every node's routing takes: one routing decision at a time in the cluster. */
const ROUTING_LOCK = "routing";
/** Rooms one run assigns at most (a run holds the routing lock); the next run goes on. */
const RUN_MAX_ROOMS = 20;

/**
 * Automatic assignment (contract v2, `AUTO_ASSIGN=on`): a waiting room (open, unassigned,
 * with a message) goes to the online agent (a socket on any node, availability `online`)
 * with the fewest open rooms below the capacity, ties to whoever waited longest since their
 * last routed room; with nobody free it waits, and is assigned as soon as an agent comes
 * online or falls below capacity.
 *
 * Exactly once, on any number of nodes: a run holds one lock for the whole cluster (the room
 * lock's, under the key `routing`: Redis with REDIS_URL), so two nodes never count the same
 * agent's load at once (no agent over capacity); and each assignment is an activity written
 * under the room's own lock, only while the room is still unassigned (no room assigned twice,
 * nor over an agent's manual assignment).
 *
 * Runs on triggers (`kick()`: a customer's message in an unassigned room, an agent online or
 * back to `online`, a room closed or transferred), coalesced (one run at a time per node, one
 * more queued), and on a sweep every `sweepMs` that catches what another node's triggers saw.
 */
export class Router {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: ReturnType<typeof setInterval> | null = null;
  private stopped = false;

  constructor(
    private readonly deps: RouterDeps,
    readonly options: RoutingOptions,
  ) {}

  /** Starts the periodic sweep (no-op when routing is off). */
  start(): this {
    if (!this.options.enabled || this.timer) return this;
    this.timer = setInterval(() => this.kick(), this.options.sweepMs ?? 30_000);
    this.timer.unref();
    this.kick();
    return this;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Something may have made a room or an agent free: route soon (never waits for it). */
  kick(): void {
    if (!this.options.enabled || this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.runUntilDone().finally(() => (this.running = null));
  }

  /** Resolves once no run is in progress (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async runUntilDone(): Promise<void> {
    do {
      this.again = false;
      try {
        const assigned = await this.deps.lock.withRoom(ROUTING_LOCK, (signal) =>
          this.runOnce(signal),
        );
        if (assigned === RUN_MAX_ROOMS) this.again = true;
      } catch (err) {
        this.deps.logger.warn({ err }, "routing run failed; the next trigger or sweep retries");
      }
    } while (this.again && !this.stopped);
  }

  /**
   * One run under the routing lock: how many rooms it assigned. Cheapest question first:
   * with no agent online, or every one full, it reads no room at all (a burst of customer
   * messages with nobody free costs an agent list and a presence read each, not a scan of
   * the rooms). It stops when the lock is lost (`signal`: another node may be routing now).
   */
  private async runOnce(signal: AbortSignal): Promise<number> {
    const [records, connected] = await Promise.all([
      this.deps.agents.list(),
      this.deps.presence.connectedAgentIds(),
    ]);
    const online = new Set(connected);
    const candidates = records.filter((r) => online.has(r.agentId) && r.availability === "online");
    if (candidates.length === 0 || signal.aborted) return 0;
    const load = await this.deps.rooms.openRoomsByAgent();
    if (!pick(candidates, load, this.options.capacity) || signal.aborted) return 0;
    const waiting = await this.deps.rooms.waiting(RUN_MAX_ROOMS);
    let assigned = 0;
    for (const room of waiting) {
      if (signal.aborted || this.stopped) break;
      const agent = pick(candidates, load, this.options.capacity);
      if (!agent) break;
      let written: Written | null;
      try {
        written = await this.assign(room.id, agent);
      } catch (err) {
        // One room's failure (its lock, a write) is that room's: the others still go.
        this.deps.logger.warn({ err, roomId: room.id }, "routing could not assign a room");
        continue;
      }
      if (!written) continue; // taken meanwhile (by hand), or closed
      assigned++;
      load.set(agent.agentId, (load.get(agent.agentId) ?? 0) + 1);
      agent.lastRoutedAt = this.deps.clock();
      await this.deps.agents
        .routed(agent.agentId, agent.lastRoutedAt)
        .catch((err: unknown) => this.deps.logger.warn({ err }, "routing: lastRoutedAt not saved"));
    }
    return assigned;
  }

  private async assign(roomId: string, agent: AgentRecord): Promise<Written | null> {
    const others: Written[] = [];
    try {
      const { written } = await this.deps.lock.withRoom(roomId, (_signal, stillOurs) =>
        this.deps.activities.record(roomId, stillOurs, others, ({ room }) =>
          room.status !== "open" || room.adminId !== null
            ? null
            : {
                senderId: "system",
                activity: {
                  type: "assigned",
                  by: "system",
                  adminId: agent.agentId,
                  adminName: agent.name ?? agent.agentId,
                },
                content: `Assigned to ${agent.name ?? agent.agentId} automatically`,
              },
        ),
      );
      if (written) others.push(written);
      return written;
    } finally {
      others.forEach((w) => this.deps.announce(w));
    }
  }
}

/**
 * The agent a room goes to: fewest open rooms below `capacity`, ties to the one routed least
 * recently (never routed first), then by id for a stable order. Null when nobody is free.
 */
export function pick(
  candidates: AgentRecord[],
  load: ReadonlyMap<string, number>,
  capacity: number,
): AgentRecord | null {
  let best: AgentRecord | null = null;
  for (const agent of candidates) {
    const open = load.get(agent.agentId) ?? 0;
    if (open >= capacity) continue;
    if (!best) {
      best = agent;
      continue;
    }
    const bestOpen = load.get(best.agentId) ?? 0;
    const waited = (a: AgentRecord) => a.lastRoutedAt?.getTime() ?? 0;
    if (
      open < bestOpen ||
      (open === bestOpen && waited(agent) < waited(best)) ||
      (open === bestOpen && waited(agent) === waited(best) && agent.agentId < best.agentId)
    )
      best = agent;
  }
  return best;
}
