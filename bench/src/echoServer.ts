// Baseline (a): plain Socket.IO with no database: join and send answered at once, with the
// same fan-out the chat does per message (new-message to the room, room-updated to the
// room and every agent). The transport's own limit on this machine.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { Server } from "socket.io";

const http = createServer();
const io = new Server(http);
const nsp = io.of("/chat");
nsp.on("connection", (socket) => {
  socket.on("join-chat", (p: { roomId?: string }, ack: (a: unknown) => void) => {
    const roomId = p?.roomId ?? randomBytes(12).toString("hex");
    void socket.join(`room:${roomId}`);
    if (p?.roomId) void socket.join("admins"); // only agents name a room
    ack({ ok: true, data: { room: { id: roomId }, messages: [], hasMore: false } });
  });
  socket.on(
    "send-message",
    (
      p: { roomId: string; clientMessageId: string; content: string },
      ack: (a: unknown) => void,
    ) => {
      const message = {
        id: randomBytes(12).toString("hex"),
        roomId: p.roomId,
        senderRole: "customer",
        clientMessageId: p.clientMessageId,
        content: p.content,
        createdAt: new Date().toISOString(),
      };
      nsp.to(`room:${p.roomId}`).emit("new-message", message);
      nsp.to([`room:${p.roomId}`, "admins"]).emit("room-updated", { id: p.roomId });
      ack({ ok: true, data: { message } });
    },
  );
});
http.listen(0, "127.0.0.1", () => {
  process.stdout.write(`PORT=${(http.address() as AddressInfo).port}\n`);
});
