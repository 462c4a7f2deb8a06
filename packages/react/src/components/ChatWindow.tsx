import { teamStatus, transcriptEmailAddress, type ConnectionStatus } from "@switchboard/client";
import type { WidgetConfig } from "@switchboard/protocol";
import type { Ref } from "react";
import { useChatClient } from "../ChatProvider.tsx";
import { useClientState } from "../hooks/useChatState.ts";
import { useConnectionStatus } from "../hooks/useConnectionStatus.ts";
import { useCustomerRoom, type CustomerRoom } from "../hooks/useCustomerRoom.ts";
import { useSend } from "../hooks/useSend.ts";
import { useTranslator } from "../hooks/useTranslator.ts";
import { useTyping } from "../hooks/useTyping.ts";
import { useUploads } from "../hooks/useUploads.ts";
import { useWidgetConfig } from "../hooks/useWidgetConfig.ts";
import { teamStatusLine, type Translator } from "../i18n/index.ts";
import { initials } from "../lib/format.ts";
import { Composer, type ComposerHandle } from "./Composer.tsx";
import { ConnectionBar, statusLabel } from "./ConnectionBar.tsx";
import { ContactPrompt } from "./ContactPrompt.tsx";
import { DropZone, useFilePicker } from "./FileDrop.tsx";
import { CloseIcon } from "./Icons.tsx";
import { MessageList } from "./MessageList.tsx";
import { RatingForm } from "./RatingForm.tsx";
import { TranscriptLinks } from "./TranscriptLinks.tsx";
import { TypingIndicator } from "./TypingIndicator.tsx";
import { UploadBubbles } from "./UploadBubbles.tsx";

/** Props of {@link ChatWindow}. */
export interface ChatWindowProps {
  /** The team's name: the header, the welcome text, "… is typing". Default "Support". */
  team?: string;
  /** The welcome's first line (e.g. widget-config's `greeting`). Default "Hi there 👋". */
  greeting?: string;
  /**
   * The conversation, from {@link useCustomerRoom} (e.g. when the host also needs its room
   * id). Absent: the window joins the visitor's room itself, with `active` and `visitorId`.
   */
  room?: CustomerRoom;
  /** Remembers the visitor's room across visits (e.g. the token's `sub`); only without `room`. */
  visitorId?: string;
  /** The window is open and its page visible: read receipts wait for it. Default true. */
  active?: boolean;
  /** Shows a close button in the header (`keyboard`: closed with a key, not a pointer). */
  onClose?: (keyboard: boolean) => void;
  /** Lets the parent focus the message field (e.g. when a widget opens). */
  inputRef?: Ref<HTMLTextAreaElement | null>;
  /** Lets the parent put text into the message field (see {@link ComposerHandle}). */
  composerRef?: Ref<ComposerHandle | null>;
  /**
   * The team's availability (`useWidgetConfig()`), when the parent reads it already; absent,
   * the window reads it itself. Null: not known (the header then claims nothing about it).
   */
  config?: WidgetConfig | null;
}

/**
 * What the header says under the team's name: the connection while it is not up, else the
 * truth about the team: online with how soon it replies, or away with when it is back.
 */
function availability(t: Translator, status: ConnectionStatus, config: WidgetConfig | null) {
  if (status !== "online") return { line: statusLabel(status, t), dot: status };
  const team = teamStatus(config);
  return { line: teamStatusLine(t, team), dot: team.asksForEmail ? "away" : "online" };
}

interface HeaderProps {
  team: string;
  status: ConnectionStatus;
  config: WidgetConfig | null;
  onClose?: (keyboard: boolean) => void;
}

function Header({ team, status, config, onClose }: HeaderProps) {
  const t = useTranslator();
  const { line, dot } = availability(t, status, config);
  return (
    <header className="sb-header">
      <span className="sb-header__avatar" aria-hidden="true">
        {initials(team)}
      </span>
      <div className="sb-header__text">
        <h1 className="sb-header__title">{team}</h1>
        <p className="sb-header__sub" role="status">
          <span className={`sb-dot sb-dot--${dot}`} aria-hidden="true" />
          {line}
        </p>
      </div>
      {onClose ? (
        <button
          type="button"
          className="sb-iconbtn sb-header__close"
          aria-label={t("header.close")}
          // detail 0: activated with Enter / Space, not a pointer.
          onClick={(event) => onClose(event.detail === 0)}
        >
          <CloseIcon className="sb-icon" />
        </button>
      ) : null}
    </header>
  );
}

function Welcome({ team, greeting }: { team: string; greeting: string | undefined }) {
  const t = useTranslator();
  return (
    <div className="sb-welcome">
      <p className="sb-welcome__title">{greeting || t("chat.welcome.title")}</p>
      <p>{t("chat.welcome.body", { team })}</p>
    </div>
  );
}

