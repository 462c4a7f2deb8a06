import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, openRoom, type Harness } from "./support.ts";

let h: Harness;
let roomId: string;
let token: string;
beforeAll(async () => {
  h = await createHarness();
  const s = await h.connect("http-owner");
  roomId = await openRoom(h, s);
  await h.call(s, "send-message", { roomId, clientMessageId: "h1", content: "over http" });
  token = await h.server.token("http-owner");
});
afterAll(() => h.close());

const get = (path: string, bearer?: string) =>
  fetch(h.server.url + path, bearer ? { headers: { authorization: `Bearer ${bearer}` } } : {});

describe("HTTP", () => {
  it("GET /healthz and /readyz answer 200 while the database answers", async () => {
    expect(await (await get("/healthz")).json()).toEqual({ status: "ok" });
    expect((await get("/readyz")).status).toBe(200);
  });

  it("GET /api/chat/rooms/:roomId/messages answers like fetch-messages", async () => {
    const res = await get(`/api/chat/rooms/${roomId}/messages?limit=10`, token);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { hasMore: boolean; messages: { content: string }[] };
    expect(body.hasMore).toBe(false);
    expect(body.messages.map((m) => m.content)).toEqual(["over http"]);
  });

  it.each([
    ["no token", `/api/chat/rooms/ROOM/messages`, undefined, 401, "UNAUTHORIZED"],
    ["a bad token", `/api/chat/rooms/ROOM/messages`, "nope", 401, "UNAUTHORIZED"],
    ["a malformed room id", `/api/chat/rooms/xyz/messages`, "TOKEN", 400, "VALIDATION"],
    ["a bad limit", `/api/chat/rooms/ROOM/messages?limit=0`, "TOKEN", 400, "VALIDATION"],
    [
      "an unknown room",
      `/api/chat/rooms/0123456789abcdef01234567/messages`,
      "TOKEN",
      404,
      "NOT_FOUND",
    ],
    ["an unknown route", `/api/chat/nothing-here`, "TOKEN", 404, "NOT_FOUND"],
  ])("answers %s with the contract's error", async (_name, path, bearer, status, code) => {
    const res = await get(path.replace("ROOM", roomId), bearer === "TOKEN" ? token : bearer);
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
  });

  it("answers FORBIDDEN for another customer's room", async () => {
    const res = await get(
      `/api/chat/rooms/${roomId}/messages`,
      await h.server.token("http-intruder"),
    );
    expect(res.status).toBe(403);
  });
});
