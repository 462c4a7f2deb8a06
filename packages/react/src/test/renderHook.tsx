// Test support (not shipped): runs a hook inside a ChatProvider with React's own `act`, so
// that every store change a test causes is rendered before it asserts. Needs a DOM
// (`// @vitest-environment jsdom` in the test file).
import type { ChatClient, ChatState } from "@switchboard/client";
import { act } from "react";
import { createRoot } from "react-dom/client";
import { ChatProvider } from "../ChatProvider.tsx";

declare global {
  var IS_REACT_ACT_ENVIRONMENT: boolean | undefined;
}
globalThis.IS_REACT_ACT_ENVIRONMENT = true;

/** The hook's latest result, and how to re-render it with new props or unmount it. */
export interface Rendered<P, T> {
  readonly current: T;
  rerender(props: P): void;
  unmount(): void;
}

export function renderHook<P, T>(
  client: ChatClient,
  hook: (props: P) => T,
  props: P,
): Rendered<P, T> {
  let current: T | undefined;
  function Probe({ p }: { p: P }) {
    current = hook(p);
    return null;
  }
  const root = createRoot(document.createElement("div"));
  const render = (p: P) =>
    act(() =>
      root.render(
        <ChatProvider client={client}>
          <Probe p={p} />
        </ChatProvider>,
      ),
    );
  render(props);
  return {
    get current() {
      return current as T;
    },
    rerender: render,
    unmount: () => act(() => root.unmount()),
  };
}

/** Runs `work` (sync or async) inside `act`, then lets pending microtasks land. */
export async function during(work: () => unknown = () => undefined): Promise<void> {
  await act(async () => {
    await work();
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
  });
}

/** Resolves, inside `act`, once `check` holds for the client's state (no sleeps). */
export function until(client: ChatClient, check: (state: ChatState) => boolean): Promise<void> {
  return act(
    () =>
      new Promise<void>((resolve) => {
        if (check(client.store.getState())) return resolve();
        const off = client.store.subscribe((state) => {
          if (!check(state)) return;
          off();
          resolve();
        });
      }),
  );
}
