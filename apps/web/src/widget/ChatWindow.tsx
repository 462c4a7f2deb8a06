import type { ChatClient, ConnectionStatus } from "@switchboard/client";
import { useEffect, useRef, type Ref } from "react";
import { Composer } from "../components/Composer.tsx";
import { ConnectionBar, statusLabel } from "../components/ConnectionBar.tsx";
import { DropZone, useFilePicker } from "../components/FileDrop.tsx";
import { CloseIcon } from "../components/Icons.tsx";
import { MessageList } from "../components/MessageList.tsx";
import { TypingIndicator } from "../components/TypingIndicator.tsx";
import { UploadBubbles } from "../components/UploadBubbles.tsx";
import { useUploads } from "../components/uploads.ts";
import { useTyping } from "../components/useTyping.ts";
import { sendStopTyping, sendTyping, useChatState } from "../lib/client.ts";
import { initials } from "../lib/format.ts";

export interface ChatWindowProps {
  client: ChatClient;
  team: string;
  roomId: string | null;
  /** The widget is open and its tab visible. */
  active: boolean;
  /** Joining failed: why, and how to try again. */
  error: string | null;
  onRetryJoin(): void;
  /** Absent when there is no host page to close into (widget.html opened directly). */
  onClose?: (keyboard: boolean) => void;
  inputRef: Ref<HTMLTextAreaElement | null>;
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

export function ChatWindow(props: ChatWindowProps) {
  const { client, team, roomId, active, error } = props;
  const status = useChatState(client, (s) => s.connectionStatus);
  const room = useChatState(client, (s) => (roomId ? s.rooms[roomId] : undefined));
  const agentTyping = useTyping(client, roomId, "admin");
  const closed = room?.status === "closed";
  // One conversation at a time in the widget: uploads follow it into a new room.
  const uploads = useUploads(client, "widget", roomId);
  const picker = useFilePicker(uploads.add);

  // A visitor may type and press Enter before the room is joined: hold those messages and
  // send them, in order, as soon as it is.
  const early = useRef<string[]>([]);
  useEffect(() => {
    if (roomId) early.current.splice(0).forEach((text) => client.send(roomId, text));
  }, [client, roomId]);
  const send = (text: string) => {
    if (roomId) client.send(roomId, text);
    else early.current.push(text);
  };

  return (
    <DropZone className="sb-chat" onFiles={picker.take} disabled={!roomId || !uploads.canUpload}>
      <Header team={team} status={status} onClose={props.onClose} />
      <ConnectionBar status={status} />
      {error ? (
        <div className="sb-state" role="alert">
          <p>{error}</p>
          <button type="button" className="sb-btn" onClick={props.onRetryJoin}>
            Try again
          </button>
        </div>
      ) : roomId ? (
        <MessageList
          client={client}
          roomId={roomId}
          viewerRole="customer"
          otherName={team}
          active={active}
          empty={<Welcome team={team} />}
          footer={
            <>
              <UploadBubbles uploads={uploads} />
              {agentTyping ? <TypingIndicator who={team} /> : null}
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
        onTyping={() => roomId && !closed && sendTyping(client, roomId)}
        onStopTyping={() => roomId && sendStopTyping(client, roomId)}
        onAttach={uploads.canUpload ? picker.take : undefined}
        attachDisabled={!roomId}
        attachError={picker.error}
        onDismissError={picker.clearError}
      />
      <p className="sb-powered">Powered by Switchboard</p>
    </DropZone>
  );
}
