import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { CustomerDataRepository } from "../persistence/customerDataRepository.ts";
import type { RoomRepository } from "../persistence/roomRepository.ts";
import type { FileStore } from "../storage/fileStore.ts";
import { CustomerDataService } from "./customerDataService.ts";
import type { RoomLock } from "./roomLock.ts";

// Retention holds its cluster-wide lock in turns: a Redis room lock is renewed for 30 s at
// most, then aborts. A run longer than that must take the lock again and finish, not stop
// for a day. (The run itself, on the real database, is in customerData.integration.test.ts.)
describe("retention", () => {
  it("takes its lock again when a turn ends, until no room is left", async () => {
    const closed = Array.from({ length: 7 }, (_, i) => `room${i}`);
    const turns: string[][] = [];
    /** A lock whose "retention" turn is over after two rooms (as a lapsed lease would be). */
    const lock: RoomLock = {
      async withRoom(roomId, fn) {
        if (roomId !== "retention") return fn(new AbortController().signal, true);
        const controller = new AbortController();
        turns.push([]);
        const watch = setInterval(() => {
          if (turns.at(-1)!.length >= 2) controller.abort();
        }, 0);
        try {
          return await fn(controller.signal, true);
        } finally {
          clearInterval(watch);
        }
      },
    };
    const data = {
      closedBefore: async (_: Date, limit: number) => closed.slice(0, limit),
      roomUploads: async () => [],
      deleteRoomContent: async () => 0,
      deleteRoom: async (id: string) => {
        closed.splice(closed.indexOf(id), 1);
        turns.at(-1)!.push(id);
        await new Promise((r) => setTimeout(r, 5));
        return 1;
      },
    } as unknown as CustomerDataRepository;
    const service = new CustomerDataService({
      data,
      rooms: { forgetState: () => {} } as unknown as RoomRepository,
      files: {} as FileStore,
      lock,
      clock: () => new Date(),
      logger: pino({ level: "silent" }),
      disconnect: () => {},
      retentionDays: 30,
    });
    expect(await service.retain()).toBe(7);
    expect(closed).toEqual([]);
    expect(turns.length).toBeGreaterThan(1);
  });
});
