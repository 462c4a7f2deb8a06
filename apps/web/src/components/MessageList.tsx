import type { ChatClient, ChatMessage } from "@switchboard/client";
import type { Role } from "@switchboard/protocol";
import { Fragment, useCallback, useEffect, useState, type ReactNode } from "react";
import { EMPTY, markRead, useChatState } from "../lib/client.ts";
import { dayKey, formatDay } from "../lib/format.ts";
import "../styles/messages.css";
import { ChevronDownIcon } from "./Icons.tsx";
import { MessageBubble } from "./MessageBubble.tsx";
import { messageKey, useStickyScroll } from "./useStickyScroll.ts";

/** Messages closer than this from one sender form one visual group. */
const GROUP_MS = 5 * 60_000;

export interface MessageListProps {
  client: ChatClient;
  roomId: string;
  viewerRole: Role;
  /** How the other side is named: "Support" in the widget, the customer in the inbox. */
  otherName: string;
  /** Whether the reader can see the list (the widget is open, the tab is visible). */
  active: boolean;
  /** Shown when the room has no messages yet. */
  empty?: ReactNode;
  /** Shown below the last message, e.g. uploads and a typing indicator. */
  footer?: ReactNode;
}

function LogTop(props: { loading: boolean; hasMore: boolean; count: number; onLoad(): void }) {
  if (props.loading) {
    return <span className="sb-spinner" role="status" aria-label="Loading earlier messages" />;
  }
  // Scrolling up loads earlier messages by itself; the button is for keyboards and clarity.
  if (props.hasMore) {
    return (
      <button type="button" className="sb-btn sb-btn--ghost sb-btn--small" onClick={props.onLoad}>
        Load earlier messages
      </button>
    );
  }
  return props.count > 0 ? <span className="sb-log__start">Start of conversation</span> : null;
}

const startsGroup = (m: ChatMessage, prev: ChatMessage | undefined) =>
  !prev ||
  prev.senderId !== m.senderId ||
  dayKey(prev.createdAt) !== dayKey(m.createdAt) ||
  Date.parse(m.createdAt) - Date.parse(prev.createdAt) > GROUP_MS;

/**
 * Says the other side's new messages out loud. It ignores history (what was there on the
 * first render and anything prepended later) and the reader's own messages.
 */
function useAnnouncement(messages: ChatMessage[], viewerRole: Role, otherName: string) {
  const last = messages.at(-1);
  const [text, setText] = useState("");
  const [seen, setSeen] = useState(last?.createdAt ?? null);
  // Derived during render (React's "storing information from previous renders").
  if (last && last.createdAt !== seen) {
    setSeen(last.createdAt);
    if (seen !== null && last.createdAt > seen && last.senderRole !== viewerRole) {
      setText(`${otherName}: ${last.content}`);
    }
  }
  return text;
}

export function MessageList(props: MessageListProps) {
  const { client, roomId, viewerRole, otherName, active } = props;
  const messages = useChatState(client, (s) => s.messagesByRoom[roomId] ?? EMPTY);
  const hasMore = useChatState(client, (s) => s.hasMoreBefore[roomId] ?? false);
  const loadOlder = useCallback(() => client.loadOlder(roomId), [client, roomId]);
  const onRetry = useCallback((id: string) => client.retry(id), [client]);
  const { ref, onScroll, atBottom, unseen, loadingOlder, scrollToBottom, loadEarlier } =
    useStickyScroll({
      messages,
      hasMore,
      viewerRole,
      loadOlder,
    });
  const announcement = useAnnouncement(messages, viewerRole, otherName);

  // Read receipts only for what the reader can actually see: the end of the log, on screen.
  const lastOther = messages.findLast((m) => m.senderRole !== viewerRole);
  const lastOwn = messages.findLast((m) => m.senderRole === viewerRole);
  const needsRead = lastOther !== undefined && lastOther.status !== "read";
  const [visible, setVisible] = useState(() => document.visibilityState === "visible");
  useEffect(() => {
    const update = () => setVisible(document.visibilityState === "visible");
    document.addEventListener("visibilitychange", update);
    return () => document.removeEventListener("visibilitychange", update);
  }, []);
  useEffect(() => {
    if (active && visible && atBottom && needsRead) markRead(client, roomId);
  }, [active, visible, atBottom, needsRead, client, roomId, lastOther?.id]);

  return (
    <div className="sb-log">
      <div
        ref={ref}
        className="sb-log__scroller"
        onScroll={onScroll}
        tabIndex={0}
        role="region"
        aria-label="Messages"
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
          <ol className="sb-log__list">
            {messages.map((m, i) => {
              const prev = messages[i - 1];
              const next = messages[i + 1];
              const newDay = !prev || dayKey(prev.createdAt) !== dayKey(m.createdAt);
              return (
                <Fragment key={messageKey(m)}>
                  {newDay ? (
                    <li className="sb-day">
                      <span>{formatDay(m.createdAt)}</span>
                    </li>
                  ) : null}
                  <MessageBubble
                    client={client}
                    message={m}
                    own={m.senderRole === viewerRole}
                    first={startsGroup(m, prev)}
                    last={!next || startsGroup(next, m)}
                    senderName={otherName}
                    latestOwn={m === lastOwn}
                    onRetry={onRetry}
                  />
                </Fragment>
              );
            })}
          </ol>
          {props.footer}
        </div>
      </div>
      {unseen > 0 && !atBottom ? (
        <button type="button" className="sb-pill" onClick={() => scrollToBottom(true)}>
          {unseen === 1 ? "1 new message" : `${unseen} new messages`}
          <ChevronDownIcon className="sb-icon sb-icon--sm" />
        </button>
      ) : null}
      <div className="sb-sr-only" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>
    </div>
  );
}
