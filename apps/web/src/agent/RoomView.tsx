import type { ChatClient } from "@switchboard/client";
import { Composer } from "../components/Composer.tsx";
import { BackIcon } from "../components/Icons.tsx";
import { MessageList } from "../components/MessageList.tsx";
import { TypingIndicator } from "../components/TypingIndicator.tsx";
import { useTyping } from "../components/useTyping.ts";
import { sendStopTyping, sendTyping, useChatState } from "../lib/client.ts";
import { formatFull, initials } from "../lib/format.ts";
import { customerLabel } from "./RoomList.tsx";

interface Props {
  client: ChatClient;
  roomId: string;
  me: string | undefined;
  error: string | null;
  onBack(): void;
}

export function RoomView({ client, roomId, me, error, onBack }: Props) {
  const room = useChatState(client, (s) => s.rooms[roomId]);
  const typing = useTyping(client, roomId, "customer");
  const name = room ? customerLabel(room) : "Conversation";
  const closed = room?.status === "closed";
  const assignedElsewhere = room?.adminId != null && room.adminId !== me;

  return (
    <section className="sb-roomview" aria-label={`Conversation with ${name}`}>
      <header className="sb-roomview__head">
        <button
          type="button"
          className="sb-iconbtn sb-roomview__back"
          aria-label="Back to inbox"
          onClick={onBack}
        >
          <BackIcon className="sb-icon" />
        </button>
        <span className="sb-avatar sb-avatar--lg" aria-hidden="true">
          {initials(name)}
        </span>
        <div className="sb-roomview__title">
          <h2>{name}</h2>
          <p>
            {closed
              ? "Closed"
              : room?.adminId == null
                ? "Unassigned · replying assigns it to you"
                : room.adminId === me
                  ? "Assigned to you"
                  : `Assigned to ${room.adminId}`}
            {room ? ` · started ${formatFull(room.createdAt)}` : ""}
          </p>
        </div>
      </header>
      {error ? (
        <p className="sb-state" role="alert">
          {error}
        </p>
      ) : (
        <MessageList
          client={client}
          roomId={roomId}
          viewerRole="admin"
          otherName={name}
          active
          empty={<p className="sb-state sb-state--muted">No messages yet.</p>}
          footer={typing ? <TypingIndicator who={name} /> : null}
        />
      )}
      {closed ? (
        <div className="sb-closed" role="status">
          This conversation is closed.
        </div>
      ) : (
        <Composer
          disabled={assignedElsewhere}
          placeholder={assignedElsewhere ? "A teammate is on this one" : "Reply…"}
          onSend={(text) => client.send(roomId, text)}
          onTyping={() => sendTyping(client, roomId)}
          onStopTyping={() => sendStopTyping(client, roomId)}
        />
      )}
    </section>
  );
}
