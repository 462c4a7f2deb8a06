/**
 * Serialises the writes of one room. MongoDB applies each single-document update
 * atomically, but FerretDB 1.x does not (its SQLite handler reads, modifies and writes
 * back without isolation: concurrent `$inc`s are lost and a status can move backwards;
 * FerretDB#3040). Holding a room's writes in one queue keeps counters exact and status
 * monotonic on both. Across nodes, the Redis-backed lock takes over when REDIS_URL is set.
 */
export interface RoomLock {
  withRoom<T>(roomId: string, fn: () => Promise<T>): Promise<T>;
}

/** The in-process lock: one promise chain per room, dropped when the room goes idle. */
export class LocalRoomLock implements RoomLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  withRoom<T>(roomId: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(roomId) ?? Promise.resolve();
    const result = previous.then(fn, fn);
    const tail = result.catch(() => undefined);
    this.tails.set(roomId, tail);
    void tail.then(() => {
      if (this.tails.get(roomId) === tail) this.tails.delete(roomId);
    });
    return result;
  }

  /** Rooms with writes queued or running (for tests and metrics). */
  get busyRooms(): number {
    return this.tails.size;
  }
}
