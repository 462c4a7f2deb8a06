import { describe, expect, it } from "vitest";
import { LocalRoomLock } from "./roomLock.ts";

const tick = () => new Promise((r) => setTimeout(r, 1));

describe("LocalRoomLock", () => {
  it("runs one room's work one at a time, in order", async () => {
    const lock = new LocalRoomLock();
    const log: string[] = [];
    const job = (name: string) => async () => {
      log.push(`start ${name}`);
      await tick();
      log.push(`end ${name}`);
      return name;
    };
    const results = await Promise.all([lock.withRoom("r", job("a")), lock.withRoom("r", job("b"))]);
    expect(results).toEqual(["a", "b"]);
    expect(log).toEqual(["start a", "end a", "start b", "end b"]);
  });

  it("lets different rooms run at the same time", async () => {
    const lock = new LocalRoomLock();
    const log: string[] = [];
    const job = (name: string) => async () => {
      log.push(`start ${name}`);
      await tick();
      log.push(`end ${name}`);
    };
    await Promise.all([lock.withRoom("r1", job("a")), lock.withRoom("r2", job("b"))]);
    expect(log.slice(0, 2)).toEqual(["start a", "start b"]);
  });

  it("hands its work a signal that never aborts (an in-process lock cannot be lost)", async () => {
    const lock = new LocalRoomLock();
    const signal = await lock.withRoom("r", async (s) => s);
    expect(signal.aborted).toBe(false);
  });

  it("keeps going after a failure and forgets idle rooms", async () => {
    const lock = new LocalRoomLock();
    await expect(lock.withRoom("r", () => Promise.reject(new Error("boom")))).rejects.toThrow(
      "boom",
    );
    expect(await lock.withRoom("r", async () => 42)).toBe(42);
    await tick();
    expect(lock.busyRooms).toBe(0);
  });
});
