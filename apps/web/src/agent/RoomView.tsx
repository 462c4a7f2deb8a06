import type { Room } from "@switchboard/protocol";
import {
  BackIcon,
  Composer,
  DropZone,
  initials,
  MessageList,
  PanelIcon,
  TypingIndicator,
  UploadBubbles,
  useAgents,
  useChatClient,
  useChatState,
  useFilePicker,
  useSend,
  useTyping,
  useUploads,
  useCannedPicker,
  type ComposerHandle,
} from "@switchboard/react";
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { conversationFocus } from "./focusTargets.ts";
import { focusInbox, useShortcut } from "./shortcuts.tsx";
import { RoomActions } from "./RoomActions.tsx";
import { customerLabel } from "./RoomRow.tsx";
import { useDeskConfig } from "./useDeskConfig.ts";

interface Props {
  roomId: string;
  me: string | undefined;
  error: string | null;
  onBack(): void;
  /** Shows the customer panel where it does not fit beside the conversation. */
  onShowDetails(): void;
}

/** What an unassigned room's header says: with AUTO_ASSIGN, routing gives it away too. */
export function unassignedHint(autoAssign: boolean): string {
  return autoAssign
    ? "Unassigned · goes to the next free agent, or to you if you reply first"
    : "Unassigned · replying assigns it to you";
}

function subtitle(
  room: Room | undefined,
  me: string | undefined,
  nameOf: (id: string) => string,
  autoAssign: boolean,
): string {
  if (!room) return "";
  if (room.status === "closed")
    return room.rating ? `Closed · Rated ${room.rating.score} out of 5` : "Closed";
  if (room.adminId === null) return unassignedHint(autoAssign);
  return room.adminId === me ? "Assigned to you" : `Assigned to ${nameOf(room.adminId)}`;
}

function Header({
  room,
  me,
  onBack,
  onShowDetails,
}: Omit<Props, "roomId" | "error"> & { room: Room | undefined }) {
  const name = room ? customerLabel(room) : "Conversation";
  const { nameOf } = useAgents();
  const { autoAssign } = useDeskConfig();
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
        <h2 tabIndex={-1}>{name}</h2>
        <p>{subtitle(room, me, nameOf, autoAssign)}</p>
      </div>
      {room ? <RoomActions room={room} me={me} /> : null}
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

/** One conversation in the inbox: its header and actions, the log, and the composer. */
export function RoomView({ roomId, me, error, onBack, onShowDetails }: Props) {
  const room = useChatState((s) => s.rooms[roomId]);
  const typing = useTyping(roomId, "customer");
  const { send } = useSend(roomId);
  const uploads = useUploads(roomId, roomId);
  const picker = useFilePicker(uploads.add);
  const name = room ? customerLabel(room) : "Conversation";
  const closed = room?.status === "closed";
  const assignedElsewhere = room?.adminId != null && room.adminId !== me;
  const canWrite = !closed && !assignedElsewhere;
  const client = useChatClient();
  const { nameOf } = useAgents();
  // How a teammate's message is signed in the log (the customer's: `otherName`).
  const teammate = (m: { senderRole: string; senderId: string }) =>
    m.senderRole === "admin" ? nameOf(m.senderId) : undefined;
  // Note mode: what is written goes to the team only (contract v2 notes). No typing signal
  // leaves while in it (`typing` reaches the customer), and a teammate's room takes notes.
  const [noteMode, setNoteMode] = useState(false);
  // `/` at the start of either composer: the team's canned responses, placeholders filled.
  const composer = useRef<ComposerHandle>(null);
  const agentName = client.identity?.name ?? (me ? nameOf(me) : null);
  const canned = useCannedPicker({
    composer,
    context: { customerName: room?.customerName, agentName },
    emptyHint: "No canned responses yet: add them under Canned responses in the top bar.",
  });
  const draft = useRef("");
  // Opening a conversation (and switching reply / note) puts the focus where one writes.
  const focusWhenReady = useRef(true);
  const switchMode = (note: boolean) => {
    if (note) typing.notifyStopTyping();
    canned.onValueChange(""); // the other composer starts empty
    draft.current = "";
    focusWhenReady.current = true; // the new composer takes the focus
    setNoteMode(note);
  };
  const composerProps = {
    handleRef: composer,
    ...canned,
    onValueChange: (value: string) => {
      draft.current = value;
      canned.onValueChange(value);
    },
    // Escape (with no picker open) goes back to the inbox, where j/k and Enter move on.
    onInputKeyDown: (event: KeyboardEvent<HTMLTextAreaElement>) => {
      canned.onInputKeyDown(event);
      if (!event.defaultPrevented && event.key === "Escape") {
        event.preventDefault();
        focusInbox();
      }
    },
  };
  const writable = !closed && (noteMode || !assignedElsewhere);
  useEffect(() => {
    if (!focusWhenReady.current || room === undefined) return;
    focusWhenReady.current = false;
    if (writable) composer.current?.focus();
    else conversationFocus()?.focus();
  }, [room, writable, noteMode]);
  useShortcut("note", closed ? null : () => switchMode(!noteMode));
  useShortcut(
    "canned",
    writable
      ? () => {
          if (!draft.current) composer.current?.setText("/");
          composer.current?.focus();
        }
      : null,
  );

  return (
    <section className="sb-roomview" aria-label={`Conversation with ${name}`}>
      <Header room={room} me={me} onBack={onBack} onShowDetails={onShowDetails} />
      {/* Files go to the customer: never from note mode, whose banner says "only agents". */}
      <DropZone
        className="sb-roomview__body"
        onFiles={picker.take}
        disabled={!canWrite || noteMode}
      >
        {error ? (
          <p className="sb-state" role="alert">
            {error}
          </p>
        ) : (
          <MessageList
            roomId={roomId}
            viewerRole="admin"
            otherName={name}
            {...(me ? { viewerId: me } : {})}
            nameOf={teammate}
            empty={<p className="sb-state sb-state--muted">No messages yet.</p>}
            footer={
              <>
                <UploadBubbles uploads={uploads} />
                {typing.isTyping ? <TypingIndicator who={name} /> : null}
              </>
            }
          />
        )}
        {closed ? (
          <div className="sb-closed" role="status">
            This conversation is closed.
          </div>
        ) : (
          <div className={noteMode ? "sb-reply sb-reply--note" : "sb-reply"}>
            <div className="sb-reply__modes" role="group" aria-label="Write a reply or a note">
              <button type="button" aria-pressed={!noteMode} onClick={() => switchMode(false)}>
                Reply
              </button>
              <button type="button" aria-pressed={noteMode} onClick={() => switchMode(true)}>
                Note
              </button>
              {noteMode ? <span className="sb-reply__hint">Only agents see this</span> : null}
            </div>
            {noteMode ? (
              <Composer
                key="note"
                {...composerProps}
                placeholder="Write a note only your team sees…"
                onSend={(content) => client.send(roomId, content, [], { kind: "note" })}
              />
            ) : (
              <Composer
                key="reply"
                {...composerProps}
                disabled={assignedElsewhere}
                placeholder={assignedElsewhere ? "A teammate is on this one" : "Reply…"}
                onSend={send}
                onTyping={typing.notifyTyping}
                onStopTyping={typing.notifyStopTyping}
                onAttach={picker.take}
                attachError={picker.error}
                onDismissError={picker.clearError}
              />
            )}
          </div>
        )}
      </DropZone>
    </section>
  );
}
