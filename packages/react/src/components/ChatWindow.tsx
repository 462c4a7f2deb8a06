import type { ConnectionStatus } from "@switchboard/client";
import type { Ref } from "react";
import { useChatClient } from "../ChatProvider.tsx";
import { useClientState } from "../hooks/useChatState.ts";
import { useConnectionStatus } from "../hooks/useConnectionStatus.ts";
import { useCustomerRoom, type CustomerRoom } from "../hooks/useCustomerRoom.ts";
import { useSend } from "../hooks/useSend.ts";
import { useTyping } from "../hooks/useTyping.ts";
import { useUploads } from "../hooks/useUploads.ts";
import { initials } from "../lib/format.ts";
import { Composer } from "./Composer.tsx";
import { ConnectionBar, statusLabel } from "./ConnectionBar.tsx";
import { DropZone, useFilePicker } from "./FileDrop.tsx";
import { CloseIcon } from "./Icons.tsx";
import { MessageList } from "./MessageList.tsx";
import { TypingIndicator } from "./TypingIndicator.tsx";
import { UploadBubbles } from "./UploadBubbles.tsx";

/** Props of {@link ChatWindow}. */
export interface ChatWindowProps {
  /** The team's name: the header, the welcome text, "… is typing". Default "Support". */
  team?: string;
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
}

interface HeaderProps {
  team: string;
  status: ConnectionStatus;
  onClose?: (keyboard: boolean) => void;
}

function Header({ team, status, onClose }: HeaderProps) {
  return (
    <header className="sb-header">
      <span className="sb-header__avatar" aria-hidden="true">
        {initials(team)}
      </span>
      <div className="sb-header__text">
        <h1 className="sb-header__title">{team}</h1>
        <p className="sb-header__sub">
          <span className={`sb-dot sb-dot--${status}`} aria-hidden="true" />
          {status === "online" ? "Online · Replies in a few minutes" : statusLabel(status)}
        </p>
      </div>
      {onClose ? (
        <button
          type="button"
          className="sb-iconbtn sb-header__close"
          aria-label="Close chat"
          // detail 0: activated with Enter / Space, not a pointer.
          onClick={(event) => onClose(event.detail === 0)}
        >
          <CloseIcon className="sb-icon" />
        </button>
      ) : null}
    </header>
  );
}

function Welcome({ team }: { team: string }) {
  return (
    <div className="sb-welcome">
      <p className="sb-welcome__title">Hi there 👋</p>
      <p>Ask us anything. The {team} team usually replies in a few minutes.</p>
    </div>
  );
}

/** The end of a closed conversation; the composer below starts the next one. */
function Ended() {
  return (
    <div className="sb-ended" role="status">
      <p className="sb-ended__title">This conversation has ended</p>
      <p>Send a message below to start a new conversation.</p>
    </div>
  );
}

type ViewProps = Omit<ChatWindowProps, "room" | "visitorId"> & { room: CustomerRoom };

function ChatWindowView(props: ViewProps) {
  const { team = "Support", room, active = true } = props;
  const { roomId, error } = room;
  const client = useChatClient();
  const status = useConnectionStatus();
  const closed =
    useClientState(client, (s) => (roomId ? s.rooms[roomId]?.status : undefined)) === "closed";
  const typing = useTyping(roomId, "admin");
  const { send } = useSend(roomId);
  // One conversation at a time in the widget: uploads follow it into a new room.
  const uploads = useUploads("widget", roomId);
  const picker = useFilePicker(uploads.add);

  return (
    <DropZone className="sb-chat" onFiles={picker.take} disabled={!roomId}>
      <Header team={team} status={status} onClose={props.onClose} />
      <ConnectionBar status={status} />
      {error ? (
        <div className="sb-state" role="alert">
          <p>{error}</p>
          <button type="button" className="sb-btn" onClick={room.rejoin}>
            Try again
          </button>
        </div>
      ) : roomId ? (
        <MessageList
          roomId={roomId}
          viewerRole="customer"
          otherName={team}
          active={active}
          empty={<Welcome team={team} />}
          footer={
            <>
              <UploadBubbles uploads={uploads} />
              {typing.isTyping ? <TypingIndicator who={team} /> : null}
              {closed ? <Ended /> : null}
            </>
          }
        />
      ) : (
        <div className="sb-state">
          <span className="sb-spinner" role="status" aria-label="Loading conversation" />
        </div>
      )}
      <Composer
        inputRef={props.inputRef}
        placeholder={closed ? "Start a new conversation…" : undefined}
        onSend={send}
        // No typing signals into an ended conversation: nobody is there to see them.
        onTyping={() => !closed && typing.notifyTyping()}
        onStopTyping={typing.notifyStopTyping}
        onAttach={picker.take}
        attachDisabled={!roomId}
        attachError={picker.error}
        onDismissError={picker.clearError}
      />
      <p className="sb-powered">Powered by Switchboard</p>
    </DropZone>
  );
}

function OwnRoomChatWindow(props: ChatWindowProps) {
  const room = useCustomerRoom(props.active ?? true, props.visitorId);
  return <ChatWindowView {...props} room={room} />;
}

/**
 * The customer's chat window, as in the widget: a header with the team and the connection
 * state, the conversation ({@link MessageList}) with uploads, the other side's typing and
 * the end of a closed conversation, and the {@link Composer} with attachments (the whole
 * window takes dropped files). Messages typed before the room is joined are sent once it
 * is. Fills its container (give it a height).
 *
 * @example
 * ```tsx
 * <ChatProvider client={client}>
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
