import type { Connection } from "mongoose";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestServer } from "../src/testing.ts";
import { callOn, startCluster, waitFor, type TestCluster } from "./support.ts";

// Automatic assignment (contract v2, AUTO_ASSIGN=on) on two nodes sharing one database and
// one real Redis: many rooms at once on both nodes, agents on both; every room assigned at
// most once, no agent ever over capacity, away agents skipped, capacity that frees (a close)
// and an agent coming online taken up at once.
const CAPACITY = 2;
let cluster: TestCluster;
let nodes: [TestServer, TestServer];
let db: Connection;
const sockets: Socket[] = [];

beforeAll(async () => {
  cluster = await startCluster(2, { routing: { enabled: true, capacity: CAPACITY } });
  nodes = cluster.nodes as [TestServer, TestServer];
  db = cluster.db;
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await cluster.close();
});

async function connect(node: TestServer, sub: string, role: "customer" | "admin", name?: string) {
  const socket = io(`${node.url}/chat`, {
    auth: { token: await node.token(sub, role, "1h", name) },
    transports: ["websocket"],
    reconnection: false,
  });
  sockets.push(socket);
  await waitFor(socket, "connect");
  return socket;
}

const rooms = () => db.collection("chat_rooms").find({}).toArray();
const assignedActivities = () =>
  db.collection("chat_messages").find({ kind: "activity", "activity.type": "assigned" }).toArray();

/** Load per agent now, checked against the capacity on every look. */
async function load(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const r of await rooms())
    if (r.status === "open" && r.adminId) counts[r.adminId] = (counts[r.adminId] ?? 0) + 1;
  for (const [agent, n] of Object.entries(counts))
    expect(n, `${agent} over capacity`).toBeLessThanOrEqual(CAPACITY);
  return counts;
}

async function until(check: () => Promise<boolean>, what: string) {
  const deadline = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`not within 20 s: ${what}; load ${JSON.stringify(await load())}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("automatic assignment on two nodes", () => {
  it("assigns each room once, fills agents to capacity, skips the away, takes up freed capacity", async () => {
    const [a, b] = nodes;
    const ada = await connect(a, "rt-ada", "admin", "Ada");
    await connect(b, "rt-bob", "admin", "Bob");
    const cy = await connect(a, "rt-cy", "admin", "Cy");
    await callOn(cy, "set-availability", { status: "away" });
    const watcher = await connect(b, "rt-watcher", "admin");
    await callOn(watcher, "set-availability", { status: "away" });

    // A room opened without a message waits for its first one.
    const silent = await connect(a, "rt-silent", "customer");
    const silentRoom = (await callOn(silent, "join-chat", {})).data.room.id as string;

    // Eight customers, half on each node, all writing at once.
    const customers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => connect(nodes[i % 2]!, `rt-c${i}`, "customer")),
    );
    const told: { id: string; adminId: string | null }[] = [];
    watcher.on("room-updated", (r: { id: string; adminId: string | null }) => told.push(r));
    await Promise.all(
      customers.map(async (c, i) => {
        const roomId = (await callOn(c, "join-chat", {})).data.room.id;
        const ack = await callOn(c, "send-message", {
          roomId,
          clientMessageId: `m${i}`,
          content: "Help",
        });
        expect(ack.ok).toBe(true);
      }),
    );

    await until(
      async () => Object.values(await load()).reduce((x, y) => x + y, 0) === 4,
      "4 assigned",
    );
    expect(await load()).toEqual({ "rt-ada": 2, "rt-bob": 2 });
    // Settled: nothing more happens while nobody is free.
    await new Promise((r) => setTimeout(r, 500));
    expect(Object.values(await load()).reduce((x, y) => x + y, 0)).toBe(4);

    // Cy comes back: two more.
    await callOn(cy, "set-availability", { status: "online" });
    await until(async () => (await load())["rt-cy"] === 2, "Cy takes 2");

    // Ada closes one of hers: one waiting room goes to her.
    const adas = (await rooms()).filter((r) => r.adminId === "rt-ada" && r.status === "open");
    await callOn(ada, "close-chat", { roomId: adas[0]!._id.toHexString() });
    await until(async () => (await load())["rt-ada"] === 2, "Ada takes the freed place");

    // Every room assigned at most once, by the system, and every admin was told.
    const activities = await assignedActivities();
    const perRoom = new Map<string, number>();
    for (const m of activities)
      perRoom.set(String(m.roomId), (perRoom.get(String(m.roomId)) ?? 0) + 1);
    expect([...perRoom.values()].every((n) => n === 1)).toBe(true);
    expect(activities).toHaveLength(7);
    expect(activities.every((m) => m.senderId === "system" && m.activity.by === "system")).toBe(
      true,
    );
    expect(activities.map((m) => m.content)).toContain("Assigned to Ada automatically");
    // Extension: the agent's name beside the id, for clients that translate the line.
    expect(activities.map((m) => m.activity.adminName)).toContain("Ada");
    for (const m of activities)
      expect(told.some((r) => r.id === String(m.roomId) && r.adminId === m.activity.adminId)).toBe(
        true,
      );
    const waiting = (await rooms()).filter((r) => r.status === "open" && r.adminId === null);
    expect(waiting.map((r) => r._id.toHexString())).toContain(silentRoom);
    expect(waiting).toHaveLength(2); // one customer's room, and the silent one
  });
});
