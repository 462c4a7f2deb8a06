import { useSyncExternalStore } from "react";

/** A tiny observable flag, e.g. "the server refused the token", readable from React. */
export function createFlag() {
  let value = false;
  const listeners = new Set<() => void>();
  return {
    raise() {
      value = true;
      listeners.forEach((l) => l());
    },
    get: () => value,
    subscribe(l: () => void) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}
export type Flag = ReturnType<typeof createFlag>;

export function useFlag(flag: Flag): boolean {
  return useSyncExternalStore(flag.subscribe, flag.get, flag.get);
}
