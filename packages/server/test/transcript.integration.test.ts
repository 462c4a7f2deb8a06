import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "./support.ts";

// Contract v2 `GET /api/chat/rooms/:roomId/transcript?format=text|html|json`: the whole
// conversation, for its customer without notes, for agents with them; on a real server.
const NOTE = "NOTE-only-agents-read-this";
let h: Harness;
let roomId: string;
beforeAll(async () => {
  h = await createHarness({ widget: { teamName: "Acme Support" } });
  const customer = await h.connect("tr-customer", "customer", "Dana Scully");
  roomId = (await h.call(customer, "join-chat", {})).data.room.id as string;
  const agent = await h.connect("tr-agent", "admin", "Grace Hopper");
  const send = (s: typeof agent, id: string, content: string, kind?: string) =>
    h.call(s, "send-message", { roomId, clientMessageId: id, content, kind });
  await send(customer, "tr-1", "My parcel <script>alert(1)</script> is late");
  await send(agent, "tr-2", "Let me check.\nOne moment.");
  await send(agent, "tr-3", NOTE, "note");
  await send(agent, "tr-4", "It arrives tomorrow.");
});
afterAll(() => h.close());

async function transcript(sub: string, role: "customer" | "admin", query = "") {
  const res = await fetch(`${h.server.url}/api/chat/rooms/${roomId}/transcript${query}`, {
    headers: { authorization: `Bearer ${await h.server.token(sub, role)}` },
  });
  return { res, body: await res.text() };
}

describe("transcripts", () => {
  it("gives the customer the conversation as text, names and activities, without notes", async () => {
    const { res, body } = await transcript("tr-customer", "customer");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="transcript-${roomId}.txt"`,
    );
    const lines = body.split("\n");
    expect(lines[0]).toMatch(/^Acme Support: conversation of \d{4}-\d{2}-\d{2}$/);
    expect(body).toMatch(/\] Dana Scully: My parcel <script>alert\(1\)<\/script> is late\n/);
    expect(body).toMatch(/-- Grace Hopper took the chat --/);
    expect(body).toMatch(/\] Grace Hopper: Let me check\.\n {4}One moment\.\n/);
    expect(body).toContain("It arrives tomorrow.");
    expect(body).not.toContain(NOTE);
  });

  it("gives agents the notes, marked; HTML is escaped; JSON has the room and messages", async () => {
    const text = await transcript("tr-other-agent", "admin");
    expect(text.body).toMatch(/Grace Hopper \(private note\): NOTE-only-agents-read-this/);

    const html = await transcript("tr-customer", "customer", "?format=html");
    expect(html.res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(html.body).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html.body).not.toContain("<script>");
    expect(html.body).not.toContain(NOTE);

    const json = await transcript("tr-customer", "customer", "?format=json");
    const parsed = JSON.parse(json.body) as {
      room: { id: string; labels: string[] };
      messages: { kind: string; content: string }[];
    };
    expect(parsed.room.id).toBe(roomId);
    expect(parsed.messages.map((m) => m.kind)).toEqual([
      "message",
      "activity",
      "message",
      "message",
    ]);
    const asAgent = JSON.parse((await transcript("tr-agent", "admin", "?format=json")).body) as {
      messages: { kind: string }[];
    };
    expect(asAgent.messages.map((m) => m.kind)).toContain("note");
  });

  it("is the room's customer's and the agents' only; a bad format or id is VALIDATION", async () => {
    expect((await transcript("tr-stranger", "customer")).res.status).toBe(403);
    const bad = await transcript("tr-customer", "customer", "?format=pdf");
    expect(bad.res.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ error: { code: "VALIDATION" } });
    const res = await fetch(`${h.server.url}/api/chat/rooms/nope/transcript`, {
      headers: { authorization: `Bearer ${await h.server.token("tr-agent", "admin")}` },
    });
    expect(res.status).toBe(400);
    expect((await fetch(`${h.server.url}/api/chat/rooms/${roomId}/transcript`)).status).toBe(401);
  });
});
