import type { ChatMessage } from "@switchboard/client";
import type { Role } from "@switchboard/protocol";
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";

/** Within this many pixels of the end the list counts as "at the bottom". */
const BOTTOM_SLACK = 48;
/** Older messages start loading this far before the top is reached. */
const TOP_PRELOAD = 160;

export const messageKey = (m: ChatMessage) => `${m.senderId}:${m.clientMessageId || m.id}`;

interface Options {
  messages: ChatMessage[];
  hasMore: boolean;
  viewerRole: Role;
  loadOlder(): Promise<unknown>;
}

const prefersReducedMotion = () => matchMedia("(prefers-reduced-motion: reduce)").matches;

/**
 * The scroll behaviour of a chat log: sticks to the bottom while the reader is there,
 * keeps the reader's place when older messages are prepended, loads older messages near
 * the top, and counts messages that arrived while the reader was scrolled up.
 */
export function useStickyScroll({ messages, hasMore, viewerRole, loadOlder }: Options) {
  const ref = useRef<HTMLDivElement>(null);
  const atBottomRef = useRef(true);
  const [atBottom, setAtBottom] = useState(true);
  const [unseen, setUnseen] = useState(0);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const snapshot = useRef<{ first?: string; last?: string; height: number }>({ height: 0 });
  const latest = useRef({ hasMore, loadOlder, loading: false });
  useEffect(() => {
    latest.current.hasMore = hasMore;
    latest.current.loadOlder = loadOlder;
  });

  const scrollToBottom = useCallback((smooth = false) => {
    const el = ref.current;
    if (!el) return;
    const behavior = smooth && !prefersReducedMotion() ? "smooth" : "instant";
    el.scrollTo({ top: el.scrollHeight, behavior });
    setUnseen(0);
  }, []);

  /** Loads the page before the oldest message (`force`: wherever the reader is). */
  const maybeLoadOlder = useCallback((force = false) => {
    const el = ref.current;
    const state = latest.current;
    if (!el || state.loading || !state.hasMore || (!force && el.scrollTop > TOP_PRELOAD)) return;
    state.loading = true;
    setLoadingOlder(true);
    state
      .loadOlder()
      .catch((e: unknown) => console.warn("Switchboard: loading older messages failed", e))
      .finally(() => {
        state.loading = false;
        setLoadingOlder(false);
      });
  }, []);

  const onScroll = useCallback(() => {
    const el = ref.current;
    if (!el) return;
    const bottom = el.scrollHeight - el.scrollTop - el.clientHeight < BOTTOM_SLACK;
    if (bottom !== atBottomRef.current) {
      atBottomRef.current = bottom;
      setAtBottom(bottom);
    }
    if (bottom) setUnseen(0);
    maybeLoadOlder();
  }, [maybeLoadOlder]);

  // Runs after React wrote the new rows, before paint, so no jump is ever visible.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const prev = snapshot.current;
    const first = messages[0];
    const last = messages.at(-1);
    const firstKey = first && messageKey(first);
    const lastKey = last && messageKey(last);
    const prepended =
      prev.first !== undefined &&
      firstKey !== prev.first &&
      messages.some((m, i) => i > 0 && messageKey(m) === prev.first);
    if (prepended) {
      el.scrollTop += el.scrollHeight - prev.height;
    } else if (prev.last === undefined) {
      el.scrollTop = el.scrollHeight;
    }
    if (last && lastKey !== prev.last && prev.last !== undefined) {
      const mine = last.senderRole === viewerRole;
      // The reader's own new message always brings them down to it.
      if (atBottomRef.current || mine) el.scrollTop = el.scrollHeight;
      else setUnseen((n) => n + 1);
    }
    snapshot.current = { first: firstKey, last: lastKey, height: el.scrollHeight };
  }, [messages, viewerRole]);

  // The composer growing or the window resizing must not lift the last message out of view.
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(() => {
      if (atBottomRef.current) el.scrollTop = el.scrollHeight;
      snapshot.current.height = el.scrollHeight;
    });
    observer.observe(el);
    if (el.firstElementChild) observer.observe(el.firstElementChild);
    return () => observer.disconnect();
  }, []);

  // After every page: still near the top (a page shorter than the viewport, or the reader
  // kept scrolling up)? Keep loading; a short log cannot be scrolled to trigger it.
  useEffect(() => {
    if (!loadingOlder) maybeLoadOlder();
  }, [hasMore, messages.length, loadingOlder, maybeLoadOlder]);

  const loadEarlier = useCallback(() => maybeLoadOlder(true), [maybeLoadOlder]);

  return { ref, onScroll, atBottom, unseen, loadingOlder, scrollToBottom, loadEarlier };
}
