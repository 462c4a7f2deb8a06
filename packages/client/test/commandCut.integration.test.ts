// A command whose transport is cut while it is on its way (issue 10, section 4): the SDK's call
// settles at once (it rejects: the answer cannot come over a dead connection), and the command
// is never sent again, so the server receives it at most once and a stale action cannot land
// after the user moved on. Real server, real socket.io-client, real database.
import { afterEach, describe, expect, it } from "vitest";
import { AckTimeoutError, DisconnectedError } from "../src/index.ts";
import { connectClient, online, useServer } from "./support.ts";

const env = useServer();
const stops: (() => void)[] = [];
afterEach(() => stops.splice(0).forEach((stop) => stop()));

/** A socket of the server's chat namespace. */
type ServerSocket = ReturnType<typeof env.server.chat.namespace.sockets.get> & object;

/**
 * Counts the events the server receives from `userId`'s sockets (this one and later ones), and
 * cuts the transport of the socket that sends the first `cutOn`, as it arrives: before the
 * server has run it, so no answer can reach the client.
 */
function watch(userId: string, cutOn: string) {
  const { namespace } = env.server.chat;
  const received: string[] = [];
  let cut = false;
  const attach = (socket: ServerSocket) => {
    if (socket.data.user?.userId !== userId) return;
    socket.onAny((event: string) => {
      received.push(event);
      if (event !== cutOn || cut) return;
      cut = true;
      socket.conn.close();
    });
  };
  for (const socket of namespace.sockets.values()) attach(socket);
  namespace.on("connection", attach);
  stops.push(() => namespace.off("connection", attach));
  return { count: (event: string) => received.filter((e) => e === event).length };
}

async function setup(name: string) {
  const customer = connectClient(env.server, `${name}-customer`);
  const agent = connectClient(env.server, `${name}-agent`, "admin");
  env.clients.push(customer, agent);
  const room = await customer.join();
  await agent.join(room.id);
  return { agent, roomId: room.id };
}

/** How a call ended: its value or its error. */
function settled<T>(
  call: Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  return call.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

/**
 * The rejection of a command that went out but got no answer: `DisconnectedError` (`sent`) as
 * soon as the client sees the cut, or `AckTimeoutError` should a loaded machine see it late.
 */
const unknownOutcome = (error: unknown) =>
  (error instanceof DisconnectedError && error.sent) || error instanceof AckTimeoutError;

describe("a command cut mid-flight", () => {
  it("close-chat rejects and reaches the server at most once", async () => {
    const { agent, roomId } = await setup("cut-close");
    const seen = watch("cut-close-agent", "close-chat");
    const result = await settled(agent.closeChat(roomId));
    // Before the fix the call stayed pending, went out again after the reconnect, resolved.
    expect(seen.count("close-chat")).toBe(1);
    expect(result.ok).toBe(false);
    expect(!result.ok && unknownOutcome(result.error)).toBe(true);
    await online(agent);
    await agent.listRooms(); // a round trip on the new connection
    expect(seen.count("close-chat")).toBe(1);
  });

  it("a cut admin-assign is not re-sent after the agent assigned someone else", async () => {
    const { agent, roomId } = await setup("cut-assign");
    // Agents the server knows: assignment goes only to those (contract v2).
    for (const id of ["agent-7", "agent-8"]) {
      const other = connectClient(env.server, id, "admin");
      env.clients.push(other);
      await online(other);
    }
    const seen = watch("cut-assign-agent", "admin-assign");
    const stale = await settled(agent.assign(roomId, "agent-7"));
    expect(seen.count("admin-assign")).toBe(1);
    expect(!stale.ok && unknownOutcome(stale.error)).toBe(true);
    await online(agent);
    expect((await agent.assign(roomId, "agent-8")).adminId).toBe("agent-8");
    await agent.listRooms();
    expect(seen.count("admin-assign")).toBe(2); // one per call
    const room = await env.db
      .collection("chat_rooms")
      .findOne({ customerId: "cut-assign-customer" });
    expect(room?.adminId).toBe("agent-8");
  });
});
