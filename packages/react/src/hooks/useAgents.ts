import type { ChatClient } from "@switchboard/client";
import type { Agent } from "@switchboard/protocol";
import { useCallback, useEffect, useMemo, useSyncExternalStore } from "react";
import { useChatClient } from "../ChatProvider.tsx";

/** What {@link useAgents} returns. */
export interface AgentDirectory {
  /** The team as `listAgents` answered it last: online first, then away, then offline. */
  agents: readonly Agent[];
  /** `loading` until the first answer; `error` when the last read failed (the list stays). */
  status: "loading" | "ready" | "error";
  /** Reads the list again (statuses and loads change): e.g. when a picker opens. */
  refresh(): void;
  /** An agent's name as the directory knows it, else the id itself. */
  nameOf(id: string): string;
}

interface Snapshot {
  agents: readonly Agent[];
  status: AgentDirectory["status"];
}

/**
 * One directory per client, shared by every component that shows agents: one request
 * however many rows, headers and pickers ask, read again after each reconnect and when a
 * room names an agent it does not know yet.
 */
class Directory {
  snapshot: Snapshot = { agents: [], status: "loading" };
  private readonly listeners = new Set<() => void>();
  private loading = false;
  private again = false;
  private stop: (() => void) | null = null;

  constructor(private readonly client: ChatClient) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) {
        this.stop?.();
        this.stop = null;
      }
    };
  };

  load = (): void => {
    if (this.loading) {
      this.again = true; // an answer already on its way may predate what prompted this
      return;
    }
    this.loading = true;
    this.client.listAgents().then(
      (agents) => this.set({ agents, status: "ready" }),
      (e: unknown) => {
        console.warn("Switchboard: listing agents failed", e);
        this.set({ ...this.snapshot, status: "error" });
      },
    );
  };

  private set(snapshot: Snapshot): void {
    this.loading = false;
    this.snapshot = snapshot;
    for (const l of [...this.listeners]) l();
    if (this.again) {
      this.again = false;
      this.load();
    }
  }

  private start(): void {
    this.load();
    const offStore = this.client.store.subscribe((state, previous) => {
      if (state.connectionStatus === "online" && previous.connectionStatus !== "online")
        this.load();
    });
    const offRooms = this.client.on("room-updated", (room) => {
      const known = this.snapshot.agents.some((a) => a.id === room.adminId);
      if (room.adminId !== null && !known && this.snapshot.status !== "loading") this.load();
    });
    this.stop = () => {
      offStore();
      offRooms();
    };
  }
}

const directories = new WeakMap<ChatClient, Directory>();

function directoryOf(client: ChatClient): Directory {
  let directory = directories.get(client);
  if (!directory) {
    directory = new Directory(client);
    directories.set(client, directory);
  }
  return directory;
}

/**
 * The support team (contract v2 `GET /api/chat/agents`, admins only) for assign and transfer
 * pickers and for showing agents by name: each agent's name, status (`online`, `away`,
 * `offline`) and open rooms. Every component using it shares one list per client, read when
 * the first one mounts, again after each reconnect, when a room is assigned to an agent not
 * in it, and on `refresh()`.
 *
 * @param options - `refreshOnMount`: read the list again when this component mounts (a
 *   picker that opens wants fresh statuses and loads).
 * @returns The agents, the loading state, `refresh` and `nameOf`.
 *
 * @example
 * ```tsx
 * const { agents, nameOf } = useAgents();
 * <p>Assigned to {room.adminId ? nameOf(room.adminId) : "nobody"}</p>
 * ```
 */
export function useAgents(options: { refreshOnMount?: boolean } = {}): AgentDirectory {
  const client = useChatClient();
  const directory = directoryOf(client);
  const get = useCallback(() => directory.snapshot, [directory]);
  const snapshot = useSyncExternalStore(directory.subscribe, get, get);
  const refreshOnMount = options.refreshOnMount ?? false;
  useEffect(() => {
    if (refreshOnMount && directory.snapshot.status !== "loading") directory.load();
  }, [directory, refreshOnMount]);
  return useMemo(() => {
    const names = new Map(snapshot.agents.map((a) => [a.id, a.name]));
    return {
      ...snapshot,
      refresh: directory.load,
      nameOf: (id: string) => names.get(id) ?? id,
    };
  }, [snapshot, directory]);
}
