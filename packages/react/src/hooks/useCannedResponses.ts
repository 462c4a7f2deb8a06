import type { ChatClient } from "@switchboard/client";
import type {
  CannedResponse,
  CreateCannedResponseInput,
  UpdateCannedResponseInput,
} from "@switchboard/protocol";
import { useCallback, useMemo, useSyncExternalStore } from "react";
import { useChatClient } from "../ChatProvider.tsx";

/** What {@link useCannedResponses} returns. */
export interface CannedResponses {
  /** The team's canned responses, by shortcode. */
  responses: readonly CannedResponse[];
  /** `loading` until the first answer; `error` when the last read failed (the list stays). */
  status: "loading" | "ready" | "error";
  /** Reads the list again. */
  refresh(): void;
  /** Adds one; rejects with the server's `ChatError` (`CONFLICT`: the shortcode is taken). */
  create(input: CreateCannedResponseInput): Promise<CannedResponse>;
  /** Changes one; rejects as `create` does, or `NOT_FOUND` when it was deleted meanwhile. */
  update(id: string, change: UpdateCannedResponseInput): Promise<CannedResponse>;
  /** Deletes one (one already gone counts as deleted). */
  remove(id: string): Promise<void>;
}

interface Snapshot {
  responses: readonly CannedResponse[];
  status: CannedResponses["status"];
}

const byShortcode = (list: CannedResponse[]) =>
  list.sort((a, b) => (a.shortcode < b.shortcode ? -1 : a.shortcode > b.shortcode ? 1 : 0));

/** One list per client, shared by the composer's picker and the management page. */
class CannedList {
  snapshot: Snapshot = { responses: [], status: "loading" };
  private readonly listeners = new Set<() => void>();
  private loading = false;

  constructor(private readonly client: ChatClient) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.load();
    return () => void this.listeners.delete(listener);
  };

  load = (): void => {
    if (this.loading) return;
    this.loading = true;
    this.client.listCanned().then(
      (responses) => this.set({ responses, status: "ready" }),
      (e: unknown) => {
        console.warn("Switchboard: listing canned responses failed", e);
        this.set({ ...this.snapshot, status: "error" });
      },
    );
  };

  create = async (input: CreateCannedResponseInput): Promise<CannedResponse> => {
    const made = await this.client.createCanned(input);
    this.put(made);
    return made;
  };

  update = async (id: string, change: UpdateCannedResponseInput): Promise<CannedResponse> => {
    const changed = await this.client.updateCanned(id, change);
    this.put(changed);
    return changed;
  };

  remove = async (id: string): Promise<void> => {
    await this.client.deleteCanned(id).catch((e: unknown) => {
      if ((e as { code?: string }).code !== "NOT_FOUND") throw e;
    });
    const responses = this.snapshot.responses.filter((c) => c.id !== id);
    this.set({ ...this.snapshot, responses }, false);
  };

  private put(one: CannedResponse): void {
    const others = this.snapshot.responses.filter((c) => c.id !== one.id);
    this.set({ ...this.snapshot, responses: byShortcode([...others, one]) }, false);
  }

  private set(snapshot: Snapshot, answered = true): void {
    if (answered) this.loading = false;
    this.snapshot = snapshot;
    for (const l of [...this.listeners]) l();
  }
}

const lists = new WeakMap<ChatClient, CannedList>();

/**
 * The team's canned responses (contract v2, admins only), shared by every component of a
 * client: read when the first one mounts; `create`, `update` and `remove` change the server
 * and then the shared list, so a picker shows a new response at once. Fill a response's
 * placeholders with `fillCanned` before inserting it.
 *
 * @returns The responses, the loading state, and the calls that change them.
 *
 * @example
 * ```tsx
 * const { responses, create } = useCannedResponses();
 * await create({ shortcode: "refund", content: "Hi {{customer.name}}, ..." });
 * ```
 */
export function useCannedResponses(): CannedResponses {
  const client = useChatClient();
  let list = lists.get(client);
  if (!list) {
    list = new CannedList(client);
    lists.set(client, list);
  }
  const shared = list;
  const get = useCallback(() => shared.snapshot, [shared]);
  const snapshot = useSyncExternalStore(shared.subscribe, get, get);
  return useMemo(
    () => ({
      ...snapshot,
      refresh: shared.load,
      create: shared.create,
      update: shared.update,
      remove: shared.remove,
    }),
    [snapshot, shared],
  );
}
