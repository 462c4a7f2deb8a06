import type { ChatClient } from "@switchboard/client";
import { ChatError, ErrorCode, type ChatStats } from "@switchboard/protocol";
import { useEffect, useState } from "react";

/** How often the metrics are read while they are on screen. */
export const STATS_POLL_MS = 5_000;
/** Samples of messages/minute kept for the trend line (10 minutes at one per poll). */
const HISTORY = 120;

export interface StatsState {
  stats: ChatStats | null;
  /** When the shown stats arrived (client clock), for "updated Xs ago". */
  receivedAt: number | null;
  /** Messages per minute over the session, oldest first. */
  history: number[];
  /** What went wrong with the last read, for the user; null when it worked. */
  error: string | null;
  /** The server refused for good (not an admin, or no such route): polling stopped. */
  denied: boolean;
}

const initial: StatsState = {
  stats: null,
  receivedAt: null,
  history: [],
  error: null,
  denied: false,
};

function describe(e: unknown): { message: string; fatal: boolean } {
  const code = e instanceof ChatError ? e.code : null;
  if (code === ErrorCode.FORBIDDEN || code === ErrorCode.UNAUTHORIZED) {
    return { message: "Metrics are only available to admins.", fatal: true };
  }
  if (code === ErrorCode.NOT_FOUND) {
    return { message: "This server doesn't report metrics.", fatal: true };
  }
  return { message: "Couldn't refresh the metrics. Trying again shortly.", fatal: false };
}

const visible = () => typeof document === "undefined" || document.visibilityState !== "hidden";

/**
 * The server's live counters (`client.stats()`), read every {@link STATS_POLL_MS} while
 * the component is mounted and the page is visible; read again at once when it shows.
 */
export function useChatStats(client: ChatClient): StatsState {
  const [state, setState] = useState<StatsState>(initial);
  useEffect(() => {
    const read = client.stats.bind(client);
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let inFlight = false;
    const schedule = () => {
      clearTimeout(timer);
      timer = visible() && live ? setTimeout(() => void poll(), STATS_POLL_MS) : undefined;
    };
    const poll = async () => {
      if (!live || inFlight) return;
      inFlight = true;
      try {
        const stats = await read();
        if (!live) return;
        setState((s) => ({
          stats,
          receivedAt: Date.now(),
          history: [...s.history, stats.messagesLastMinute].slice(-HISTORY),
          error: null,
          denied: false,
        }));
        schedule();
      } catch (e) {
        if (!live) return;
        const { message, fatal } = describe(e);
        if (!fatal) console.warn("Switchboard: metrics unavailable", e);
        setState((s) => ({ ...s, error: message, denied: fatal }));
        if (!fatal) schedule();
      } finally {
        inFlight = false;
      }
    };
    const onVisibility = () => {
      if (visible()) void poll();
      else clearTimeout(timer);
    };
    document.addEventListener("visibilitychange", onVisibility);
    if (visible()) void poll();
    return () => {
      live = false;
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [client]);
  return state;
}
