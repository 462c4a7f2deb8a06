// The connection follows navigation focus and the app state, as a phone's user moves
// between screens and apps. Counts are what the server would see: connects (handshakes)
// and disconnects.
import { NavigationContext } from "@react-navigation/native";
import { act, render } from "@testing-library/react-native";
import type { ComponentProps } from "react";
import { ChatScreen as PlainChatScreen, type AppStateLike } from "@switchboard/react-native";
import { ChatScreen } from "@switchboard/react-native/navigation";
import { AGENT, held, settle, setup, useFakeClock, type Harness } from "./harness.ts";

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
const base = (h: Harness, more: Props = {}) => (
  <ChatScreen
    client={h.client}
    serverUrl="https://chat.example.com"
    getToken={() => "t"}
    pickImage={null}
    {...more}
  />
);

test("follows React Navigation's focus and blur without a `focused` prop", async () => {
  const h = setup();
  const nav = fakeNavigation(false);
  render(
    <NavigationContext.Provider
      value={nav as unknown as ComponentProps<typeof NavigationContext.Provider>["value"]}
    >
      {base(h)}
    </NavigationContext.Provider>,
  );
  await settle();
  expect(h.calls().connect).toBe(0);
  await settle(() => nav.fire("focus"));
  expect(h.calls()).toMatchObject({ connect: 1, disconnect: 0, join: 1 });
  await settle(() => nav.fire("blur"));
  expect(h.calls()).toMatchObject({ connect: 1, disconnect: 1 });
  await settle(() => nav.fire("focus"));
  expect(h.calls()).toMatchObject({ connect: 2, disconnect: 1, join: 1 });
});

test("outside a navigator the screen counts as focused", async () => {
  const h = setup();
  render(base(h));
  await settle();
  expect(h.calls().connect).toBe(1);
});

test("a `focused` prop wins over the navigator's focus", async () => {
  const h = setup();
  const nav = fakeNavigation(true);
  render(
    <NavigationContext.Provider
      value={nav as unknown as ComponentProps<typeof NavigationContext.Provider>["value"]}
    >
      {base(h, { focused: false })}
    </NavigationContext.Provider>,
  );
  await settle(() => nav.fire("focus"));
  expect(h.calls().connect).toBe(0);
});

test("the main entry's screen ignores navigators: focused unless told otherwise", async () => {
  const h = setup();
  const nav = fakeNavigation(false);
  const { rerender } = render(
    <NavigationContext.Provider
      value={nav as unknown as ComponentProps<typeof NavigationContext.Provider>["value"]}
    >
      <PlainChatScreen client={h.client} serverUrl="https://x" getToken={() => "t"} />
    </NavigationContext.Provider>,
  );
  await settle();
  expect(h.calls().connect).toBe(1);
  await act(async () =>
    rerender(
      <PlainChatScreen
        client={h.client}
        serverUrl="https://x"
        getToken={() => "t"}
        focused={false}
      />,
    ),
  );
  expect(h.calls()).toMatchObject({ connect: 1, disconnect: 1 });
});

describe("app state", () => {
  beforeEach(() => useFakeClock());
  afterEach(() => jest.useRealTimers());

  test("a short trip to another app keeps the socket", async () => {
    const h = setup();
    const appState = fakeAppState();
    render(base(h, { appState: appState as AppStateLike, backgroundGraceMs: 15_000 }));
    await settle();
    await settle(() => appState.set("inactive"));
    await settle(() => appState.set("background"));
    await settle(() => jest.advanceTimersByTime(10_000));
    await settle(() => appState.set("active"));
    await settle(() => jest.advanceTimersByTime(60_000));
    expect(h.calls()).toMatchObject({ connect: 1, disconnect: 0 });
  });

  test("a long background closes the socket; returning connects exactly once", async () => {
    const h = setup();
    const appState = fakeAppState();
    render(base(h, { appState: appState as AppStateLike, backgroundGraceMs: 15_000 }));
    await settle();
    await settle(() => appState.set("background"));
    await settle(() => jest.advanceTimersByTime(15_000));
    expect(h.calls()).toMatchObject({ connect: 1, disconnect: 1 });
    // Nothing happens while away, however long.
    await settle(() => jest.advanceTimersByTime(10 * 60_000));
    expect(h.calls()).toMatchObject({ connect: 1, disconnect: 1 });
    await settle(() => appState.set("active"));
    await settle(() => jest.advanceTimersByTime(60_000));
    expect(h.calls()).toMatchObject({ connect: 2, disconnect: 1, join: 1 });
    // The SDK re-joined the room by itself on that one connect (its resync).
    expect(h.socket.sent("join-chat")).toEqual([
      {},
      expect.objectContaining({ roomId: h.room.id }),
    ]);
  });

  test("a suspended app whose timer never fired drops the socket at the next event", async () => {
    const h = setup();
    const appState = fakeAppState();
    render(base(h, { appState: appState as AppStateLike, backgroundGraceMs: 15_000 }));
    await settle();
    await settle(() => appState.set("inactive"));
    // iOS froze the app: the clock moved on, the timer did not run.
    jest.setSystemTime(Date.now() + 60_000);
    await settle(() => appState.set("background"));
    expect(h.calls().disconnect).toBe(1);
  });

  test("no read receipts while the app is in the background", async () => {
    const h = setup();
    const appState = fakeAppState();
    render(base(h, { appState: appState as AppStateLike }));
    await settle();
    await settle(() => appState.set("background"));
    // Within the grace period the socket is still open: the message arrives, unread.
    const sent = await settle(() => h.server.store(h.room.id, AGENT, "admin", "Are you there?"));
    expect(held(h.client, h.room.id)).toMatchObject([{ id: sent.id, status: "sent" }]);
    expect(h.socket.sent("message-read")).toEqual([]);
    await settle(() => appState.set("active"));
    expect(h.socket.sent("message-read")).toEqual([{ roomId: h.room.id, upToMessageId: sent.id }]);
    expect(held(h.client, h.room.id)[0]?.status).toBe("read");
  });
});
