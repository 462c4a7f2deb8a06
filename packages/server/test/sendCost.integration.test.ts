// Issue 11, target 2: what a send costs the database, counted at the wire through a proxy in
// front of the real database. A send into a room this node wrote last reads nothing: one
// insert of the message and one update of its room (shared by many sends when batched).
import { afterEach, describe, expect, it } from "vitest";
import type { Command } from "./faultProxy.ts";
import { callOn, createHarness, type Harness } from "./support.ts";

let h: Harness | undefined;
afterEach(() => h?.close());

/** The commands a run of `fn` sends to the database, as `verb collection`. */
async function commandsOf(harness: Harness, fn: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const stop = harness.proxy!.watch((cmd: Command) => {
    const [verb, target] = Object.entries(cmd)[0] ?? [];
    if (typeof target === "string" && target.startsWith("chat_")) seen.push(`${verb} ${target}`);
  });
  try {
    await fn();
  } finally {
    stop();
  }
  return seen;
}

for (const batchWrites of [false, true]) {
  describe(`send-message's database commands (batched writes ${batchWrites ? "on" : "off"})`, () => {
    it("one insert and one room update per send, no room read, after the room's first", async () => {
      h = await createHarness({ proxy: true, batchWrites });
      const harness = h;
      const customer = await harness.connect("cost-customer");
      const roomId = (await callOn(customer, "join-chat", {})).data.room.id as string;
      const send = async (i: number) => {
        const ack = await callOn(customer, "send-message", {
          roomId,
          clientMessageId: `cost-${i}`,
          content: `message ${i}`,
        });
        expect(ack.ok).toBe(true);
        return ack.data.message as { id: string };
      };
      await send(0); // the room's first send reads it once
      let last!: { id: string };
      const seen = await commandsOf(harness, async () => {
        for (let i = 1; i <= 10; i++) last = await send(i);
      });
      const roomUpdate = batchWrites ? "update chat_rooms" : "findAndModify chat_rooms";
      expect(seen).toEqual(
        Array.from({ length: 10 }, () => ["insert chat_messages", roomUpdate]).flat(),
      );
      // The room as those writes left it, and as a join reads it.
      const room = (await callOn(customer, "join-chat", { roomId })).data.room;
      expect(room).toMatchObject({ lastMessageId: last.id, unreadCountAdmin: 11 });
    });

    it("reads the room again after a write whose outcome it does not know", async () => {
      h = await createHarness({ proxy: true, batchWrites });
      const harness = h;
      const customer = await harness.connect("cost-fault");
      const roomId = (await callOn(customer, "join-chat", {})).data.room.id as string;
      const send = (i: number) =>
        callOn(customer, "send-message", { roomId, clientMessageId: `f-${i}`, content: `${i}` });
      expect((await send(0)).ok).toBe(true);
      // The room update fails: the message is stored but not counted.
      const roomWrite = batchWrites ? "update" : "findAndModify";
      harness.proxy!.failNext((cmd) => cmd[roomWrite] === "chat_rooms");
      expect((await send(1)).ok).toBe(false);
      const seen = await commandsOf(harness, async () => expect((await send(2)).ok).toBe(true));
      expect(seen[0]).toBe("find chat_rooms");
      const { data } = await callOn(customer, "join-chat", { roomId });
      expect(data.messages.map((m: { content: string }) => m.content)).toEqual(["0", "1", "2"]);
      expect(data.room.unreadCountAdmin).toBe(3);
    });
  });
}

describe("DB_COMMAND_METRICS=on", () => {
  it("counts in the metrics the very commands the database receives", async () => {
    h = await createHarness({ proxy: true, dbCommandMetrics: true });
    const harness = h;
    const counted = async () => {
      const text = await (await fetch(`${harness.server.url}/metrics`)).text();
      const byCommand = new Map<string, number>();
      for (const [, command, n] of text.matchAll(
        /^switchboard_db_commands_total\{command="(\w+)"\} (\d+)$/gm,
      ))
        byCommand.set(command!, Number(n));
      return byCommand;
    };
    const customer = await harness.connect("cost-metrics");
    const roomId = (await callOn(customer, "join-chat", {})).data.room.id as string;
    const before = await counted();
    const seen = await commandsOf(harness, async () => {
      for (let i = 0; i < 5; i++)
        await callOn(customer, "send-message", {
          roomId,
          clientMessageId: `m-${i}`,
          content: "hi",
        });
    });
    const after = await counted();
    const delta = (c: string) => (after.get(c) ?? 0) - (before.get(c) ?? 0);
    expect(delta("insert")).toBe(seen.filter((c) => c.startsWith("insert ")).length);
    expect(delta("update")).toBe(seen.filter((c) => c.startsWith("update ")).length);
    expect(delta("insert")).toBe(5);
  });
});

// Regression (found by the client's database-restart test): the driver reports a failed
// connection during a batched insert as a bulk-write error with an EMPTY writeErrors list;
// the writer took that for "nothing failed", counted the message on its room once the
// database was back, and ACKed a message that was never stored.
describe("a batched insert that fails as a whole", () => {
  it("fails the send and stores nothing, even when the error lists no write errors", async () => {
    h = await createHarness({ proxy: true, batchWrites: true });
    const harness = h;
    const customer = await harness.connect("insert-fails");
    const roomId = (await callOn(customer, "join-chat", {})).data.room.id as string;
    harness.proxy!.failNext((cmd) => cmd.insert === "chat_messages");
    const ack = await callOn(customer, "send-message", {
      roomId,
      clientMessageId: "lost-insert",
      content: "hello",
    });
    expect(ack).toMatchObject({ ok: false, error: { code: "INTERNAL" } });
    const { data } = await callOn(customer, "join-chat", { roomId });
    expect(data.messages).toEqual([]);
    expect(data.room).toMatchObject({ lastMessageId: null, unreadCountAdmin: 0 });
    // The retry stores it once.
    const retry = await callOn(customer, "send-message", {
      roomId,
      clientMessageId: "lost-insert",
      content: "hello",
    });
    expect(retry.ok).toBe(true);
    expect((await callOn(customer, "join-chat", { roomId })).data.room.unreadCountAdmin).toBe(1);
  });
});
