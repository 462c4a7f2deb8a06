import { ChatWindow, useCustomerRoom, useUnread } from "@switchboard/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { useFlag, type Flag } from "../lib/flag.ts";
import type { FrameBridge } from "./bridge.ts";

export interface WidgetAppProps {
  bridge: FrameBridge;
  team: string;
  /** The token's `sub`: what the visitor's remembered room is stored under. */
  visitorId: string;
  /** Raised when the server refuses the visitor's token for good. */
  authFailed: Flag;
}

/** The chat frame (widget.html): the package's ChatWindow, driven by the loader's messages. */
export function WidgetApp({ bridge, team, visitorId, authFailed }: WidgetAppProps) {
  // Opened directly (not inside a host page) the chat is simply always open.
  const [open, setOpen] = useState(!bridge.embedded);
  const input = useRef<HTMLTextAreaElement>(null);
  const room = useCustomerRoom(open, visitorId);
  const { count } = useUnread(room.roomId, { role: "customer" });
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
  const { roomId } = room;
  useEffect(() => {
    if (open && bridge.embedded) input.current?.focus();
  }, [open, roomId, bridge]);

  const unread = open ? 0 : count;
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

  const expired = "Your chat session has expired. Reload the page to continue.";
  return (
    <ChatWindow
      team={team}
      room={refused ? { ...room, error: expired } : room}
      active={open}
      onClose={bridge.embedded ? close : undefined}
      inputRef={input}
    />
  );
}
