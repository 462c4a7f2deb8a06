import { useSyncExternalStore } from "react";

// One timer for the whole page: relative times ("4m") are re-rendered once a minute, and
// React only touches the rows whose text actually changed.
let minute = Math.floor(Date.now() / 60_000);
const listeners = new Set<() => void>();
let timer = 0;

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (listeners.size === 1) {
    timer = window.setInterval(() => {
      const now = Math.floor(Date.now() / 60_000);
      if (now === minute) return;
      minute = now;
      listeners.forEach((l) => l());
    }, 5_000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) window.clearInterval(timer);
  };
}

/** The current minute (ms since the epoch, floored), updated as it changes. */
export function useMinute(): number {
  return useSyncExternalStore(
    subscribe,
    () => minute * 60_000,
    () => minute * 60_000,
  );
}
