import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type ClientSocket, type Harness } from "./support.ts";

// Search (contract v2): `GET /api/chat/search` over message text (notes too) and customers'
// names, ignoring case, newest first, paged with `before`; and `list-rooms { q }`.
let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const customer = (sub: string, name: string) => h.connect(sub, "customer", name);

async function search(query: string, role: "admin" | "customer" = "admin") {
  const res = await fetch(`${h.server.url}/api/chat/search?${query}`, {
    headers: { authorization: `Bearer ${await h.server.token("se-agent", role)}` },
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describe("search", () => {
  it("finds text in messages and notes and in customers' names, newest first, paged", async () => {
    const dana = await customer("se-dana", "Dana Refundsson");
    const danaRoom = (await h.call(dana, "join-chat", {})).data.room.id as string;
    const eli = await customer("se-eli", "Eli");
    const eliRoom = (await h.call(eli, "join-chat", {})).data.room.id as string;
    const agent = await h.connect("se-agent", "admin");
    const send = (s: ClientSocket, roomId: string, id: string, content: string, kind?: string) =>
      h.call(s, "send-message", { roomId, clientMessageId: id, content, kind });
    await send(eli, eliRoom, "se-1", "Where is my REFUND?");
    await send(dana, danaRoom, "se-2", "Hello there");
    await send(agent, eliRoom, "se-3", "customer asked about a refund twice", "note");
    await send(eli, eliRoom, "se-4", "Any news on the refund (order #4)?");
    await send(eli, eliRoom, "se-5", "nothing to see");

    const first = await search("q=refund&limit=3");
    expect(first.status).toBe(200);
    const results = first.body.results as {
      room: { id: string };
      message: { content: string } | null;
    }[];
    // The name match first, then messages newest first: notes included, activities never.
    expect(results.map((r) => r.message?.content ?? `name:${r.room.id}`)).toEqual([
      `name:${danaRoom}`,
      "Any news on the refund (order #4)?",
      "customer asked about a refund twice",
    ]);
    expect(first.body.hasMore).toBe(true);
    const last = results.at(-1)!.message as unknown as { id: string };
    const next = await search(`q=REFUND&limit=3&before=${last.id}`);
    expect(
      next.body.results.map((r: { message: { content: string } }) => r.message.content),
    ).toEqual(["Where is my REFUND?"]);
    expect(next.body.hasMore).toBe(false);
    // Regular-expression characters are text.
    const literal = await search(`q=${encodeURIComponent("(order #4)")}`);
    expect(literal.body.results).toHaveLength(1);
    expect((await search("q=or.er")).body.results).toEqual([]);
    expect((await search("q=took%20the%20chat")).body.results).toEqual([]); // an activity

    // list-rooms { q }: by name or by message.
    const listed = await h.call(agent, "list-rooms", { q: "refund" });
    expect(listed.data.rooms.map((r: { id: string }) => r.id).sort()).toEqual(
      [danaRoom, eliRoom].sort(),
    );
    const byName = await h.call(agent, "list-rooms", { q: "refundsson" });
    expect(byName.data.rooms.map((r: { id: string }) => r.id)).toEqual([danaRoom]);
  });

  it("keeps half the first page for messages, so many name matches never hide the cursor", async () => {
    for (const i of [1, 2, 3, 4]) {
      const c = await customer(`se-many-${i}`, `Quokka ${i}`);
      const roomId = (await h.call(c, "join-chat", {})).data.room.id as string;
      await h.call(c, "send-message", {
        roomId,
        clientMessageId: `sm-${i}`,
        content: `quokka ${i}`,
      });
    }
    // A widget opened and nothing written: not in the inbox, not found by name either.
    const silent = await customer("se-many-silent", "Quokka Silent");
    const silentRoom = (await h.call(silent, "join-chat", {})).data.room.id as string;

    const first = await search("q=quokka&limit=4");
    const kinds = first.body.results.map((r: { message: unknown }) =>
      r.message ? "message" : "name",
    );
    expect(kinds).toEqual(["name", "name", "message", "message"]);
    expect(first.body.hasMore).toBe(true);
    expect(JSON.stringify(first.body)).not.toContain(silentRoom);
    const seen: string[] = first.body.results
      .filter((r: { message: unknown }) => r.message)
      .map((r: { message: { content: string } }) => r.message.content);
    let before = first.body.results.at(-1).message.id as string;
    for (let more = true; more;) {
      const page = await search(`q=quokka&limit=4&before=${before}`);
      for (const r of page.body.results) seen.push(r.message.content);
      more = page.body.hasMore;
      before = page.body.results.at(-1)?.message.id;
    }
    expect(seen).toEqual(["quokka 4", "quokka 3", "quokka 2", "quokka 1"]);
  });

  it("matches a lower-cased search field, and messages stored before it existed by their text", async () => {
    const c = await customer("se-uni", "Uni");
    const roomId = (await h.call(c, "join-chat", {})).data.room.id as string;
    await h.call(c, "send-message", {
      roomId,
      clientMessageId: "su-1",
      content: "ÄRGER mit der Rechnung, Ünïcode",
    });
    const stored = await h.db.collection("chat_messages").findOne({ clientMessageId: "su-1" });
    expect(stored?.searchText).toBe("ärger mit der rechnung, ünïcode");
    for (const q of ["ärger", "RECHNUNG", "ÜNÏ"]) {
      const found = await search(`q=${encodeURIComponent(q)}`);
      expect(
        found.body.results.map((r: { message: { content: string } | null }) => r.message?.content),
        q,
      ).toEqual(["ÄRGER mit der Rechnung, Ünïcode"]);
    }
    // A message from before the field (written straight into the database, as an older
    // server did): still found, by its content.
    const { insertedId } = await h.db.collection("chat_messages").insertOne({
      roomId: stored!.roomId,
      senderId: "se-uni",
      senderRole: "customer",
      clientMessageId: "su-legacy",
      kind: "message",
      content: "An OLD Walrus message",
      attachments: [],
      status: "sent",
      createdAt: new Date(),
      deliveredAt: null,
      readAt: null,
      seq: 1000,
    });
    const old = await search("q=walrus");
    expect(old.body.results.map((r: { message: { id: string } }) => r.message.id)).toEqual([
      String(insertedId),
    ]);
  });

  it("finds text anywhere in a long message, whose search key holds only its start", async () => {
    const c = await customer("se-long", "Long");
    const roomId = (await h.call(c, "join-chat", {})).data.room.id as string;
    // 4,000 characters that do not compress (a pasted log), the word near the end.
    let text = "";
    for (let i = 0; text.length < 3980; i++) text += `${(i * 7919).toString(36)} `;
    text = `${text.slice(0, 3980)} ZANZIBAR`;
    const ack = await h.call(c, "send-message", { roomId, clientMessageId: "sl-1", content: text });
    expect(ack.ok).toBe(true);
    const stored = await h.db.collection("chat_messages").findOne({ clientMessageId: "sl-1" });
    expect(stored?.searchText).toHaveLength(600);
    expect(stored?.searchLong).toBe(true);
    const found = await search("q=zanzibar");
    expect(found.body.results.map((r: { message: { id: string } }) => r.message.id)).toEqual([
      ack.data.message.id,
    ]);
  });

  it("is for admins, with q of 2 to 200 characters", async () => {
    expect((await search("q=refund", "customer")).status).toBe(403);
    for (const q of [
      "q=a",
      "q=%20%20",
      "",
      `q=${"x".repeat(201)}`,
      "q=ok&limit=0",
      "q=ok&before=nope",
    ])
      expect((await search(q)).body, q).toMatchObject({ error: { code: "VALIDATION" } });
  });
});
