import type { Message, Room } from "@switchboard/protocol";
import type { Logger } from "pino";
import type { Identity } from "../auth/tokens.ts";
import type {
  CustomerDataRepository,
  StoredUpload,
} from "../persistence/customerDataRepository.ts";
import type { RoomRepository } from "../persistence/roomRepository.ts";
import type { FileStore } from "../storage/fileStore.ts";
import { requireAdmin } from "./access.ts";
import type { Clock } from "./ports.ts";
import type { RoomLock } from "./roomLock.ts";
import type { LookupUser } from "./roomService.ts";
import { FILES_PATH } from "./uploadService.ts";

/** What `DELETE /api/chat/customers/:customerId` answers: what this call erased. */
export interface Erased {
  deleted: { rooms: number; messages: number; uploads: number; devices: number };
}

/** `GET /api/chat/customers/:customerId/export`. */
export interface CustomerExport {
  customer: {
    id: string;
    /** The newest name the customer's rooms carry. */
    name: string | null;
    /** Every address the customer left (`set-contact`). */
    emails: string[];
    /** The host's `lookupUser` profile, when it knows the customer. */
    profile: Record<string, unknown> | null;
  };
  rooms: Room[];
  /** Every message of those rooms the customer could see: no notes. */
  messages: Message[];
  uploads: {
    url: string;
    name: string;
    size: number;
    mimeType: string;
    roomId: string | null;
    createdAt: string;
  }[];
}

export interface CustomerDataDeps {
  data: CustomerDataRepository;
  rooms: RoomRepository;
  files: FileStore;
  lock: RoomLock;
  clock: Clock;
  logger: Logger;
  /** Disconnects every socket of a user, on every node. */
  disconnect(userId: string): void;
  lookupUser?: LookupUser | undefined;
  /** `RETENTION_DAYS`: closed rooms idle longer are erased daily; null keeps them. */
  retentionDays: number | null;
  /** A room's records are deleted: what this node holds of it in memory goes too. */
  onRoomErased?: ((roomId: string) => void) | undefined;
}

const DAY_MS = 86_400_000;
/** Rooms one retention run erases at most; the next run goes on. */
const RETENTION_BATCH = 200;

/**
 * Contract v2 "A customer's data": export, erasure, retention. Erasure deletes files first,
 * then records, then each room's content and the room itself last, each room under its lock:
 * a call cut short (a crash) leaves rooms behind, and a second call finishes them.
 */
export class CustomerDataService {
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly deps: CustomerDataDeps) {}

  async export(user: Identity, customerId: string): Promise<CustomerExport> {
    requireAdmin(user);
    const rooms = await this.deps.data.rooms(customerId);
    const ids = rooms.map((r) => r.id);
    const [messages, uploads, profile] = await Promise.all([
      this.deps.data.messages(ids),
      this.deps.data.uploads(customerId, ids, { customerView: true }), // no note's file
      this.deps.lookupUser?.(customerId).catch(() => null) ?? null,
    ]);
    const emails = [...new Set(rooms.map((r) => r.customerEmail).filter((e): e is string => !!e))];
    return {
      customer: {
        id: customerId,
        name: rooms.findLast((r) => r.customerName)?.customerName ?? null,
        emails,
        profile: profile ?? null,
      },
      rooms,
      messages,
      uploads: uploads.map((u) => ({
        url: FILES_PATH + (u.secret ? `${u.id}-${u.secret}` : u.id),
        name: u.name,
        size: u.size,
        mimeType: u.mimeType,
        roomId: u.roomId,
        createdAt: u.createdAt,
      })),
    };
  }

  async erase(user: Identity, customerId: string): Promise<Erased> {
    requireAdmin(user);
    this.deps.disconnect(customerId);
    const rooms = await this.deps.data.rooms(customerId);
    const deleted = { rooms: 0, messages: 0, uploads: 0, devices: 0 };
    // The customer's own uploads (also those never sent) and every file of their rooms.
    const uploads = await this.deps.data.uploads(
      customerId,
      rooms.map((r) => r.id),
    );
    deleted.uploads += await this.deleteUploads(uploads);
    for (const room of rooms) {
      const n = await this.eraseRoom(room.id, false);
      deleted.messages += n.messages;
      deleted.rooms += n.rooms;
    }
    deleted.devices = await this.deps.data.deleteDevices(customerId);
    this.deps.logger.info({ customerId, ...deleted }, "customer erased");
    return { deleted };
  }

  /** Starts the daily retention job (no-op without `RETENTION_DAYS`). */
  start(): this {
    if (this.deps.retentionDays === null || this.timer) return this;
    const run = () =>
      void this.retain().catch((err: unknown) =>
        this.deps.logger.warn({ err }, "retention run failed; the next one retries"),
      );
    this.timer = setInterval(run, DAY_MS);
    this.timer.unref();
    setTimeout(run, 60_000).unref(); // a minute after start, then daily
    return this;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * One retention run, one node at a time in the cluster (lock `retention`): erases closed
   * rooms idle for more than `RETENTION_DAYS`, with their messages, files and email jobs. The
   * lock is held in turns (a lock is renewed for 30 s at most): when a turn ends, the run takes
   * the lock again and goes on, until no room is left; a node that finds it taken leaves the
   * run to its holder.
   */
  async retain(): Promise<number> {
    const days = this.deps.retentionDays;
    if (days === null) return 0;
    let erased = 0;
    for (let more = true; more;) {
      more = await this.deps.lock.withRoom("retention", async (signal) => {
        for (;;) {
          const before = new Date(this.deps.clock().getTime() - days * DAY_MS);
          const ids = await this.deps.data.closedBefore(before, RETENTION_BATCH);
          for (const id of ids) {
            if (signal.aborted) return true; // this turn is over: take the lock again
            erased += (await this.eraseRoom(id, true)).rooms;
          }
          if (ids.length < RETENTION_BATCH) return false;
        }
      });
    }
    if (erased) this.deps.logger.info({ rooms: erased, days }, "retention erased closed rooms");
    return erased;
  }

  /** Erases one room under its lock; its files too when `withFiles`. */
  private async eraseRoom(roomId: string, withFiles: boolean) {
    return this.deps.lock.withRoom(roomId, async () => {
      if (withFiles) await this.deleteUploads(await this.deps.data.roomUploads(roomId));
      const messages = await this.deps.data.deleteRoomContent(roomId);
      const rooms = await this.deps.data.deleteRoom(roomId);
      this.deps.rooms.forgetState(roomId);
      this.deps.onRoomErased?.(roomId);
      return { messages, rooms };
    });
  }

  /** Files first, then their records: a crash between leaves a record, never a lost file. */
  private async deleteUploads(uploads: StoredUpload[]): Promise<number> {
    if (uploads.length === 0) return 0;
    if (!this.deps.files.delete)
      this.deps.logger.warn("the file store cannot delete: erased uploads' bytes are kept");
    for (const u of uploads) await this.deps.files.delete?.(u.storageKey);
    return this.deps.data.deleteUploads(uploads.map((u) => u.id));
  }
}
