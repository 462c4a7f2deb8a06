// How much of the list renders again when something changes: MessageRow calls formatTime
// once per render, so counting those calls counts row renders. The numbers are in
// docs/mobile.md ("What was measured").
import { act, render, screen } from "@testing-library/react-native";
import { ChatScreen } from "@switchboard/react-native";
// The module the rows call (a spy on the package's re-export would not see their calls).
import * as format from "../../../packages/react-native/src/format.ts";
import { agentIn, held, settle, setup, useFakeClock } from "./harness.ts";

const HISTORY = 50;

async function mountWithHistory() {
  const h = setup({ history: HISTORY });
  const agent = await agentIn(h.server, h.room.id);
  const rows = jest.spyOn(format, "formatTime");
  render(
    <ChatScreen
      client={h.client}
      serverUrl="https://x"
      getToken={() => "t"}
      focused
      pickImage={null}
    />,
  );
  await settle();
  const mounted = rows.mock.calls.length;
  rows.mockClear();
  return { ...h, agent, rows, mounted };
}

// Fake timers: FlatList renders more rows in batches on timers; left real, a batch could land
// in the middle of a measurement. The fake network runs on microtasks, which stay real.
beforeEach(() => useFakeClock());
afterEach(() => {
  jest.useRealTimers();
  jest.restoreAllMocks();
});

test("the first render draws one window of rows, not the whole history", async () => {
  const { mounted } = await mountWithHistory();
  expect(screen.getByText(`message ${HISTORY - 1}`)).toBeTruthy();
  // initialNumToRender (15) plus at most one batch the list schedules while idle.
  expect(mounted).toBeLessThanOrEqual(25);
  expect(mounted).toBeGreaterThanOrEqual(15);
});

test("a new message renders one row", async () => {
  const { agent, client, room, rows } = await mountWithHistory();
  await settle(() => agent.client.send(room.id, "new one"));
  expect(screen.getByText("new one")).toBeTruthy();
  // The screen marked it read at once; a receipt on the other side's row draws nothing.
  expect(held(client, room.id).at(-1)).toMatchObject({ content: "new one", status: "read" });
  expect(rows).toHaveBeenCalledTimes(1);
});

test("sending renders one row, and its ACK renders that row once more", async () => {
  const { client, socket, room, rows } = await mountWithHistory();
  // Written while the connection is down, so that the ACK comes in a render of its own
  // (with the fake network's instant ACK, React would draw the pending and the stored copy
  // in one render).
  await settle(() => socket.drop());
  await act(async () => void client.send(room.id, "mine"));
  expect(screen.getByLabelText("Sending")).toBeTruthy();
  expect(rows).toHaveBeenCalledTimes(1);
  await settle(() => socket.goOnline()); // the resync, then the ACK: the stored copy
  expect(screen.getByLabelText("Sent")).toBeTruthy();
  expect(rows).toHaveBeenCalledTimes(2);
});

test("typing indicators, connection changes and read receipts of others render no row", async () => {
  const { agent, server, socket, room, rows } = await mountWithHistory();
  await settle(() => agent.client.typing(room.id));
  expect(screen.getByText("Support is typing…")).toBeTruthy();
  await settle(() => socket.drop());
  await settle(() => socket.goOnline());
  await settle(() =>
    server.broadcast(room.id, "room-updated", {
      ...room,
      unreadCountCustomer: 3,
      updatedAt: "2030-01-01T00:00:00.000Z",
    }),
  );
  expect(rows).toHaveBeenCalledTimes(0);
});
