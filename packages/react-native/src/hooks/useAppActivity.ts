import { useEffect, useState } from "react";
import { AppState } from "react-native";

/** The part of React Native's `AppState` used here; tests pass a fake. */
export interface AppStateLike {
  /** The state now: `"active"`, `"background"`, `"inactive"` (iOS), or not known yet. */
  readonly currentState: unknown;
  /**
   * Calls `listener` with each new state; returns the subscription.
   *
   * @param type - Always `"change"`.
   * @param listener - Receives the new state.
   */
  addEventListener(
    type: "change",
    listener: (state: string) => void,
  ): {
    /** Ends the subscription. */
    remove(): void;
  };
}

/** What {@link useAppActivity} reports: whether the user sees the app, and whether to stay connected. */
export interface AppActivity {
  /** The app is in the foreground ("active"): the user can see the screen. */
  foreground: boolean;
  /**
   * Foreground, or in the background for less than the grace period. A quick trip to
   * another app keeps the socket (no reconnect, no resync); a long one closes it, so a
   * backgrounded phone neither holds a connection open nor retries one in a loop.
   */
  keepAlive: boolean;
}

/** Anything but "active" counts as away; a state not known yet (startup) as foreground. */
function isForeground(state: unknown): boolean {
  return typeof state !== "string" || state === "active" || state === "unknown";
}

/**
 * Follows the app's state. iOS goes active → inactive → background and back; Android
 * active ⇄ background. The grace timer starts at the first state that is not "active".
 * While iOS suspends the app its timers stop too; the socket is then dropped by the OS and
 * `keepAlive` turns false on the next event, so returning reconnects exactly once.
 *
 * @param appState - React Native's `AppState` (a fake in tests).
 * @param graceMs - How long the app may stay in the background with `keepAlive` still true.
 * @returns Whether the app is in the foreground, and whether to keep the socket.
 *
 * @example
 * ```tsx
 * const { foreground, keepAlive } = useAppActivity();
 * useEffect(() => {
 *   if (!keepAlive) return;
 *   client.connect();
 *   return () => client.disconnect();
 * }, [keepAlive]);
 * ```
 */
export function useAppActivity(appState: AppStateLike = AppState, graceMs = 15_000): AppActivity {
  const [foreground, setForeground] = useState(() => isForeground(appState.currentState));
  const [keepAlive, setKeepAlive] = useState(foreground);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let awaySince: number | null = null;
    const stopTimer = () => {
      if (timer) clearTimeout(timer);
      timer = null;
    };
    const onChange = (state: string) => {
      if (isForeground(state)) {
        stopTimer();
        awaySince = null;
        setForeground(true);
        setKeepAlive(true);
        return;
      }
      setForeground(false);
      if (awaySince !== null) {
        // A second "away" event (inactive, then background): check the clock, because
        // a suspended app's timer may not have fired.
        if (Date.now() - awaySince >= graceMs) setKeepAlive(false);
        return;
      }
      awaySince = Date.now();
      timer = setTimeout(() => setKeepAlive(false), graceMs);
    };
    const sub = appState.addEventListener("change", onChange);
    // The state may have changed between the first render and this subscription.
    if (!isForeground(appState.currentState)) onChange(String(appState.currentState));
    return () => {
      stopTimer();
      sub.remove();
    };
  }, [appState, graceMs]);

  return { foreground, keepAlive };
}
