import { existsSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, waitFor, type Harness } from "./support.ts";

// Contract v2 "A customer's data": export and erasure on the real database and the real
// upload folder; the retention job. After erasure no document and no file of the customer
// remains, checked directly; another customer is untouched.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);
const dbName = `sb_data_${Date.now().toString(36)}`;
const uploadDir = path.join(os.tmpdir(), "switchboard-test-uploads", dbName);
let h: Harness;
beforeAll(async () => {
  h = await createHarness({ dbName, uploadDir, retentionDays: 30 });
});
afterAll(() => h.close());

async function http(method: string, url: string, sub: string, role: "customer" | "admin") {
  const res = await fetch(h.server.url + url, {
    method,
    headers: { authorization: `Bearer ${await h.server.token(sub, role)}` },
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function upload(sub: string, role: "customer" | "admin" = "customer") {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(PNG)]), "photo.png");
  const res = await fetch(`${h.server.url}/api/chat/upload`, {
    method: "POST",
    body: form,
    headers: { authorization: `Bearer ${await h.server.token(sub, role)}` },
  });
  return (await res.json()) as { url: string; name: string; size: number; mimeType: string };
}

/**
 * A customer with a closed room (and an agent's note with a file in it) and an open one, a
 * file sent and one never sent, a device.
 */
