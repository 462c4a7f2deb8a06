import { expectTypeOf, test } from "vitest";
import type { Socket as ClientSocket } from "socket.io-client";
import type { Ack, ClientToServerEvents, Message, ServerToClientEvents } from "./index.ts";

declare const socket: ClientSocket<ServerToClientEvents, ClientToServerEvents>;

test("payloads are typed at the socket boundary", () => {
  socket.emit("send-message", { roomId: "r", clientMessageId: "c", content: "hi" }, (ack) => {
    expectTypeOf(ack).toEqualTypeOf<Ack<{ message: Message }>>();
  });
  // @ts-expect-error content must be a string
  socket.emit("send-message", { roomId: "r", clientMessageId: "c", content: 5 }, () => {});
  // @ts-expect-error unknown event
  socket.emit("send-mesage", {}, () => {});
  // @ts-expect-error fetch-messages has no "cursor" field and needs roomId
  socket.emit("fetch-messages", { cursor: "x" }, () => {});
  socket.on("new-message", (m) => expectTypeOf(m).toEqualTypeOf<Message>());
});
