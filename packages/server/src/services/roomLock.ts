/**
 * Serialises the writes of one room. MongoDB applies each single-document update
 * atomically, but FerretDB 1.x does not (its SQLite handler reads, modifies and writes
 * back without isolation: concurrent `$inc`s are lost and a status can move backwards;
 * FerretDB#3040). Holding a room's writes in one queue keeps counters exact and status
 * monotonic on both. Across nodes, the Redis-backed lock takes over when REDIS_URL is set.
 */
export interface RoomLock {
  /**
   * Runs `fn` while holding the room. `signal` aborts (with a {@link RoomLockLostError}) if
   * the lock is lost before `fn` ends, which only a lock across nodes can be; `fn` should then
   * stop before its next write. What `fn` returns is still returned: what it wrote is written.
   * `stillOurs`: no other node has held the room since this node last did, so what this node
   * last wrote or read of the room under its lock is still the room (always true for the
   * in-process lock: without Redis, one node is the only writer).
   */
  withRoom<T>(
    roomId: string,
    fn: (signal: AbortSignal, stillOurs: boolean) => Promise<T>,
  ): Promise<T>;
}

/**
 * Why a holder lost a room: `gone`, Redis no longer has its lease (it expired, or Redis
 * restarted); `unreachable`, no renewal got through before the lease ran out; `held-too-long`,
 * the holder outlived the longest hold and its lease was left to run out.
 */
export type RoomLockLoss = "gone" | "unreachable" | "held-too-long";

/** The abort reason of a lost room lock. */
export class RoomLockLostError extends Error {
  constructor(
    readonly roomId: string,
    readonly reason: RoomLockLoss,
  ) {
    super(`lost the lock of room ${roomId} (${reason})`);
    this.name = "RoomLockLostError";
  }
}

// The in-process lock is never lost.
const NEVER_ABORTED = new AbortController().signal;

/** The in-process lock: one promise chain per room, dropped when the room goes idle. */
export class LocalRoomLock implements RoomLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  withRoom<T>(
    roomId: string,
    fn: (signal: AbortSignal, stillOurs: boolean) => Promise<T>,
  ): Promise<T> {
    const previous = this.tails.get(roomId) ?? Promise.resolve();
    const run = () => fn(NEVER_ABORTED, true);
    const result = previous.then(run, run);
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
