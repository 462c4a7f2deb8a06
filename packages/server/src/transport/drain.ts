import { ChatError } from "@switchboard/protocol";

/**
 * In-flight events, for a graceful stop: once `close()` starts, new events are refused
 * with INTERNAL (nothing is stored, so the client's queue sends them again after it
 * reconnects to another node) while the ones already running finish their writes and ACKs.
 */
export class Drain {
  private closing = false;
  private readonly running = new Set<Promise<unknown>>();

  /** Runs one event's work, or refuses it while shutting down. */
  run<T>(work: () => Promise<T>): Promise<T> {
    if (this.closing) return Promise.reject(new ChatError("INTERNAL", "server is shutting down"));
    const p = work();
    this.running.add(p);
    const done = () => this.running.delete(p);
    p.then(done, done);
    return p;
  }

  /** Stops taking events and waits (at most `timeoutMs`) for the running ones. */
  async close(timeoutMs: number): Promise<void> {
    this.closing = true;
    const deadline = new Promise((r) => setTimeout(r, timeoutMs).unref());
    await Promise.race([Promise.allSettled([...this.running]), deadline]);
  }

  get inFlight(): number {
    return this.running.size;
  }
}
