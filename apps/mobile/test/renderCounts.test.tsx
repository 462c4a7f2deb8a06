// How much of the list renders again when something changes: MessageRow calls formatTime
// once per render, so counting those calls counts row renders. The numbers are in
// docs/mobile.md ("What was measured").
import { act, render, screen } from "@testing-library/react-native";
import { ChatScreen } from "@switchboard/react-native";
// The module the rows call (a spy on the package's re-export would not see their calls).
import * as format from "../../../packages/react-native/src/format.ts";
import { FakeChatClient, makeMessage, makeRoom, ROOM_ID } from "./fakeChatClient.ts";

const HISTORY = 50;

async function mountWithHistory() {
  const client = new FakeChatClient();
  client.autoJoin = false;
  const rows = jest.spyOn(format, "formatTime");
  render(
    <ChatScreen
      client={client}
      serverUrl="https://x"
      getToken={() => "t"}
      focused
      pickImage={null}
    />,
  );
  const history = Array.from({ length: HISTORY }, (_, i) =>
    makeMessage({ content: `message ${i}` }),
  );
  await act(async () => client.answerJoin(makeRoom(), history, true));
  const mounted = rows.mock.calls.length;
  rows.mockClear();
  return { client, rows, mounted };
}

afterEach(() => jest.restoreAllMocks());

test("the first render draws one window of rows, not the whole history", async () => {
  const { mounted } = await mountWithHistory();
  expect(screen.getByText(`message ${HISTORY - 1}`)).toBeTruthy();
  // initialNumToRender (15) plus at most one batch the list schedules while idle.
  expect(mounted).toBeLessThanOrEqual(25);
  expect(mounted).toBeGreaterThanOrEqual(15);
});

test("a new message renders one row", async () => {
  const { client, rows } = await mountWithHistory();
  await act(async () => void client.receive({ content: "new one" }));
  expect(screen.getByText("new one")).toBeTruthy();
  expect(rows).toHaveBeenCalledTimes(1);
});

test("sending renders one row, and its ACK renders that row once more", async () => {
  const { client, rows } = await mountWithHistory();
  const local = await act(async () => client.send(ROOM_ID, "mine"));
  expect(rows).toHaveBeenCalledTimes(1);
  await act(async () => void client.ack(local.clientMessageId));
  expect(rows).toHaveBeenCalledTimes(2);
});

test("typing indicators, connection changes and read receipts of others render no row", async () => {
  const { client, rows } = await mountWithHistory();
  await act(async () =>
    client.emit("typing", { roomId: ROOM_ID, userId: "agent-1", role: "admin" }),
  );
  await act(async () => client.store.setConnectionStatus("reconnecting"));
  await act(async () => client.store.setConnectionStatus("online"));
  await act(async () => client.store.upsertRoom(makeRoom({ unreadCountCustomer: 3 })));
  expect(rows).toHaveBeenCalledTimes(0);
});
