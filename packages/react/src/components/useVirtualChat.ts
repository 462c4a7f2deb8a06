import type { ChatMessage } from "@switchboard/client";
import type { Role } from "@switchboard/protocol";
import { defaultRangeExtractor, useVirtualizer, type Range } from "@tanstack/react-virtual";
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { messageKey } from "./messageKey.ts";

/** Within this many pixels of the end the list counts as "at the bottom". */
const BOTTOM_SLACK = 48;
/** Older messages start loading this far before the top is reached. */
const TOP_PRELOAD = 160;
/** A first guess at a row's height, before it is measured. */
const ESTIMATED_ROW = 64;
/**
 * Logs up to this long are rendered whole (a page or two of history: cheap, and the
 * browser's find-in-page and selection see all of it); longer ones only near the viewport.
 */
const RENDER_ALL_UP_TO = 120;

interface Options {
  messages: readonly ChatMessage[];
  /** The virtual list's rows (days and messages), by key. */
  rows: readonly { key: string }[];
  hasMore: boolean;
  viewerRole: Role;
  loadOlder(): Promise<unknown>;
  /** Where the list starts inside the scroller. */
  scrollMargin: number;
}

const extractRange = (range: Range) =>
  range.count <= RENDER_ALL_UP_TO
    ? Array.from({ length: range.count }, (_, i) => i)
    : defaultRangeExtractor(range);

const prefersReducedMotion = () => matchMedia("(prefers-reduced-motion: reduce)").matches;

/**
 * The scroll behaviour of a virtualised chat log (only the rows near the viewport are in
 * the DOM): sticks to the bottom while the reader is there, keeps the reader's place when
 * older messages are prepended (the virtualizer anchors on the row in view, by key), loads
 * older messages near the top, and counts messages that arrived while the reader was
 * scrolled up. Every scroll write goes through the virtualizer, which owns the position.
 */
export function useVirtualChat({
  messages,
  rows,
  hasMore,
  viewerRole,
  loadOlder,
  scrollMargin,
}: Options) {
  const ref = useRef<HTMLDivElement>(null);
  const atBottomRef = useRef(true);
  const [atBottom, setAtBottom] = useState(true);
  const [unseen, setUnseen] = useState(0);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const snapshot = useRef<{ first?: string; last?: string }>({});
  /** The row at the top of the viewport and how far into it the reader is. */
  const anchor = useRef<{ key: string; into: number } | null>(null);
  /**
   * Set when older messages were prepended: the reader's row, held where it was while the
   * new rows above it are measured (their estimated heights become real ones), until the
   * reader scrolls. `target` is the offset it was last held at.
   */
  const hold = useRef<{ key: string; into: number; target: number } | null>(null);
  const latest = useRef({ hasMore, loadOlder, loading: false });
  useEffect(() => {
    latest.current.hasMore = hasMore;
    latest.current.loadOlder = loadOlder;
  });

  const getItemKey = useCallback((i: number) => rows[i]!.key, [rows]);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => ref.current,
    estimateSize: () => ESTIMATED_ROW,
    getItemKey,
    overscan: 6,
    rangeExtractor: extractRange,
    scrollMargin,
  });

  // A row above the viewport changing height moves the scroll position with it, so what
  // the reader looks at stays put; while a row is held, the hold does that instead.
  useLayoutEffect(() => {
    virtualizer.shouldAdjustScrollPositionOnItemSizeChange = (item, _delta, instance) =>
      hold.current === null && item.start < (instance.scrollOffset ?? 0);
  }, [virtualizer]);

  /** Where a row starts in the scroller, by the virtualizer's latest measurements. */
  const startOf = useCallback(
    (key: string) => {
      const index = rows.findIndex((r) => r.key === key);
      if (index < 0) return undefined;
      virtualizer.getTotalSize(); // brings the measurements up to date
      return virtualizer.measurementsCache[index]?.start;
    },
    [rows, virtualizer],
  );

  const scrollToBottom = useCallback(
    (smooth = false) => {
      const behavior = smooth && !prefersReducedMotion() ? "smooth" : "auto";
      hold.current = null;
      virtualizer.scrollToEnd({ behavior });
      setUnseen(0);
    },
    [virtualizer],
  );

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
    // The reader moved away from the held row: their own position counts from now on.
    if (hold.current && Math.abs(el.scrollTop - hold.current.target) > 2) hold.current = null;
    if (!hold.current) {
      // Anchored on a message, not a day separator (those move when history is prepended).
      let item = virtualizer.getVirtualItemForOffset(el.scrollTop);
      if (item && String(item.key).startsWith("day:")) {
        item = virtualizer.measurementsCache[item.index + 1];
      }
      anchor.current = item ? { key: String(item.key), into: el.scrollTop - item.start } : null;
    }
    maybeLoadOlder();
  }, [maybeLoadOlder, virtualizer]);

  useLayoutEffect(() => {
    const prev = snapshot.current;
    const last = messages.at(-1);
    const lastKey = last && messageKey(last);
    const firstKey = messages[0] && messageKey(messages[0]);
    const prepended =
      prev.first !== undefined &&
      firstKey !== prev.first &&
      messages.some((m, i) => i > 0 && messageKey(m) === prev.first);
    const held = anchor.current;
    if (prepended && held && !atBottomRef.current) {
      // Older messages above: the row the reader was on stays where it was (see below).
      hold.current = { ...held, target: ref.current?.scrollTop ?? 0 };
    }
    if (last && prev.last === undefined) {
      virtualizer.scrollToEnd();
    } else if (
      last &&
      lastKey !== prev.last &&
      !messages.some((m) => messageKey(m) === prev.last)
    ) {
      // A different log (another room): start at its end.
      virtualizer.scrollToEnd();
    } else if (last && lastKey !== prev.last) {
      const mine = last.senderRole === viewerRole;
      // The reader's own new message always brings them down to it.
      if (atBottomRef.current || mine) virtualizer.scrollToEnd();
      else setUnseen((n) => n + 1);
    }
    snapshot.current = { first: firstKey, last: lastKey };
  }, [messages, rows, viewerRole, virtualizer]);

  // Holds the reader's row in place after every render: the rows prepended above it are
  // placed with an estimated height first and measured later, which re-renders.
  useLayoutEffect(() => {
    const el = ref.current;
    const held = hold.current;
    if (!el || !held) return;
    const start = startOf(held.key);
    if (start === undefined) {
      hold.current = null;
      return;
    }
    held.target = start + held.into;
    if (Math.abs(el.scrollTop - held.target) >= 1) virtualizer.scrollToOffset(held.target);
  });

  // The composer growing, the window resizing or the footer (typing, uploads) changing
  // must not lift the last message out of view.
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(() => {
      if (atBottomRef.current && el.scrollHeight - el.scrollTop - el.clientHeight >= 1) {
        virtualizer.scrollToEnd();
      }
    });
    observer.observe(el);
    if (el.firstElementChild) observer.observe(el.firstElementChild);
    return () => observer.disconnect();
  }, [virtualizer]);

  // After every page: still near the top (a page shorter than the viewport, or the reader
  // kept scrolling up)? Keep loading; a short log cannot be scrolled to trigger it.
  useEffect(() => {
    if (!loadingOlder) maybeLoadOlder();
  }, [hasMore, messages.length, loadingOlder, maybeLoadOlder]);

  const loadEarlier = useCallback(() => maybeLoadOlder(true), [maybeLoadOlder]);

  return {
    ref,
    virtualizer,
    onScroll,
    atBottom,
    unseen,
    loadingOlder,
    scrollToBottom,
    loadEarlier,
  };
}
