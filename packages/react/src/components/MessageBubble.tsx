import type { ChatMessage } from "@switchboard/client";
import type { Role } from "@switchboard/protocol";
import { memo, type CSSProperties } from "react";
import { useTranslator } from "../hooks/useTranslator.ts";
import { activityText, type MessageKey } from "../i18n/index.ts";
import { avatarColor } from "../lib/avatar.ts";
import { formatFull, formatTime, initials } from "../lib/format.ts";
import { Attachments } from "./Attachments.tsx";
import { AlertIcon, ClockIcon, TicksIcon } from "./Icons.tsx";
import { MessageText } from "./MessageText.tsx";

/** Props of {@link MessageBubble}. */
export interface MessageBubbleProps {
  /** The message to draw (stored, pending or failed). */
  message: ChatMessage;
  /** The reader's own message (right-aligned, with its delivery status). */
  own: boolean;
  /** First of a run of messages from the same sender: shapes corners and spacing. */
  first: boolean;
  /** Last of a run of messages from the same sender: it shows the time (and the avatar). */
  last: boolean;
  /** Who sent it, for the avatar, the name above the bubble and the screen-reader label. */
  senderName: string;
  /**
   * Written by someone on the reader's side who is not the reader (a teammate's message in an
   * inbox): drawn on the left like the other side's, in a bubble of its own tint.
   */
  teammate?: boolean;
  /** Shows `senderName` above the bubble (the first of a run of an agent's messages). */
  showName?: boolean;
  /** The reader's most recent message: its status is spelled out, not just ticked. */
  latestOwn: boolean;
  /** Retry of a failed message (`client.retry`). */
  onRetry(clientMessageId: string): void;
  /**
   * The element it is: `"li"` (the default) for a list of your own; `"div"` where the list
   * item is a wrapper around it (as in {@link MessageList}, whose virtual rows are the `<li>`s).
   */
  as?: "li" | "div";
  /**
   * Who reads it, for activity lines in the reader's words ("You closed the chat" to the
   * customer). Default `"admin"`.
   */
  viewerRole?: Role;
}

const FAILURE: ReadonlySet<string> = new Set([
  "RATE_LIMITED",
  "TOO_LARGE",
  "ROOM_CLOSED",
  "FORBIDDEN",
  "VALIDATION",
]);

/** The words of a failed message's error code. */
const failure = (code: string | undefined): MessageKey =>
  code && FAILURE.has(code) ? (`message.failed.${code}` as MessageKey) : "message.failed";

function Status({ message, spelled }: { message: ChatMessage; spelled: boolean }) {
  const t = useTranslator();
  if (message.localStatus === "pending") {
    return (
      <span className="sb-meta__status">
        <ClockIcon className="sb-icon sb-icon--sm" /> {t("message.sending")}
      </span>
    );
  }
  const { status } = message;
  const label = t(`message.status.${status}`);
  return (
    <span className={`sb-meta__status sb-meta__status--${status}`} title={label}>
      <TicksIcon double={status !== "sent"} className="sb-icon sb-ticks" />
      <span className={spelled && status !== "sent" ? undefined : "sb-sr-only"}>{label}</span>
    </span>
  );
}

/**
 * An activity (contract v2: assigned, transferred, closed, rated): a sentence in the reader's
 * language ({@link activityText}), centred and muted, not a bubble; both sides see it.
 */
function ActivityLine(props: { message: ChatMessage; as: "li" | "div"; viewer: Role }) {
  const { message, as: Tag } = props;
  const t = useTranslator();
  return (
    <Tag className="sb-activity">
      <span>
        {activityText(message, t, props.viewer)}
        <span aria-hidden="true"> · </span>
        <time dateTime={message.createdAt} title={formatFull(message.createdAt, t.intl)}>
          {formatTime(message.createdAt, t.intl)}
        </time>
      </span>
    </Tag>
  );
}

/**
 * The sender's initials beside the last bubble of a run (an empty placeholder beside the
 * others, keeping the bubbles aligned). An agent's on a colour of their own, from their id,
 * so that two agents are told apart in the widget and teammates on the dashboard; the
 * customer's in the accent's tint.
 */
