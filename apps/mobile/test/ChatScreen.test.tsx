import { ChatError } from "@switchboard/protocol";
import { act, fireEvent, render, screen } from "@testing-library/react-native";
import { ChatScreen, type ChatScreenProps } from "@switchboard/react-native";
import { FakeChatClient, makeMessage, makeRoom, ROOM_ID } from "./fakeChatClient.ts";

function renderScreen(client: FakeChatClient, props: Partial<ChatScreenProps> = {}) {
  const all: ChatScreenProps = {
    client,
    serverUrl: "https://chat.example.com",
    getToken: () => "tok",
    focused: true,
    pickImage: null,
    ...props,
  };
  const view = render(<ChatScreen {...all} />);
  return {
    ...view,
    rerenderWith: (more: Partial<ChatScreenProps>) =>
      view.rerender(<ChatScreen {...all} {...more} />),
  };
}

const typeAndSend = (text: string) => {
  fireEvent.changeText(screen.getByLabelText("Message"), text);
  fireEvent.press(screen.getByRole("button", { name: "Send" }));
};

const lastQueued = (client: FakeChatClient) => {
  const list = client.store.getState().messagesByRoom[ROOM_ID] ?? [];
  return list[list.length - 1]!;
};

test("renders the history of the joined room", async () => {
  const client = new FakeChatClient();
  client.autoJoin = false;
  renderScreen(client);
  expect(screen.getByRole("button", { name: "Send" })).toBeDisabled();
  await act(async () =>
    client.answerJoin(makeRoom(), [makeMessage({ content: "Hi, how can we help?" })]),
  );
  expect(screen.getByText("Hi, how can we help?")).toBeTruthy();
  expect(screen.getByText("Start of conversation")).toBeTruthy();
});

test("typing and sending shows the message pending, then sent", async () => {
  const client = new FakeChatClient();
  renderScreen(client);
  await act(async () => {});
  typeAndSend("Do the Ridge Runners run small?");
  expect(screen.getByText("Do the Ridge Runners run small?")).toBeTruthy();
  expect(screen.getByLabelText("Sending")).toBeTruthy();
  expect(screen.getByLabelText("Message").props.value).toBe("");
  expect(client.typingCalls).toBe(1);

  await act(async () => void client.ack(lastQueued(client).clientMessageId));
  expect(screen.queryByLabelText("Sending")).toBeNull();
  expect(screen.getByLabelText("Sent")).toBeTruthy();
});

test("a failed message is retried by tapping it", async () => {
  const client = new FakeChatClient();
  renderScreen(client);
  await act(async () => {});
  typeAndSend("Hello?");
  const { clientMessageId } = lastQueued(client);
  await act(async () => client.fail(clientMessageId, "RATE_LIMITED"));
  const failed = screen.getByRole("button", { name: /too many messages at once.*Tap to retry/ });

  fireEvent.press(failed);
  expect(client.calls.retry).toEqual([clientMessageId]);
  expect(screen.getByLabelText("Sending")).toBeTruthy();
  await act(async () => void client.ack(clientMessageId));
  expect(screen.getByLabelText("Sent")).toBeTruthy();
  expect(screen.queryByText(/Tap to retry/)).toBeNull();
});

test("delivered and read ticks follow message-status events", async () => {
  const client = new FakeChatClient();
  renderScreen(client);
  await act(async () => {});
  typeAndSend("Order 1234");
  const stored = await act(async () => client.ack(lastQueued(client).clientMessageId));
  const at = new Date().toISOString();
  await act(async () =>
    client.store.applyMessageStatus({
      roomId: ROOM_ID,
      messageIds: [stored.id],
      status: "delivered",
      at,
    }),
  );
  expect(screen.getByLabelText("Delivered")).toBeTruthy();
  await act(async () =>
    client.store.applyMessageStatus({
      roomId: ROOM_ID,
      messageIds: [stored.id],
      status: "read",
      at,
    }),
  );
  expect(screen.getByLabelText("Read")).toBeTruthy();
});

test("focus connects, blur disconnects, and the room is joined once", async () => {
  const client = new FakeChatClient();
  const { rerenderWith } = renderScreen(client, { focused: false });
  expect(client.calls.connect).toBe(0);

  rerenderWith({ focused: true });
  await act(async () => {});
  expect(client.calls).toMatchObject({ connect: 1, disconnect: 0, join: 1 });

  rerenderWith({ focused: false });
  expect(client.calls).toMatchObject({ connect: 1, disconnect: 1 });

  // Refocus: connect again; the SDK re-joins and resyncs on connect by itself.
  rerenderWith({ focused: true });
  await act(async () => {});
  expect(client.calls).toMatchObject({ connect: 2, disconnect: 1, join: 1 });
});

