import type { ChatMessage } from "@switchboard/client";
import type { Role } from "@switchboard/protocol";
import {
  memo,
  useCallback,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from "react";
import { useChatClient } from "../ChatProvider.tsx";
import { useMarkRead } from "../hooks/useMarkRead.ts";
import { useMessages } from "../hooks/useMessages.ts";
import { useTranslator } from "../hooks/useTranslator.ts";
import type { Translator } from "../i18n/index.ts";
import { announcementOf } from "../lib/announce.ts";
import { dayKey, formatDay } from "../lib/format.ts";
import { ChevronDownIcon } from "./Icons.tsx";
import { MessageBubble } from "./MessageBubble.tsx";
import { messageKey } from "./messageKey.ts";
import { useVirtualChat } from "./useVirtualChat.ts";

/** Messages closer than this from one sender form one visual group. */
const GROUP_MS = 5 * 60_000;

/** Props of {@link MessageList}. */
export interface MessageListProps {
  /** A joined room. */
  roomId: string;
  /** Who reads: their messages are "own" (`customer` in the widget, `admin` in an inbox). */
  viewerRole: Role;
  /** How the other side is named: "Support" in the widget, the customer in the inbox. */
  otherName: string;
  /**
   * The reader's user id. With it, "own" is the reader's own messages (a teammate's are drawn
   * as theirs, named by `nameOf`); without it, every message of the reader's role is own.
   */
  viewerId?: string;
  /**
   * The name of a message's sender (a teammate, or an agent in the widget); default the
   * name the message carries (`senderName`, an agent's token name), else `otherName`. An agent it names is also named above each run of their messages; every
   * agent's avatar is on a colour of their own, from their id, and a teammate's bubbles are
   * tinted apart from the reader's own (with `viewerId`).
   */
  nameOf?: (message: ChatMessage) => string | undefined;
  /** Whether the reader can see the list (e.g. the widget is open): read receipts wait for it. Default true. */
  active?: boolean;
  /** Shown when the room has no messages yet. */
  empty?: ReactNode;
  /** Shown below the last message, e.g. uploads and a typing indicator. */
  footer?: ReactNode;
}

function LogTop(props: { loading: boolean; hasMore: boolean; count: number; onLoad(): void }) {
  const t = useTranslator();
  if (props.loading) {
    return <span className="sb-spinner" role="status" aria-label={t("log.loadingEarlier")} />;
  }
  // Scrolling up loads earlier messages by itself; the button is for keyboards and clarity.
  if (props.hasMore) {
    return (
      <button type="button" className="sb-btn sb-btn--ghost sb-btn--small" onClick={props.onLoad}>
        {t("log.loadEarlier")}
      </button>
    );
  }
  return props.count > 0 ? <span className="sb-log__start">{t("log.start")}</span> : null;
}

const startsGroup = (m: ChatMessage, prev: ChatMessage | undefined) =>
  !prev ||
  prev.senderId !== m.senderId ||
  prev.kind !== m.kind ||
  dayKey(prev.createdAt) !== dayKey(m.createdAt) ||
  Date.parse(m.createdAt) - Date.parse(prev.createdAt) > GROUP_MS;

interface RowProps {
  index: number;
  start: number;
  setSize: number;
  message: ChatMessage;
  own: boolean;
  first: boolean;
  last: boolean;
  senderName: string;
  teammate: boolean;
  showName: boolean;
  latestOwn: boolean;
  onRetry(clientMessageId: string): void;
  viewerRole: Role;
  measure(el: Element | null): void;
}

/** A row of the virtual list: a day's separator or a message. */
type LogRow =
  { kind: "day"; key: string; label: string } | { kind: "message"; key: string; index: number };

/** The log's rows: each day opens with its separator (keyed by the day: it moves up,
 * unchanged, when older messages of that day are prepended). */
function toRows(messages: readonly ChatMessage[], t: Translator): LogRow[] {
  const rows: LogRow[] = [];
  messages.forEach((m, index) => {
    const prev = messages[index - 1];
    if (!prev || dayKey(prev.createdAt) !== dayKey(m.createdAt)) {
      rows.push({
        kind: "day",
        key: `day:${dayKey(m.createdAt)}`,
        label: formatDay(m.createdAt, undefined, t),
      });
    }
    rows.push({ kind: "message", key: messageKey(m), index });
  });
  return rows;
}

/**
 * One virtual row, the list item itself (the `<ol>` holds only `<li>`s), which the
 * virtualizer measures and positions. The rows are in the DOM in reading order, so a screen
 * reader reads days and messages top to bottom. Once the whole conversation is loaded,
 * `aria-posinset` / `aria-setsize` say where a row sits in it, also when only a window of
 * rows is in the DOM (while older messages remain on the server, neither is known: 0, left out).
 */
function Slot(props: {
  index: number;
  start: number;
  setSize: number;
  measure(el: Element | null): void;
  children: ReactNode;
}) {
  const { index, start, setSize, measure, children } = props;
  return (
    <li
      className="sb-vrow"
      data-index={index}
      aria-posinset={setSize > 0 ? index + 1 : undefined}
      aria-setsize={setSize > 0 ? setSize : undefined}
      ref={measure}
      style={{ transform: `translateY(${start}px)` }}
    >
      {children}
    </li>
  );
}

const DayRow = memo(function DayRow(props: {
  index: number;
  start: number;
  setSize: number;
  label: string;
  measure(el: Element | null): void;
}) {
  return (
    <Slot index={props.index} start={props.start} setSize={props.setSize} measure={props.measure}>
      <div className="sb-day">
        <span>{props.label}</span>
      </div>
    </Slot>
  );
});

const MessageRow = memo(function MessageRow(props: RowProps) {
  const { index, start, setSize, measure, ...bubble } = props;
  return (
    <Slot index={index} start={start} setSize={setSize} measure={measure}>
      <MessageBubble {...bubble} as="div" />
    </Slot>
  );
});

/**
 * Says other people's new messages out loud (the other side's, and a teammate's in an inbox),
 * as {@link announcementOf} words them. It ignores history (what was there on the first
 * render and anything prepended later) and the reader's own messages.
 */
function useAnnouncement(
  messages: readonly ChatMessage[],
  isOwn: (m: ChatMessage) => boolean,
  nameOf: (m: ChatMessage) => string,
  t: Translator,
  viewer: Role,
) {
  const last = messages.at(-1);
  const [text, setText] = useState("");
  const [seen, setSeen] = useState(last?.createdAt ?? null);
  // Derived during render (React's "storing information from previous renders").
  if (last && last.createdAt !== seen) {
    setSeen(last.createdAt);
    if (seen !== null && last.createdAt > seen && !isOwn(last)) {
      setText(announcementOf(last, nameOf(last), t, viewer));
    }
  }
  return text;
}

/**
 * A room's conversation log, virtualised (only the rows near the viewport are in the DOM
 * once it is long): day separators, grouped bubbles, attachments, delivery status. It
 * sticks to the bottom while the reader is there, keeps their place when older messages
 * load (scrolling up, or "Load earlier messages"), counts what arrived while they were
 * scrolled up ("2 new messages"), marks the room read when its end is on screen, and
 * reads other people's new messages out in a polite live region ("Acme Support: Hello",
 * "Acme Support sent an image"). A focusable region labelled "Messages".
 *
 * @example
 * ```tsx
 * <MessageList roomId={roomId} viewerRole="admin" otherName={customerName}
 *   footer={typing.isTyping ? <TypingIndicator who={customerName} /> : null} />
 * ```
 */
export function MessageList(props: MessageListProps) {
  const { roomId, viewerRole, otherName, active = true } = props;
  const client = useChatClient();
  const { messages, hasMoreBefore: hasMore, loadOlder } = useMessages(roomId);
  const onRetry = useCallback((id: string) => client.retry(id), [client]);
  const t = useTranslator();
  const rows = useMemo(() => toRows(messages, t), [messages, t]);
  const listRef = useRef<HTMLOListElement>(null);
  const [scrollMargin, setScrollMargin] = useState(0);
  // Only the rows near the viewport are in the DOM (see useVirtualChat).
  const {
    ref,
    virtualizer,
    onScroll,
    atBottom,
    unseen,
    loadingOlder,
    scrollToBottom,
    loadEarlier,
  } = useVirtualChat({ messages, rows, hasMore, viewerRole, loadOlder, scrollMargin });

  // Where the list starts inside the scroller (below "Load earlier messages", and lower
  // while a short log sits at the bottom). Measured after every render, set only when it
  // moved, so no render follows a render that changed nothing.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- no dependency list on purpose
  useLayoutEffect(() => {
    const top = listRef.current?.offsetTop ?? 0;
    if (top !== scrollMargin) setScrollMargin(top);
  });
  const items = virtualizer.getVirtualItems();
  const setSize = hasMore ? 0 : rows.length;

  useMarkRead(client, roomId, messages, viewerRole, { active, atBottom });
  const { viewerId, nameOf } = props;
  // A message not stored yet is the reader's own (its sender may not be known yet).
  const isOwn = (m: ChatMessage) =>
    m.senderRole === viewerRole &&
    (viewerId === undefined || m.senderId === viewerId || m.localStatus !== "stored");
  const lastOwn = messages.findLast(isOwn);
  // An agent's name: from `nameOf` (the directory), else the name the message carries.
  const named = (m: ChatMessage) => nameOf?.(m) ?? m.senderName;
  const senderName = (m: ChatMessage) => named(m) ?? otherName;
  const announcement = useAnnouncement(messages, isOwn, senderName, t, viewerRole);

  return (
    <div className="sb-log">
      <div
        ref={ref}
        className="sb-log__scroller"
        onScroll={onScroll}
        tabIndex={0}
        role="region"
        aria-label={t("log.label")}
      >
        <div className="sb-log__content">
          <div className="sb-log__top">
            <LogTop
              loading={loadingOlder}
              hasMore={hasMore}
              count={messages.length}
              onLoad={loadEarlier}
            />
          </div>
          {messages.length === 0 ? props.empty : null}
          <ol ref={listRef} className="sb-log__list" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((item) => {
              const row = rows[item.index]!;
              const start = item.start - scrollMargin;
              if (row.kind === "day") {
                return (
                  <DayRow
                    key={item.key}
                    index={item.index}
                    start={start}
                    setSize={setSize}
                    label={row.label}
                    measure={virtualizer.measureElement}
                  />
                );
              }
              const i = row.index;
              const m = messages[i]!;
              const prev = messages[i - 1];
              const next = messages[i + 1];
              const own = isOwn(m);
              const first = startsGroup(m, prev);
              return (
                <MessageRow
                  key={item.key}
                  index={item.index}
                  start={start}
                  setSize={setSize}
                  message={m}
                  own={own}
                  first={first}
                  last={!next || startsGroup(next, m)}
                  senderName={senderName(m)}
                  // Another agent than the reader, in an inbox (own messages have a viewerId).
                  teammate={!own && viewerId !== undefined && m.senderRole === viewerRole}
                  // An agent's name, where the page knows it, over each run of their messages.
                  showName={!own && first && m.senderRole === "admin" && named(m) !== undefined}
                  latestOwn={m === lastOwn}
                  onRetry={onRetry}
                  viewerRole={viewerRole}
                  measure={virtualizer.measureElement}
                />
              );
            })}
          </ol>
          {props.footer}
        </div>
      </div>
      {unseen > 0 && !atBottom ? (
        <button type="button" className="sb-pill" onClick={() => scrollToBottom(true)}>
          {t.plural("log.newMessages", unseen)}
          <ChevronDownIcon className="sb-icon sb-icon--sm" />
        </button>
      ) : null}
      <div className="sb-sr-only" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>
    </div>
  );
}
