// A message whose `new-message` never reached an agent (its node died between the write
// and the announcement) shows up at that agent from the next `room-updated` that names it,
// against a real server and database: the SDK resyncs the room (join-chat { after }).
import { Types } from "mongoose";
import { describe, it } from "vitest";
import { connectClient, expectInSync, useServer } from "./support.ts";

const env = useServer();

function connect(sub: string, role: "customer" | "admin" = "customer") {
  const client = connectClient(env.server, sub, role);
  env.clients.push(client);
  return client;
}

describe("a lost new-message", () => {
  it("is caught up from the next room-updated that names it", async () => {
    const customer = connect("heal-customer");
    const agent = connect("heal-agent", "admin");
    const teammate = connect("heal-teammate", "admin");
    const room = await customer.join();
    customer.send(room.id, "My parcel is late.");
    // Stored before the agent joins: the agent's catch-up then asks for what follows it
    // (join-chat { after }), the path a lost announcement takes in practice.
    await expectInSync(customer, env.db, room.id, 1);
    await agent.join(room.id);
    await expectInSync(agent, env.db, room.id, 1);

    // What a node that died right after its write leaves: the message stored and counted
    // on its room (the fields the server's own room update sets, roomUpdateFor in
    // roomRepository.ts), and nobody told.
    const rooms = env.db.collection("chat_rooms");
    const before = await rooms.findOne({ _id: new Types.ObjectId(room.id) });
    const at = new Date();
    const { insertedId } = await env.db.collection("chat_messages").insertOne({
      roomId: new Types.ObjectId(room.id),
      senderId: "heal-customer",
      senderRole: "customer",
      clientMessageId: "heal-lost",
      kind: "message",
      content: "Hello? Anyone?",
      searchText: "hello? anyone?",
      attachments: [],
      status: "sent",
      createdAt: at,
      deliveredAt: null,
      readAt: null,
      seq: before!.seq + 1,
    });
    await rooms.updateOne(
      { _id: before!._id },
      {
        $set: {
          seq: before!.seq + 1,
          lastEntryId: insertedId,
          lastEntryAt: at,
          lastMessageId: insertedId,
          lastMessageAt: at,
          activityAt: at,
          updatedAt: at,
          lastMessage: { senderRole: "customer", text: "Hello? Anyone?", attachments: 0 },
        },
        $inc: { unreadCountAdmin: 1 },
      },
    );

    // Any later change to the room tells every agent the room as stored.
    await teammate.setLabels(room.id, ["late-parcel"]);
    await expectInSync(agent, env.db, room.id, 2);
  });
});
