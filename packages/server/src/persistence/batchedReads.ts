import DataLoader from "dataloader";

/** Batched reads of one kind in flight at once; the reads asked meanwhile wait and go as one. */
const IN_FLIGHT = 2;

/**
 * When a batch of reads goes: at the end of this turn of the event loop (after every socket
 * packet that arrived in it was handled, so a join storm's reads share one query), and only
 * while fewer than {@link IN_FLIGHT} of its kind are running; until then the batch keeps
 * collecting. FerretDB scans a collection for any read, by `_id` included: one scan then
 * answers a whole batch, and on MongoDB one round trip does.
 */
class ReadGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  schedule = (dispatch: () => void): void => {
    setImmediate(() => this.start(dispatch));
  };

  private start(dispatch: () => void): void {
    if (this.running >= IN_FLIGHT) {
      this.waiting.push(dispatch);
      return;
    }
    this.running++;
    dispatch();
  }

  /** Runs a batch read; its end lets the next waiting batch go. */
  track<T>(read: () => Promise<T>): Promise<T> {
    return Promise.resolve()
      .then(read)
      .finally(() => {
        this.running--;
        const next = this.waiting.shift();
        if (next) this.start(next);
      });
  }
}

/**
 * A loader whose `load(key)` calls made together are answered by one `readMany(keys)`
 * (results in the keys' order), batched as {@link ReadGate} says. Never cached: every load
 * is a fresh read, made no earlier than it was asked for.
 */
export function batchedReads<K, V>(
  readMany: (keys: readonly K[]) => Promise<V[]>,
  maxBatchSize = 500,
): DataLoader<K, V> {
  const gate = new ReadGate();
  return new DataLoader<K, V>((keys) => gate.track(() => readMany(keys)), {
    cache: false,
    maxBatchSize,
    batchScheduleFn: gate.schedule,
  });
}
