// The host app as a user drives it, in jest-expo: the tabs, and the Support tab's chat over
// the SDK's fake server (`@switchboard/client/testing`: the SDK's real client, store and send
// queue over an in-memory socket), connected only while the Support tab is focused.
import type { ChatClientOptions } from "@switchboard/client";
import { FakeServer, type FakeSocketService } from "@switchboard/client/testing";
import { act, fireEvent, render, screen, waitFor } from "@testing-library/react-native";
import * as ImagePicker from "expo-image-picker";
import App from "../App.tsx";
import { registerPush } from "../src/device.ts";

// React Navigation's safe area, without the native module that measures it.
jest.mock(
  "react-native-safe-area-context",
  () => jest.requireActual("react-native-safe-area-context/jest/mock").default,
);

// The app's `createChatClient` makes the SDK's client over the fake server instead of
// Socket.IO (everything else of the SDK is real), and records what the app passed.
let mockServer: FakeServer;
const mockClients: { options: ChatClientOptions; socket: FakeSocketService }[] = [];
jest.mock("@switchboard/client", () => {
  const { createFakeChatClient } = jest.requireActual("@switchboard/client/testing");
  return {
    ...jest.requireActual("@switchboard/client"),
    createChatClient(options: ChatClientOptions) {
      const fake = createFakeChatClient(mockServer, {
        ...options,
        userId: "dana-1",
        autoOnline: true,
      });
      mockClients.push({ options, socket: fake.socket });
      return fake.client;
    },
  };
});

// The host's device services, watched: the user cancels the picker.
jest.mock("../src/device.ts", () => {
  const actual = jest.requireActual("../src/device.ts");
  return { ...actual, registerPush: jest.fn(actual.registerPush) };
});
jest.mock("expo-image-picker", () => ({
  ...jest.requireActual("expo-image-picker"),
  launchImageLibraryAsync: jest.fn(() => Promise.resolve({ canceled: true, assets: null })),
}));

const SESSION = { name: "Dana", chatToken: "token-from-the-host-backend" };
/** React Navigation's tab buttons (a "button" on iOS, a "tab" elsewhere). */
const tab = (name: string) => screen.getByRole("button", { name: new RegExp(`^${name}`) });
const connected = () => mockServer.sockets.size;

beforeEach(() => {
  mockServer = new FakeServer();
  mockClients.length = 0;
  jest.clearAllMocks();
});

test("the Support tab's chat connects while focused, with the host's token, and chats", async () => {
  render(<App session={SESSION} />);
  expect(await screen.findByText("Hello, Dana")).toBeTruthy();

  // Another tab focused: no chat client, no connection.
  fireEvent.press(tab("Orders"));
  expect(await screen.findByText(/Ridge Runner trail shoes/)).toBeTruthy();
  expect(mockClients).toHaveLength(0);
  expect(connected()).toBe(0);

  // Support focused: connected and joined, with the token of the host's sign-in.
  fireEvent.press(tab("Support"));
  await waitFor(() => expect(connected()).toBe(1));
  expect(mockClients).toHaveLength(1);
  const { options, socket } = mockClients[0]!;
  expect(await options.getToken()).toBe(SESSION.chatToken);
  const room = [...mockServer.rooms.values()].find((r) => r.customerId === "dana-1")!;
  await waitFor(() => expect(socket.rooms.has(room.id)).toBe(true));

  // An agent's message renders; the customer's goes out and is stored.
  act(() => void mockServer.store(room.id, "agent-7", "admin", "Hi Dana! How can we help?"));
  expect(await screen.findByText("Hi Dana! How can we help?")).toBeTruthy();
  fireEvent.changeText(screen.getByLabelText("Message"), "Where is order 1042?");
  fireEvent.press(screen.getByRole("button", { name: "Send" }));
  expect(await screen.findByLabelText("Sent")).toBeTruthy();
  expect(mockServer.roomMessages(room.id).map((m) => [m.senderId, m.content])).toEqual([
    ["agent-7", "Hi Dana! How can we help?"],
    ["dana-1", "Where is order 1042?"],
  ]);

  // Blur (to Home): disconnected. The tab stays mounted, and its client with it.
  fireEvent.press(tab("Home"));
  await waitFor(() => expect(connected()).toBe(0));
  expect(socket.connected).toBe(false);

  // Said while away; refocus: the same client connects again and the resync brings it.
  act(() => void mockServer.store(room.id, "agent-7", "admin", "It ships today."));
  expect(screen.queryByText("It ships today.")).toBeNull();
  fireEvent.press(tab("Support"));
  expect(await screen.findByText("It ships today.")).toBeTruthy();
  expect(connected()).toBe(1);
  expect(mockClients).toHaveLength(1);
});

test("the host's image picker and push registration reach the chat", async () => {
  render(<App session={SESSION} />);
  fireEvent.press(tab("Support"));
  await waitFor(() => expect(connected()).toBe(1));
  // Push registration runs once the room is open, once.
  await waitFor(() => expect(registerPush).toHaveBeenCalledTimes(1));
  fireEvent.press(screen.getByRole("button", { name: "Attach image" }));
  await waitFor(() => expect(ImagePicker.launchImageLibraryAsync).toHaveBeenCalledTimes(1));
  expect(ImagePicker.launchImageLibraryAsync).toHaveBeenCalledWith(
    expect.objectContaining({ mediaTypes: ["images"] }),
  );
  fireEvent.press(tab("Orders"));
  await waitFor(() => expect(connected()).toBe(0));
  expect(registerPush).toHaveBeenCalledTimes(1);
});
