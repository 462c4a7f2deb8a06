import { isTyping } from "@switchboard/client";
import { act, fireEvent, screen } from "@testing-library/react-native";
import { agentIn, AGENT, CUSTOMER, held, refuse, settle, setup, stored, until } from "./harness.ts";
import { renderScreen } from "./screen.tsx";

const type = (text: string) => fireEvent.changeText(screen.getByLabelText("Message"), text);
const sendButton = () => screen.getByRole("button", { name: "Send" });
const typeAndSend = (text: string) => {
  type(text);
  fireEvent.press(sendButton());
};

test("renders the history of the joined room; Send waits for the room", async () => {
  const h = setup();
  h.server.store(h.room.id, AGENT, "admin", "Hi, how can we help?");
  renderScreen(h);
  type("Hello");
  expect(sendButton()).toBeDisabled(); // not joined yet
  await settle();
  expect(screen.getByText("Hi, how can we help?")).toBeTruthy();
  expect(screen.getByText("Start of conversation")).toBeTruthy();
  expect(sendButton()).toBeEnabled();
});

test("typing and sending: the agent sees the typing stop, the message goes pending, then sent", async () => {
  const h = setup();
  const agent = await agentIn(h.server, h.room.id);
  renderScreen(h);
  await settle();
  const customerTyping = () => isTyping(agent.client.typingTracker.getState(), h.room.id);

  await settle(() => type("Do the Ridge Runners run small?"));
  expect(h.socket.sent("typing")).toEqual([{ roomId: h.room.id }]);
  expect(customerTyping()).toBe(true);

  fireEvent.press(sendButton());
  expect(screen.getByText("Do the Ridge Runners run small?")).toBeTruthy();
  expect(screen.getByLabelText("Sending")).toBeTruthy();
  expect(screen.getByLabelText("Message").props.value).toBe("");
  // Sending ends the spell of typing at once (not after the agent's 8-s expiry).
  expect(h.socket.sent("stop-typing")).toEqual([{ roomId: h.room.id }]);

  await settle();
  expect(screen.queryByLabelText("Sending")).toBeNull();
  expect(screen.getByLabelText(/^(Sent|Delivered)$/)).toBeTruthy();
  expect(customerTyping()).toBe(false);
  expect(stored(h.server, h.room.id)).toEqual([
    { content: "Do the Ridge Runners run small?", senderId: CUSTOMER },
  ]);
});

test("emptying the field stops the typing; typing again starts it", async () => {
  const h = setup();
  renderScreen(h);
  await settle();
  await settle(() => type("Actually"));
  await settle(() => type(""));
  expect(h.socket.sent("typing")).toHaveLength(1);
  expect(h.socket.sent("stop-typing")).toHaveLength(1);
  await settle(() => type("Never mind"));
  expect(h.socket.sent("typing")).toHaveLength(2); // a stop resets the SDK's throttle
});

