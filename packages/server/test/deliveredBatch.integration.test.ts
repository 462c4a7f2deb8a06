// Regression (issue 10, §6): `message-delivered` with 500 ids ran 500 lookups one after
// another. Now at most LIMITS.messageIdsMax ids a call, read with one query and written with
// one; counted at the wire, through a proxy in front of the real database.
import { Types } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LIMITS, type Role } from "@switchboard/protocol";
import type { Command } from "./faultProxy.ts";
import { callOn, createHarness, type Harness } from "./support.ts";

let h: Harness;
beforeAll(async () => {
  // The sends below go out all at once, faster than the per-user limit on purpose.
  h = await createHarness({ proxy: true, rateLimits: false });
});
afterAll(() => h?.close());
const connect = (sub: string, role: Role = "customer") => h.connect(sub, role);

/** A room with `n` customer messages and an agent. */
async function conversation(name: string, n: number) {
  const customer = await connect(name);
  const roomId = (await callOn(customer, "join-chat", {})).data.room.id as string;
  const admin = await connect(`${name}-agent`, "admin");
  const acks = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      callOn(customer, "send-message", {
        roomId,
        clientMessageId: `${name}-${i}`,
        content: `${i}`,
      }),
    ),
  );
  const ids = acks.map((a: { data: { message: { id: string } } }) => a.data.message.id);
  return { customer, admin, roomId, ids };
}

const onMessages = (cmd: Command) =>
  Object.values(cmd).includes("chat_messages") &&
  ["find", "update", "findAndModify"].some((verb) => verb in cmd);

describe("message-delivered", () => {
  it("marks a full call of ids with one read and one write of the messages", async () => {
    const { admin, roomId, ids } = await conversation("dl-batch", LIMITS.messageIdsMax);
    const seen: Command[] = [];
    const stop = h.proxy!.watch((cmd) => void (onMessages(cmd) && seen.push(cmd)));
    const ack = await callOn(admin, "message-delivered", { roomId, messageIds: ids });
    stop();
    expect(ack).toEqual({ ok: true, data: { updated: ids } });
    expect(seen.map((cmd) => Object.keys(cmd)[0])).toEqual(["find", "update"]);
    const statuses = await h.db
      .collection("chat_messages")
      .distinct("status", { roomId: new Types.ObjectId(roomId) });
    expect(statuses).toEqual(["delivered"]);
  });

  it("refuses more than LIMITS.messageIdsMax ids with VALIDATION, changing nothing", async () => {
    const { admin, roomId, ids } = await conversation("dl-cap", 2);
    const tooMany = [...ids, ...Array(LIMITS.messageIdsMax).fill(ids[0])];
    expect(await callOn(admin, "message-delivered", { roomId, messageIds: tooMany })).toMatchObject(
      { ok: false, error: { code: "VALIDATION" } },
    );
    const page = await callOn(admin, "fetch-messages", { roomId });
    expect(page.data.messages.map((m: { status: string }) => m.status)).toEqual(["sent", "sent"]);
  });

  it("still marks only the other side's messages of this room, and only forward", async () => {
    const a = await conversation("dl-mixed", 2);
    const b = await conversation("dl-other", 1);
    const own = await callOn(a.admin, "send-message", {
      roomId: a.roomId,
      clientMessageId: "dl-mixed-own",
      content: "mine",
    });
    const asked = [a.ids[1], b.ids[0], own.data.message.id, a.ids[0], a.ids[1]];
    expect(
      await callOn(a.admin, "message-delivered", { roomId: a.roomId, messageIds: asked }),
    ).toEqual({ ok: true, data: { updated: [a.ids[1], a.ids[0]] } });
    expect(
      await callOn(a.admin, "message-delivered", { roomId: a.roomId, messageIds: a.ids }),
    ).toEqual({ ok: true, data: { updated: [] } });
  });
});
