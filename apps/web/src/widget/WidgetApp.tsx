import type { ChatClient } from "@switchboard/client";
import { useCallback, useEffect, useRef, useState } from "react";
import { useChatState, useFlag, type Flag } from "../lib/client.ts";
import type { FrameBridge } from "./bridge.ts";
import { ChatWindow } from "./ChatWindow.tsx";
import { useCustomerRoom } from "./useCustomerRoom.ts";

export interface WidgetAppProps {
  client: ChatClient;
  bridge: FrameBridge;
  team: string;
  /** The token's `sub`: what the visitor's remembered room is stored under. */
  visitorId: string;
  /** Raised when the server refuses the visitor's token for good. */
  authFailed: Flag;
}

export function WidgetApp({ client, bridge, team, visitorId, authFailed }: WidgetAppProps) {
  // Opened directly (not inside a host page) the chat is simply always open.
  const [open, setOpen] = useState(!bridge.embedded);
  const input = useRef<HTMLTextAreaElement>(null);
  const { roomId, error, rejoin } = useCustomerRoom(client, open, visitorId);
  const room = useChatState(client, (s) => (roomId ? s.rooms[roomId] : undefined));
  const refused = useFlag(authFailed);

  useEffect(() => {
    const off = bridge.listen((message) => {
      if (message.type === "open") {
        setOpen(true);
        input.current?.focus();
      } else if (message.type === "closed") {
        setOpen(false);
      }
    });
    bridge.send({ sb: 1, type: "ready" });
    return off;
  }, [bridge]);

  // Focus lands in the composer once it exists (the first open renders it a moment later).
  useEffect(() => {
    if (open && bridge.embedded) input.current?.focus();
  }, [open, roomId, bridge]);

  const unread = open ? 0 : (room?.unreadCountCustomer ?? 0);
  useEffect(() => bridge.send({ sb: 1, type: "unread", count: unread }), [bridge, unread]);

  const close = useCallback(
    (keyboard: boolean) => bridge.send({ sb: 1, type: "close", keyboard }),
    [bridge],
  );
  useEffect(() => {
    if (!bridge.embedded) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape" && !event.defaultPrevented) close(true);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [bridge, close]);

  return (
    <ChatWindow
      client={client}
      team={team}
      roomId={roomId}
      active={open}
      error={refused ? "Your chat session has expired. Reload the page to continue." : error}
      onRetryJoin={rejoin}
      onClose={bridge.embedded ? close : undefined}
      inputRef={input}
    />
  );
}
