import { describe, expect, it } from "vitest";
import { Drain } from "./drain.ts";

describe("Drain", () => {
  it("lets running work finish on close and refuses new work with INTERNAL", async () => {
    const drain = new Drain();
    let finish!: () => void;
    const running = drain.run(() => new Promise<string>((r) => (finish = () => r("stored"))));
    const closed = drain.close(5_000);
    await expect(drain.run(async () => "late")).rejects.toMatchObject({ code: "INTERNAL" });
    expect(drain.inFlight).toBe(1);
    finish();
    await closed;
    expect(await running).toBe("stored");
    expect(drain.inFlight).toBe(0);
  });

  it("stops waiting after the timeout", async () => {
    const drain = new Drain();
    void drain.run(() => new Promise(() => {}));
    const started = Date.now();
    await drain.close(20);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