/** The end of a closed conversation, then its rating and transcript. */
function Ended({ roomId, canEmail }: { roomId: string; canEmail: boolean }) {
  const t = useTranslator();
  const client = useChatClient();
  const rating = useClientState(client, (s) => s.rooms[roomId]?.rating ?? null);
  // The room's address, else one left since (`set-contact` after the end lands on the next
  // room): the server sends to the same.
  const email = useClientState(client, (s) => transcriptEmailAddress(s, roomId));
  return (
    <>
      <div className="sb-ended" role="status">
        <p className="sb-ended__title">{t("chat.ended.title")}</p>
        <p>{t("chat.ended.body")}</p>
      </div>
      <RatingForm roomId={roomId} rating={rating} />
      <TranscriptLinks roomId={roomId} canEmail={canEmail} email={email} />
    </>
  );
}

type ViewProps = Omit<ChatWindowProps, "room" | "visitorId"> & { room: CustomerRoom };

function ChatWindowView(props: ViewProps) {
  const { team = "Support", room, active = true } = props;
  const { roomId, error } = room;
  const client = useChatClient();
  const t = useTranslator();
  const status = useConnectionStatus();
  const own = useWidgetConfig(props.config === undefined);
  const config = props.config === undefined ? own : props.config;
  const closed =
    useClientState(client, (s) => (roomId ? s.rooms[roomId]?.status : undefined)) === "closed";
  const email = useClientState(client, (s) => (roomId ? s.rooms[roomId]?.customerEmail : null));
  const typing = useTyping(roomId, "admin");
  const { send } = useSend(roomId);
  // One conversation at a time in the widget: uploads follow it into a new room.
  const uploads = useUploads("widget", roomId);
  const picker = useFilePicker(uploads.add);
  // Nobody can answer in the chat now: ask where the answer may go.
  const now = teamStatus(config);
  const away = now.asksForEmail && !closed;

  return (
    <DropZone
      className="sb-chat"
      onFiles={picker.take}
      disabled={!roomId}
      dir={t.dir}
      lang={t.locale}
    >
      <Header team={team} status={status} config={config} onClose={props.onClose} />
      <ConnectionBar status={status} />
      {error ? (
        <div className="sb-state" role="alert">
          <p>{error}</p>
          <button type="button" className="sb-btn" onClick={room.rejoin}>
            {t("chat.tryAgain")}
          </button>
        </div>
      ) : roomId ? (
        <MessageList
          roomId={roomId}
          viewerRole="customer"
          otherName={team}
          active={active}
          empty={<Welcome team={team} greeting={props.greeting} />}
          footer={
            <>
              <UploadBubbles uploads={uploads} />
              {typing.isTyping ? <TypingIndicator who={team} /> : null}
              {away ? <ContactPrompt email={email ?? null} reason={now.kind} /> : null}
              {closed ? (
                <Ended roomId={roomId} canEmail={config?.transcriptEmail === true} />
              ) : null}
            </>
          }
        />
      ) : (
        <div className="sb-state">
          <span className="sb-spinner" role="status" aria-label={t("chat.loading")} />
        </div>
      )}
      <Composer
        inputRef={props.inputRef}
        handleRef={props.composerRef}
        placeholder={closed ? t("chat.newPlaceholder") : undefined}
        onSend={send}
        // No typing signals into an ended conversation: nobody is there to see them.
        onTyping={() => !closed && typing.notifyTyping()}
        onStopTyping={typing.notifyStopTyping}
        onAttach={picker.take}
        attachDisabled={!roomId}
        attachError={picker.error}
        onDismissError={picker.clearError}
      />
      <p className="sb-powered">{t("chat.powered")}</p>
    </DropZone>
  );
}

function OwnRoomChatWindow(props: ChatWindowProps) {
  const room = useCustomerRoom(props.active ?? true, props.visitorId);
  return <ChatWindowView {...props} room={room} />;
}

/**
 * The customer's chat window, as in the widget: a header with the team and the truth about
 * it (online and how soon it replies, or away and when it is back: `useWidgetConfig`, the
 * connection while it is down), the conversation ({@link MessageList}) with uploads, the
 * other side's typing, an email prompt while nobody can answer ({@link ContactPrompt}), the
 * end of a closed conversation with its rating ({@link RatingForm}) and transcript
 * ({@link TranscriptLinks}), and the {@link Composer} with attachments (the whole window
 * takes dropped files). Messages typed before the room is joined are sent once it is. In
 * the language of its `ChatProvider` (right to left for Arabic). Fills its container
 * (give it a height).
 *
 * @example
 * ```tsx
 * <ChatProvider client={client} locale="de">
 *   <div style={{ height: 600 }}>
 *     <ChatWindow team="Acme Support" visitorId={user.id} />
 *   </div>
 * </ChatProvider>
 * ```
 */
export function ChatWindow(props: ChatWindowProps) {
  return props.room ? (
    <ChatWindowView {...props} room={props.room} />
  ) : (
    <OwnRoomChatWindow {...props} />
  );
}