test("a refused message is retried by tapping it, and stored once", async () => {
  const h = setup();
  renderScreen(h);
  await settle();
  h.socket.intercept = (event) => (event === "send-message" ? refuse("FORBIDDEN") : undefined);
  typeAndSend("Hello?");
  await settle();
  const failed = screen.getByRole("button", { name: /you can't write here.*Tap to retry/ });
  expect(stored(h.server, h.room.id)).toEqual([]);

  h.socket.intercept = () => undefined;
  fireEvent.press(failed);
  expect(screen.getByLabelText("Sending")).toBeTruthy();
  await settle();
  expect(screen.getByLabelText("Sent")).toBeTruthy();
  expect(screen.queryByText(/Tap to retry/)).toBeNull();
  const attempts = h.socket.sent("send-message");
  expect(attempts).toHaveLength(2);
  expect(attempts[1]!.clientMessageId).toBe(attempts[0]!.clientMessageId);
  expect(stored(h.server, h.room.id)).toEqual([{ content: "Hello?", senderId: CUSTOMER }]);
});

test("delivered and read ticks follow the agent's receipts", async () => {
  const h = setup();
  const agent = await agentIn(h.server, h.room.id);
  renderScreen(h);
  await settle();
  typeAndSend("Order 1234");
  // The agent's client confirms the delivery by itself (batched) once the message reaches it...
  await until(h.client, () => held(h.client, h.room.id)[0]?.status === "delivered");
  expect(screen.getByLabelText("Delivered")).toBeTruthy();
  // ...and the read once the agent has seen it.
  const mine = h.server.roomMessages(h.room.id)[0]!;
  await settle(() => agent.client.markRead(h.room.id, mine.id));
  expect(screen.getByLabelText("Read")).toBeTruthy();
});

test("focus connects, blur disconnects, and the screen asks for its room once", async () => {
  const h = setup();
  const { rerenderWith } = renderScreen(h, { focused: false });
  await settle();
  expect(h.calls().connect).toBe(0);

  rerenderWith({ focused: true });
  await settle();
  expect(h.calls()).toMatchObject({ connect: 1, disconnect: 0, join: 1 });

  rerenderWith({ focused: false });
  await settle();
  expect(h.calls()).toMatchObject({ connect: 1, disconnect: 1 });

  // Refocus: connect again; the SDK re-joins and resyncs on connect by itself.
  rerenderWith({ focused: true });
  await settle();
  expect(h.calls()).toMatchObject({ connect: 2, disconnect: 1, join: 1 });
  const joins = h.socket.sent("join-chat");
  expect(joins).toHaveLength(2);
  expect(joins[1]).toMatchObject({ roomId: h.room.id });
});

test("unmounting disconnects", async () => {
  const h = setup();
  const { unmount } = renderScreen(h);
  await settle();
  unmount();
  expect(h.calls().disconnect).toBe(1);
  expect(h.client.store.getState().connectionStatus).toBe("offline");
});

test("shows the connection status and the agent typing", async () => {
  const h = setup();
  const agent = await agentIn(h.server, h.room.id);
  renderScreen(h);
  await settle();
  expect(screen.queryByText(/^Reconnecting… Messages you send now/)).toBeNull();

  await settle(() => agent.client.typing(h.room.id));
  expect(screen.getByText("Support is typing…")).toBeTruthy();
  await settle(() => agent.client.send(h.room.id, "Here to help"));
  expect(screen.getByText("Here to help")).toBeTruthy();
  expect(screen.queryByText("Support is typing…")).toBeNull();

  await settle(() => agent.client.stopTyping(h.room.id)); // nothing typed since: nothing sent
  await settle(() => agent.client.typing(h.room.id));
  expect(screen.getByText("Support is typing…")).toBeTruthy();
  // The connection drops: the agent's stop-typing would be lost, so the line goes with it.
  await settle(() => h.socket.drop());
  expect(screen.getByText(/^Reconnecting… Messages you send now/)).toBeTruthy();
  expect(screen.queryByText("Support is typing…")).toBeNull();
  await settle(() => h.socket.goOnline());
  expect(screen.queryByText(/^Reconnecting… Messages you send now/)).toBeNull();
});

test("marks the agent's messages read while visible, and reports the unread count", async () => {
  const h = setup();
  const agent = await agentIn(h.server, h.room.id);
  const onUnreadChange = jest.fn();
  const { rerenderWith } = renderScreen(h, { focused: false, onUnreadChange });
  await settle();
  rerenderWith({ focused: true });
  await settle();
  const parcel = await settle(() => agent.client.send(h.room.id, "Your parcel left today"));
  await settle(() =>
    h.server.broadcast(h.room.id, "room-updated", {
      ...h.room,
      unreadCountCustomer: 1,
      updatedAt: "2030-01-01T00:00:00.000Z",
    }),
  );
  const [stored] = h.server.roomMessages(h.room.id);
  expect(stored?.clientMessageId).toBe(parcel.clientMessageId);
  expect(h.socket.sent("message-read")).toEqual([{ roomId: h.room.id, upToMessageId: stored!.id }]);
  expect(held(h.client, h.room.id)[0]?.status).toBe("read");
  expect(onUnreadChange).toHaveBeenLastCalledWith(1);
  // The server answers the read with room-updated: the badge clears.
  await settle(() =>
    h.server.broadcast(h.room.id, "room-updated", {
      ...h.room,
      unreadCountCustomer: 0,
      updatedAt: "2030-01-01T00:00:01.000Z",
    }),
  );
  expect(onUnreadChange).toHaveBeenLastCalledWith(0);
  expect(h.socket.sent("message-read")).toHaveLength(1); // nothing new to read
});

test("loads older messages when scrolled to the top", async () => {
  const h = setup({ history: 60 });
  renderScreen(h);
  await settle();
  expect(held(h.client, h.room.id)).toHaveLength(50); // the join's page
  await settle(() => screen.getByTestId("messages").props.onEndReached());
  expect(h.socket.sent("fetch-messages")).toHaveLength(1);
  expect(held(h.client, h.room.id)).toHaveLength(60);
});

test("a room that cannot be opened says so and can be asked again", async () => {
  const h = setup();
  h.socket.intercept = (event) => (event === "join-chat" ? refuse("FORBIDDEN") : undefined);
  const warn = jest.spyOn(console, "warn").mockImplementation(() => {});
  renderScreen(h);
  await settle();
  expect(screen.getByText(/^We couldn't open the conversation\./)).toBeTruthy();
  expect(warn).toHaveBeenCalled();
  h.socket.intercept = () => undefined;
  await settle(() => fireEvent.press(screen.getByRole("button", { name: "Try again" })));
  expect(h.calls().join).toBe(2);
  expect(screen.queryByText(/^We couldn't open the conversation\./)).toBeNull();
  warn.mockRestore();
});

test("a closed conversation says so; the customer's next message opens a new room", async () => {
  const h = setup();
  renderScreen(h);
  await settle();
  await settle(() => h.server.closeRoom(h.room.id));
  expect(screen.getByText(/This conversation has ended/)).toBeTruthy();
  await settle(() => type("One more thing"));
  expect(h.socket.sent("typing")).toEqual([]); // nobody is in an ended conversation
  // The SDK opens the next room and moves the message there; the screen follows it.
  await settle(() => fireEvent.press(sendButton()));
  const next = [...h.server.rooms.values()].find((r) => r.id !== h.room.id)!;
  expect(next.status).toBe("open");
  expect(stored(h.server, next.id)).toEqual([{ content: "One more thing", senderId: CUSTOMER }]);
  await settle(() => h.server.store(next.id, AGENT, "admin", "Welcome back"));
  expect(screen.getByText("Welcome back")).toBeTruthy();
  expect(screen.queryByText(/This conversation has ended/)).toBeNull();
});

test("runs the host's push registration once, after the room opened", async () => {
  const h = setup();
  const registerPush = jest.fn(async () => undefined);
  const { rerenderWith } = renderScreen(h, { registerPush });
  expect(registerPush).not.toHaveBeenCalled(); // the join is not answered yet
  await settle();
  expect(registerPush).toHaveBeenCalledTimes(1);
  // Blur and focus again, with a new function: still once.
  rerenderWith({ registerPush, focused: false });
  await settle();
  rerenderWith({ registerPush: jest.fn(), focused: true });
  await settle();
  expect(registerPush).toHaveBeenCalledTimes(1);
});

test("a failed push registration is logged, and the chat goes on", async () => {
  const h = setup();
  const warn = jest.spyOn(console, "warn").mockImplementation(() => {});
  renderScreen(h, { registerPush: () => Promise.reject(new Error("no permission")) });
  await settle();
  expect(warn).toHaveBeenCalledWith("switchboard: push registration failed", expect.any(Error));
  typeAndSend("Still here");
  await settle();
  expect(stored(h.server, h.room.id)).toEqual([{ content: "Still here", senderId: CUSTOMER }]);
  warn.mockRestore();
});

afterEach(() => act(() => jest.restoreAllMocks()));