async function customerWithHistory(sub: string) {
  const customer = await h.connect(sub, "customer", `${sub} name`);
  const agent = await h.connect(`${sub}-agent`, "admin");
  const first = (await h.call(customer, "join-chat", {})).data.room.id as string;
  await h.call(customer, "send-message", { roomId: first, clientMessageId: "1", content: "old" });
  const noteFile = await upload(`${sub}-agent`, "admin");
  await h.call(agent, "send-message", {
    roomId: first,
    clientMessageId: `${sub}-n`,
    content: "NOTE",
    kind: "note",
    attachments: [noteFile],
  });
  await h.call(customer, "close-chat", { roomId: first });
  const second = (await h.call(customer, "join-chat", {})).data.room.id as string;
  await h.call(customer, "set-contact", { email: `${sub}@example.test` });
  const file = await upload(sub);
  await h.call(customer, "send-message", {
    roomId: second,
    clientMessageId: "2",
    content: "see photo",
    attachments: [file],
  });
  await upload(sub); // never sent
  const device = await fetch(`${h.server.url}/api/chat/devices`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${await h.server.token(sub)}`,
      "content-type": "application/json",
    },
    body: JSON.stringify({ token: `dev-${sub}`, platform: "android" }),
  });
  expect(device.status).toBe(201);
  return { customer, rooms: [first, second], file, noteFile };
}

const oids = (ids: string[]) => ids.map((id) => new mongoose.Types.ObjectId(id));
const count = (collection: string, filter: object) =>
  h.db.collection(collection).countDocuments(filter);

describe("a customer's data", () => {
  it("exports every room, message (no notes) and upload of the customer, to admins only", async () => {
    const { rooms, file, noteFile } = await customerWithHistory("dx-ada");
    expect(
      (await http("GET", "/api/chat/customers/dx-ada/export", "dx-ada", "customer")).status,
    ).toBe(403);
    const { status, body } = await http(
      "GET",
      "/api/chat/customers/dx-ada/export",
      "dx-admin",
      "admin",
    );
    expect(status).toBe(200);
    expect(body.customer).toMatchObject({
      id: "dx-ada",
      name: "dx-ada name",
      emails: ["dx-ada@example.test"],
    });
    expect(body.rooms.map((r: { id: string }) => r.id)).toEqual(rooms);
    const contents = body.messages.map((m: { content: string }) => m.content);
    expect(contents).toEqual(expect.arrayContaining(["old", "see photo"]));
    expect(JSON.stringify(body)).not.toContain("NOTE");
    expect(body.uploads).toHaveLength(2);
    expect(body.uploads.map((u: { url: string }) => u.url)).toContain(file.url);
    // The file of an agents' note is the team's: neither its name nor its URL is handed over.
    expect(JSON.stringify(body)).not.toContain(noteFile.url);
  });

  it("erases everything of the customer, files included, disconnects them; others untouched; idempotent", async () => {
    const { customer, rooms } = await customerWithHistory("dx-eve");
    const bob = await customerWithHistory("dx-bob");
    const filesBefore = readdirSync(uploadDir).length;
    const gone = waitFor(customer, "disconnect");

    const { status, body } = await http(
      "DELETE",
      "/api/chat/customers/dx-eve",
      "dx-admin",
      "admin",
    );
    expect(status).toBe(200);
    expect(body).toEqual({
      deleted: { rooms: 2, messages: expect.any(Number), uploads: 3, devices: 1 },
    });
    expect(body.deleted.messages).toBeGreaterThanOrEqual(4); // messages, the note, activities
    await gone;

    // Directly in the database and the upload folder: nothing of eve.
    expect(await count("chat_rooms", { customerId: "dx-eve" })).toBe(0);
    expect(await count("chat_messages", { roomId: { $in: oids(rooms) } })).toBe(0);
    expect(await count("chat_uploads", { ownerId: "dx-eve" })).toBe(0);
    expect(await count("chat_uploads", { roomId: { $in: oids(rooms) } })).toBe(0);
    expect(await count("chat_devices", { userId: "dx-eve" })).toBe(0);
    expect(await count("chat_email_jobs", { _id: { $in: oids(rooms) } })).toBe(0);
    expect(readdirSync(uploadDir).length).toBe(filesBefore - 3); // the note's file too
    // Bob is untouched, file included.
    expect(await count("chat_rooms", { customerId: "dx-bob" })).toBe(2);
    expect(await count("chat_messages", { roomId: { $in: oids(bob.rooms) } })).toBeGreaterThan(0);
    const bobFile = bob.file.url.split("/").pop()!.slice(0, 24);
    expect(existsSync(path.join(uploadDir, bobFile))).toBe(true);

    // Again: nothing left to erase.
    const again = await http("DELETE", "/api/chat/customers/dx-eve", "dx-admin", "admin");
    expect(again.body).toEqual({ deleted: { rooms: 0, messages: 0, uploads: 0, devices: 0 } });
    expect((await http("DELETE", "/api/chat/customers/dx-bob", "dx-bob", "customer")).status).toBe(
      403,
    );
    const tooLong = "x".repeat(1000);
    expect(
      (await http("DELETE", `/api/chat/customers/${tooLong}`, "dx-admin", "admin")).status,
    ).toBe(400);
  });

  it("finishes an erasure a crash cut short: a second call erases what is left", async () => {
    const { rooms } = await customerWithHistory("dx-cut");
    // As if the first call died after one room's messages, before the room itself went.
    await h.db.collection("chat_messages").deleteMany({ roomId: oids(rooms)[0] });
    const { body } = await http("DELETE", "/api/chat/customers/dx-cut", "dx-admin", "admin");
    expect(body.deleted.rooms).toBe(2);
    expect(await count("chat_rooms", { customerId: "dx-cut" })).toBe(0);
    expect(await count("chat_messages", { roomId: { $in: oids(rooms) } })).toBe(0);
  });

  it("retention erases closed rooms idle past RETENTION_DAYS, and nothing else", async () => {
    const { rooms } = await customerWithHistory("dx-old");
    const [closed, open] = rooms as [string, string];
    const longAgo = new Date(Date.now() - 31 * 86_400_000);
    await h.db
      .collection("chat_rooms")
      .updateOne({ _id: new mongoose.Types.ObjectId(closed) }, { $set: { activityAt: longAgo } });
    await h.db.collection("chat_rooms").updateOne(
      { _id: new mongoose.Types.ObjectId(open) },
      { $set: { activityAt: longAgo } }, // open: kept however old
    );
    const erased = await h.server.chat.services.customers.retain();
    expect(erased).toBeGreaterThanOrEqual(1);
    expect(await count("chat_rooms", { _id: new mongoose.Types.ObjectId(closed) })).toBe(0);
    expect(await count("chat_messages", { roomId: new mongoose.Types.ObjectId(closed) })).toBe(0);
    expect(await count("chat_rooms", { _id: new mongoose.Types.ObjectId(open) })).toBe(1);
    // Recent closed rooms stay (bob's and the others' from the tests above).
    expect(await count("chat_rooms", { customerId: "dx-bob", status: "closed" })).toBe(1);
  });
});