test("unmounting disconnects", async () => {
  const client = new FakeChatClient();
  const { unmount } = renderScreen(client);
  await act(async () => {});
  unmount();
  expect(client.calls.disconnect).toBe(1);
});

test("shows the connection status and the agent typing", async () => {
  const client = new FakeChatClient();
  renderScreen(client);
  await act(async () => {});
  expect(screen.queryByText(/Reconnecting/)).toBeNull();
  await act(async () => client.store.setConnectionStatus("reconnecting"));
  expect(screen.getByText(/Reconnecting/)).toBeTruthy();

  await act(async () =>
    client.emit("typing", { roomId: ROOM_ID, userId: "agent-1", role: "admin" }),
  );
  expect(screen.getByText("Support is typing…")).toBeTruthy();
  await act(async () => void client.receive({ content: "Here to help" }));
  expect(screen.queryByText("Support is typing…")).toBeNull();
});

test("marks the agent's messages read while visible, and reports the unread count", async () => {
  const client = new FakeChatClient();
  const onUnreadChange = jest.fn();
  const { rerenderWith } = renderScreen(client, { focused: false, onUnreadChange });
  await act(async () => {});
  rerenderWith({ focused: true });
  await act(async () => {});
  await act(async () => {
    client.receive({ content: "Your parcel left today" });
    client.store.upsertRoom(makeRoom({ unreadCountCustomer: 1 }));
  });
  expect(client.markReadCalls).toEqual([ROOM_ID]);
  expect(onUnreadChange).toHaveBeenLastCalledWith(1);
  // The server answers the read with room-updated: the badge clears.
  await act(async () => client.store.upsertRoom(makeRoom({ unreadCountCustomer: 0 })));
  expect(onUnreadChange).toHaveBeenLastCalledWith(0);
});

test("loads older messages when scrolled to the top", async () => {
  const client = new FakeChatClient();
  client.autoJoin = false;
  renderScreen(client);
  await act(async () => client.answerJoin(makeRoom(), [makeMessage()], true));
  await act(async () => screen.getByTestId("messages").props.onEndReached());
  expect(client.calls.loadOlder).toBe(1);
});

test("a room that cannot be opened says so and can be asked again", async () => {
  const client = new FakeChatClient();
  client.joinError = new ChatError("FORBIDDEN", "not your room");
  const warn = jest.spyOn(console, "warn").mockImplementation(() => {});
  renderScreen(client);
  await act(async () => {});
  expect(screen.getByText("We couldn't open the conversation.")).toBeTruthy();
  expect(warn).toHaveBeenCalled();
  await act(async () => fireEvent.press(screen.getByRole("button", { name: "Try again" })));
  expect(client.calls.join).toBe(2);
  expect(screen.queryByText("We couldn't open the conversation.")).toBeNull();
  warn.mockRestore();
});

test("a closed conversation says so; the customer's next message moves to the new room", async () => {
  const client = new FakeChatClient();
  renderScreen(client);
  await act(async () => {});
  await act(async () => client.store.upsertRoom(makeRoom({ status: "closed" })));
  expect(screen.getByText(/This conversation has ended/)).toBeTruthy();
  // The SDK opens the next room and makes it active; the screen follows it.
  const next = makeRoom({ id: "6650f1c2a3b4c5d6e7f80999" });
  await act(async () => {
    client.store.upsertRoom(next);
    client.store.setActiveRoom(next.id);
    client.store.addMessage(makeMessage({ roomId: next.id, content: "Welcome back" }));
  });
  expect(screen.getByText("Welcome back")).toBeTruthy();
  expect(screen.queryByText(/This conversation has ended/)).toBeNull();
});

test("runs the host's push registration once, after the room opened", async () => {
  const client = new FakeChatClient();
  client.autoJoin = false;
  const registerPush = jest.fn(async () => undefined);
  const { rerenderWith } = renderScreen(client, { registerPush });
  await act(async () => {});
  expect(registerPush).not.toHaveBeenCalled();
  await act(async () => client.answerJoin());
  expect(registerPush).toHaveBeenCalledTimes(1);
  // Blur and focus again, with a new function: still once.
  rerenderWith({ registerPush, focused: false });
  rerenderWith({ registerPush: jest.fn(), focused: true });
  await act(async () => {});
  expect(registerPush).toHaveBeenCalledTimes(1);
});

test("a failed push registration is logged, and the chat goes on", async () => {
  const client = new FakeChatClient();
  const warn = jest.spyOn(console, "warn").mockImplementation(() => {});
  renderScreen(client, { registerPush: () => Promise.reject(new Error("no permission")) });
  await act(async () => {});
  expect(warn).toHaveBeenCalledWith("switchboard: push registration failed", expect.any(Error));
  typeAndSend("Still here");
  expect(screen.getByText("Still here")).toBeTruthy();
  warn.mockRestore();
});
