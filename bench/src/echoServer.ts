// Baseline (a): plain Socket.IO with no database: an ack answered at once, plus the
// same fan-out to the room that the chat does. The transport's own limit.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";

const http = createServer();
const io = new Server(http);
io.of("/chat").on("connection", (socket) => {
  socket.on("join-chat", (_p: unknown, ack: (a: unknown) => void) => {
    void socket.join(socket.id);
    ack({ ok: true, data: { room: { id: socket.id }, messages: [], hasMore: false } });
  });
  socket.on("send-message", (p: { content: string }, ack: (a: unknown) => void) => {
    const message = { id: String(Math.random()), content: p.content };
    io.of("/chat").to(socket.id).emit("new-message", message);
    ack({ ok: true, data: { message } });
  });
});
http.listen(0, "127.0.0.1", () => {
  process.stdout.write(`PORT=${(http.address() as AddressInfo).port}\n`);
});
