import type { ChatClient } from "@switchboard/client";
import type { Room } from "@switchboard/protocol";
import { Composer } from "../components/Composer.tsx";
import { DropZone, useFilePicker } from "../components/FileDrop.tsx";
import { BackIcon, PanelIcon } from "../components/Icons.tsx";
import { MessageList } from "../components/MessageList.tsx";
import { TypingIndicator } from "../components/TypingIndicator.tsx";
import { UploadBubbles } from "../components/UploadBubbles.tsx";
import { useUploads } from "../components/uploads.ts";
import { useTyping } from "../components/useTyping.ts";
import { sendStopTyping, sendTyping, useChatState } from "../lib/client.ts";
import { initials } from "../lib/format.ts";
import { RoomActions } from "./RoomActions.tsx";
import { customerLabel } from "./RoomRow.tsx";

interface Props {
  client: ChatClient;
  roomId: string;
  me: string | undefined;
  error: string | null;
  onBack(): void;
  /** Shows the customer panel where it does not fit beside the conversation. */
  onShowDetails(): void;
}

function subtitle(room: Room | undefined, me: string | undefined): string {
  if (!room) return "";
  if (room.status === "closed") return "Closed";
  if (room.adminId === null) return "Unassigned · replying assigns it to you";
  return room.adminId === me ? "Assigned to you" : `Assigned to ${room.adminId}`;
}

function Header({
  client,
  room,
  me,
  onBack,
  onShowDetails,
}: Omit<Props, "roomId" | "error"> & { room: Room | undefined }) {
  const name = room ? customerLabel(room) : "Conversation";
  return (
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
        <p>{subtitle(room, me)}</p>
      </div>
      {room ? <RoomActions client={client} room={room} me={me} /> : null}
      <button
        type="button"
        className="sb-iconbtn sb-roomview__details"
        aria-label="Customer details"
        onClick={onShowDetails}
      >
        <PanelIcon className="sb-icon" />
      </button>
    </header>
  );
}

export function RoomView({ client, roomId, me, error, onBack, onShowDetails }: Props) {
  const room = useChatState(client, (s) => s.rooms[roomId]);
  const typing = useTyping(client, roomId, "customer");
  const uploads = useUploads(client, roomId, roomId);
  const picker = useFilePicker(uploads.add);
  const name = room ? customerLabel(room) : "Conversation";
  const closed = room?.status === "closed";
  const assignedElsewhere = room?.adminId != null && room.adminId !== me;
  const canWrite = !closed && !assignedElsewhere;

  return (
    <section className="sb-roomview" aria-label={`Conversation with ${name}`}>
      <Header client={client} room={room} me={me} onBack={onBack} onShowDetails={onShowDetails} />
      <DropZone
        className="sb-roomview__body"
        onFiles={picker.take}
        disabled={!canWrite || !uploads.canUpload}
      >
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
            footer={
              <>
                <UploadBubbles uploads={uploads} />
                {typing ? <TypingIndicator who={name} /> : null}
              </>
            }
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
            onAttach={uploads.canUpload ? picker.take : undefined}
            attachError={picker.error}
            onDismissError={picker.clearError}
          />
        )}
      </DropZone>
    </section>
  );
}