function SenderAvatar(props: { message: ChatMessage; name: string; shown: boolean }) {
  const { message, name, shown } = props;
  const agent = message.senderRole === "admin";
  return (
    <span
      className={agent ? "sb-avatar sb-avatar--agent" : "sb-avatar"}
      style={
        agent ? ({ "--sb-avatar-bg": avatarColor(message.senderId) } as CSSProperties) : undefined
      }
      aria-hidden="true"
    >
      {shown ? initials(name) : null}
    </span>
  );
}

function BubbleImpl(props: MessageBubbleProps) {
  const { message, own, first, last, senderName, latestOwn, onRetry, as: Tag = "li" } = props;
  const { teammate = false, showName = false } = props;
  const t = useTranslator();
  if (message.kind === "activity")
    return <ActivityLine message={message} as={Tag} viewer={props.viewerRole ?? "admin"} />;
  const note = message.kind === "note";
  const failed = message.localStatus === "failed";
  const showMeta = last || latestOwn || message.localStatus !== "stored";
  const classes = [
    "sb-row",
    own ? "sb-row--own" : "sb-row--other",
    first ? "sb-row--first" : "",
    last ? "sb-row--last" : "",
    failed ? "sb-row--failed" : "",
    message.localStatus === "pending" ? "sb-row--pending" : "",
    note ? "sb-row--note" : "",
    teammate && !own ? "sb-row--team" : "",
  ];
  return (
    <Tag className={classes.filter(Boolean).join(" ")}>
      {!own ? <SenderAvatar message={message} name={senderName} shown={last} /> : null}
      <div className="sb-row__body">
        <span className="sb-sr-only">
          {own ? t("message.you") : senderName}{" "}
          {t(note ? "message.noted" : message.content ? "message.said" : "message.sentFiles")}
        </span>
        {showName && !own ? (
          <span className="sb-sender" aria-hidden="true">
            {senderName}
          </span>
        ) : null}
        {note ? (
          <span className="sb-note-label" aria-hidden="true">
            {t("message.noteLabel")}
          </span>
        ) : null}
        {message.content ? (
          <div className="sb-bubble">
            <MessageText text={message.content} />
          </div>
        ) : null}
        {message.attachments.length > 0 ? <Attachments items={message.attachments} /> : null}
        {failed ? (
          <div className="sb-meta sb-meta--failed">
            <AlertIcon className="sb-icon sb-icon--sm" />
            <span>{t(failure(message.error?.code))}</span>
            <button
              type="button"
              className="sb-linkbtn"
              onClick={() => onRetry(message.clientMessageId)}
            >
              {t("message.retry")}
            </button>
          </div>
        ) : showMeta ? (
          <div className="sb-meta">
            <time dateTime={message.createdAt} title={formatFull(message.createdAt, t.intl)}>
              {formatTime(message.createdAt, t.intl)}
            </time>
            {/* A note takes no receipts: no ticks (pending and failed still show). */}
            {own && !(note && message.localStatus === "stored") ? (
              <Status message={message} spelled={latestOwn} />
            ) : null}
          </div>
        ) : null}
      </div>
    </Tag>
  );
}

/**
 * One message of the log (an `<li>`, or a `<div>` with `as="div"`): the bubble, its
 * attachments, and its time and status (or why it failed, with Retry). Content is text, its
 * web addresses links (`http(s)://` and `www.`, opening in a new tab): never parsed as HTML.
 * Memoised: it renders again only when its props change.
 *
 * @example
 * ```tsx
 * <ol>
 *   {messages.map((m, i) => (
 *     <MessageBubble key={m.clientMessageId} message={m} own={m.senderRole === "customer"}
 *       first={i === 0} last={i === messages.length - 1} senderName="Support"
 *       latestOwn={false} onRetry={(id) => client.retry(id)} />
 *   ))}
 * </ol>
 * ```
 */
export const MessageBubble = memo(BubbleImpl);
