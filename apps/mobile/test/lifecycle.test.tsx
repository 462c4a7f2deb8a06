// The connection follows navigation focus and the app state, as a phone's user moves
// between screens and apps. Counts are what the server would see: connects (handshakes)
// and disconnects.
import { NavigationContext } from "@react-navigation/native";
import { act, render } from "@testing-library/react-native";
import type { ComponentProps } from "react";
import { ChatScreen as PlainChatScreen, type AppStateLike } from "@switchboard/react-native";
import { ChatScreen } from "@switchboard/react-native/navigation";
import { FakeChatClient, ROOM_ID } from "./fakeChatClient.ts";

/** React Navigation's `focus` / `blur` events, driven by the test. */
function fakeNavigation(focused: boolean) {
  const listeners = new Map<string, Set<() => void>>();
  const nav = {
    isFocused: () => focused,
    addListener(event: string, cb: () => void) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(cb);
      return () => listeners.get(event)!.delete(cb);
    },
    fire(event: "focus" | "blur") {
      focused = event === "focus";
      listeners.get(event)?.forEach((cb) => cb());
    },
  };
  return nav;
}

/** React Native's AppState, driven by the test. */
function fakeAppState(initial = "active") {
  const listeners = new Set<(s: string) => void>();
  const state = {
    currentState: initial,
    addEventListener(_type: "change", l: (s: string) => void) {
      listeners.add(l);
      return { remove: () => listeners.delete(l) };
    },
    set(s: string) {
      state.currentState = s;
      listeners.forEach((l) => l(s));
    },
  };
  return state;
}

type Props = Partial<ComponentProps<typeof ChatScreen>>;
const base = (client: FakeChatClient, more: Props = {}) => (
  <ChatScreen
    client={client}
    serverUrl="https://chat.example.com"
    getToken={() => "t"}
    pickImage={null}
    {...more}
  />
);

test("follows React Navigation's focus and blur without a `focused` prop", async () => {
  const client = new FakeChatClient();
  const nav = fakeNavigation(false);
  render(
    <NavigationContext.Provider
      value={nav as unknown as ComponentProps<typeof NavigationContext.Provider>["value"]}
    >
      {base(client)}
    </NavigationContext.Provider>,
  );
  await act(async () => {});
  expect(client.calls.connect).toBe(0);
  await act(async () => nav.fire("focus"));
  expect(client.calls).toMatchObject({ connect: 1, disconnect: 0, join: 1 });
  await act(async () => nav.fire("blur"));
  expect(client.calls).toMatchObject({ connect: 1, disconnect: 1 });
  await act(async () => nav.fire("focus"));
  expect(client.calls).toMatchObject({ connect: 2, disconnect: 1, join: 1 });
});

test("outside a navigator the screen counts as focused", async () => {
  const client = new FakeChatClient();
  render(base(client));
  await act(async () => {});
  expect(client.calls.connect).toBe(1);
});

test("a `focused` prop wins over the navigator's focus", async () => {
  const client = new FakeChatClient();
  const nav = fakeNavigation(true);
  render(
    <NavigationContext.Provider
      value={nav as unknown as ComponentProps<typeof NavigationContext.Provider>["value"]}
    >
      {base(client, { focused: false })}
    </NavigationContext.Provider>,
  );
  await act(async () => nav.fire("focus"));
  expect(client.calls.connect).toBe(0);
});

test("the main entry's screen ignores navigators: focused unless told otherwise", async () => {
  const client = new FakeChatClient();
  const nav = fakeNavigation(false);
  const { rerender } = render(
    <NavigationContext.Provider
      value={nav as unknown as ComponentProps<typeof NavigationContext.Provider>["value"]}
    >
      <PlainChatScreen client={client} serverUrl="https://x" getToken={() => "t"} />
    </NavigationContext.Provider>,
  );
  await act(async () => {});
  expect(client.calls.connect).toBe(1);
  await act(async () =>
    rerender(
      <PlainChatScreen
        client={client}
        serverUrl="https://x"
        getToken={() => "t"}
        focused={false}
      />,
    ),
  );
  expect(client.calls).toMatchObject({ connect: 1, disconnect: 1 });
});

describe("app state", () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  test("a short trip to another app keeps the socket", async () => {
    const client = new FakeChatClient();
    const appState = fakeAppState();
    render(base(client, { appState: appState as AppStateLike, backgroundGraceMs: 15_000 }));
    await act(async () => {});
    await act(async () => appState.set("inactive"));
    await act(async () => appState.set("background"));
    await act(async () => jest.advanceTimersByTime(10_000));
    await act(async () => appState.set("active"));
    await act(async () => jest.advanceTimersByTime(60_000));
    expect(client.calls).toMatchObject({ connect: 1, disconnect: 0 });
  });

  test("a long background closes the socket; returning connects exactly once", async () => {
    const client = new FakeChatClient();
    const appState = fakeAppState();
    render(base(client, { appState: appState as AppStateLike, backgroundGraceMs: 15_000 }));
    await act(async () => {});
    await act(async () => appState.set("background"));
    await act(async () => jest.advanceTimersByTime(15_000));
    expect(client.calls).toMatchObject({ connect: 1, disconnect: 1 });
    // Nothing happens while away, however long.
    await act(async () => jest.advanceTimersByTime(10 * 60_000));
    expect(client.calls).toMatchObject({ connect: 1, disconnect: 1 });
    await act(async () => appState.set("active"));
    await act(async () => jest.advanceTimersByTime(60_000));
    expect(client.calls).toMatchObject({ connect: 2, disconnect: 1, join: 1 });
  });

  test("a suspended app whose timer never fired drops the socket at the next event", async () => {
    const client = new FakeChatClient();
    const appState = fakeAppState();
    render(base(client, { appState: appState as AppStateLike, backgroundGraceMs: 15_000 }));
    await act(async () => {});
    await act(async () => appState.set("inactive"));
    // iOS froze the app: the clock moved on, the timer did not run.
    jest.setSystemTime(Date.now() + 60_000);
    await act(async () => appState.set("background"));
    expect(client.calls.disconnect).toBe(1);
  });

  test("no read receipts while the app is in the background", async () => {
    const client = new FakeChatClient();
    const appState = fakeAppState();
    render(base(client, { appState: appState as AppStateLike }));
    await act(async () => {});
    await act(async () => appState.set("background"));
    await act(async () => void client.receive({ content: "Are you there?" }));
    expect(client.markReadCalls).toEqual([]);
    await act(async () => appState.set("active"));
    expect(client.markReadCalls).toEqual([ROOM_ID]);
  });
});
