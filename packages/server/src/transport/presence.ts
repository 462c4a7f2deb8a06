import type { Namespace } from "socket.io";
import type { ClientToServerEvents, Role, ServerToClientEvents } from "@switchboard/protocol";
import type { SocketData } from "./socketHandler.ts";
import { userChannel, type ChatNamespace } from "./socketServer.ts";

/** This node's users with a socket open, by role (each user once, however many sockets). */
export interface UserIds {
  customers: string[];
  agents: string[];
}

/**
 * Questions one node asks the others through the adapter (`serverSideEmitWithAck`). Each
 * answer is a node's own figure, read from memory: no socket crosses the wire, unlike
 * `fetchSockets()`, which ships every socket (handshake headers included) on every call.
 */
interface InterNodeEvents {
  "switchboard:users": (ack: (ids: UserIds) => void) => void;
  "switchboard:online": (userId: string, ack: (online: boolean) => void) => void;
}
type PresenceNamespace = Namespace<
  ClientToServerEvents,
  ServerToClientEvents,
  InterNodeEvents,
  SocketData
>;

export interface PresenceOptions {
  /** Other nodes share the adapter (Redis): ask them too. False: this node is all there is. */
  clustered: boolean;
  /** Gives up on the other nodes after this long (Redis away: the adapter would wait). */
  capMs?: number;
}

/**
 * Who is connected, on this node and across the cluster, without touching any socket:
 * each node counts its users as sockets come and go, and the others are asked only for
 * their users' ids. On one node that is a lookup in memory; on several, one question to the
 * others (the stats route asks at most once per `STATS_CACHE_MS`, see StatsService).
 */
export class ClusterPresence {
  private readonly local: Record<Role, Map<string, number>> = {
    customer: new Map(),
    admin: new Map(),
  };
  private readonly nsp: PresenceNamespace;
  private readonly capMs: number;

  constructor(
    nsp: ChatNamespace,
    private readonly options: PresenceOptions,
  ) {
    // The same namespace, typed with the questions nodes ask each other.
    this.nsp = nsp as unknown as PresenceNamespace;
    this.capMs = options.capMs ?? 6_000; // past the adapter's own 5-s request timeout
  }

  /** Starts counting this node's sockets and answering the other nodes' questions. */
  attach(): this {
    this.nsp.on("connection", (socket) => {
      // A socket gone before this listener ran never emits "disconnect" to it.
      if (socket.disconnected) return;
      const { userId, role } = socket.data.user; // fixed for the socket's life (refresh-token)
      const users = this.local[role];
      users.set(userId, (users.get(userId) ?? 0) + 1);
      socket.once("disconnect", () => {
        const left = (users.get(userId) ?? 1) - 1;
        if (left > 0) users.set(userId, left);
        else users.delete(userId);
      });
    });
    this.nsp.on("switchboard:users", (ack) => ack(this.localIds()));
    this.nsp.on("switchboard:online", (userId, ack) => ack(this.onlineHere(userId)));
    return this;
  }

  /**
   * Whether a user has a socket open on any node: this node's rooms first (no round trip,
   * and all there is on one node), then the other nodes. A node that does not answer in
   * time counts as "not there": a push to someone who turns out to be online elsewhere
   * beats a message nobody is told about.
   */
  async isOnline(userId: string): Promise<boolean> {
    if (this.onlineHere(userId)) return true;
    if (!this.options.clustered) return false;
    const answers = await this.ask(() =>
      this.nsp.serverSideEmitWithAck("switchboard:online", userId),
    );
    return answers.some((online) => online === true);
  }

  /** Distinct users with a socket open, by role, on every node (see the class). */
  async connectedUsers(): Promise<{ customers: number; agents: number }> {
    if (!this.options.clustered) {
      return { customers: this.local.customer.size, agents: this.local.admin.size };
    }
    const remote = await this.ask(() => this.nsp.serverSideEmitWithAck("switchboard:users"));
    const customers = new Set(this.local.customer.keys());
    const agents = new Set(this.local.admin.keys());
    for (const ids of remote) {
      // An answer from a node of another version may lack a field: count what is there.
      ids?.customers?.forEach((id) => customers.add(id));
      ids?.agents?.forEach((id) => agents.add(id));
    }
    return { customers: customers.size, agents: agents.size };
  }

  /** The ids of the agents with a socket open on any node. */
  async connectedAgentIds(): Promise<string[]> {
    const agents = new Set(this.local.admin.keys());
    if (this.options.clustered) {
      const remote = await this.ask(() => this.nsp.serverSideEmitWithAck("switchboard:users"));
      for (const ids of remote) ids?.agents?.forEach((id) => agents.add(id));
    }
    return [...agents];
  }

  private localIds(): UserIds {
    return { customers: [...this.local.customer.keys()], agents: [...this.local.admin.keys()] };
  }

  private onlineHere(userId: string): boolean {
    return (this.nsp.adapter.rooms.get(userChannel(userId))?.size ?? 0) > 0;
  }

  /**
   * The other nodes' answers. When some do not answer within the adapter's request timeout
   * (a node stuck or stopping), the answers that came; when Redis is away (the adapter's
   * publisher queues and would wait for it), none after `capMs`.
   */
  private async ask<R>(question: () => Promise<R[]>): Promise<R[]> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const cap = new Promise<R[]>((resolve) => {
      timer = setTimeout(() => resolve([]), this.capMs);
    });
    try {
      const answers = question().catch((err: unknown) => {
        const partial = (err as { responses?: R[] } | null)?.responses;
        return Array.isArray(partial) ? partial : [];
      });
      return await Promise.race([answers, cap]);
    } finally {
      clearTimeout(timer);
    }
  }
}
