import { afterAll, describe, expect, it } from "vitest";
import { createHarness, waitFor, type Harness } from "./support.ts";

// Room.customerName and Room.lastMessage (extensions): what an inbox row shows without
// loading the conversation. Both message writers keep them (batched and one at a time).
const harnesses: Harness[] = [];
afterAll(() => Promise.all(harnesses.map((h) => h.close())));

const namedCustomer = (h: Harness, sub: string, name: string) => h.connect(sub, "customer", name);

describe.each([
  ["batched writes", true],
  ["one write per send", false],
])("room previews (%s)", (_label, batchWrites) => {
  it("carry the customer's name and the newest message in every room the server sends", async () => {
    const h = await createHarness({ batchWrites });
    harnesses.push(h);
    const customer = await namedCustomer(h, "pv-customer", "Dana Demo");
    const joined = await h.call(customer, "join-chat", {});
    expect(joined.data.room).toMatchObject({ customerName: "Dana Demo", lastMessage: null });
    const roomId = joined.data.room.id as string;
    const agent = await h.connect("pv-agent", "admin");

    const updated = waitFor<{ lastMessage: unknown }>(agent, "room-updated");
    const long = "é".repeat(200); // 200 code points, cut to 119 and an ellipsis
    await h.call(customer, "send-message", { roomId, clientMessageId: "pv-1", content: long });
    const expected = { senderRole: "customer", text: `${"é".repeat(119)}\u2026`, attachments: 0 };
    expect((await updated).lastMessage).toEqual(expected);

    const listed = await h.call(agent, "list-rooms", {});
    expect(listed.data.rooms[0]).toMatchObject({
      customerName: "Dana Demo",
      lastMessage: expected,
    });

    await h.call(agent, "send-message", { roomId, clientMessageId: "pv-2", content: "On it!" });
    const res = await fetch(`${h.server.url}/api/chat/rooms`, {
      headers: { authorization: `Bearer ${await h.server.token("pv-agent", "admin")}` },
    });
    const [row] = ((await res.json()) as { rooms: { lastMessage: unknown }[] }).rooms;
    expect(row!.lastMessage).toEqual({ senderRole: "admin", text: "On it!", attachments: 0 });
    customer.close();
  });
});
