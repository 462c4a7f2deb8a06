import { useCallback, useEffect, useId, useRef, useState } from "react";
import { useCustomerRoom } from "../hooks/useCustomerRoom.ts";
import { useTranslator } from "../hooks/useTranslator.ts";
import { useUnread } from "../hooks/useUnread.ts";
import { ChatWindow } from "./ChatWindow.tsx";
import { ChatIcon, ChevronDownIcon } from "./Icons.tsx";

/** Props of {@link ChatWidget}. */
export interface ChatWidgetProps {
  /** The team's name: the launcher's label and the window's header. Default "Support". */
  team?: string;
  /** Remembers the visitor's room across visits (e.g. your user's id). */
  visitorId?: string;
  /** Open on first render. Default false. */
  defaultOpen?: boolean;
  /** Called after the widget opened or closed. */
  onOpenChange?: (open: boolean) => void;
}

/**
 * The customer's chat as a widget on the host's own page (no iframe): a launcher button in
 * the corner, with the unread count, that opens and closes a {@link ChatWindow} above it
 * (full screen on phones). Nothing connects before the first open, unless the visitor has
 * a remembered conversation (then its unread count shows at once). Opening moves focus to
 * the message field; Escape or the window's close button close it, and focus returns to
 * the launcher.
 *
 * @example
 * ```tsx
 * <ChatProvider client={client}>
 *   <ChatWidget team="Acme Support" visitorId={user.id} />
 * </ChatProvider>
 * ```
 */
export function ChatWidget({
  team = "Support",
  visitorId,
  defaultOpen = false,
  onOpenChange,
}: ChatWidgetProps) {
  const [open, setOpen] = useState(defaultOpen);
  // The window renders from the first open on, then stays (hidden) to keep its state.
  const [shown, setShown] = useState(defaultOpen);
  if (open && !shown) setShown(true);
  const room = useCustomerRoom(open, visitorId);
  const { count } = useUnread(room.roomId, { role: "customer" });
  const launcher = useRef<HTMLButtonElement>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const [keyboardClose, setKeyboardClose] = useState(false);
  const panelId = useId();
  const t = useTranslator();

  const change = useCallback(
    (next: boolean) => {
      setOpen(next);
      onOpenChange?.(next);
    },
    [onOpenChange],
  );
  const close = useCallback(
    (keyboard: boolean) => {
      change(false);
      // :focus-visible does not follow focus moved by script after a key: show the ring.
      setKeyboardClose(keyboard);
      launcher.current?.focus();
    },
    [change],
  );
  // Focus lands in the composer once the window shows (the first open renders it now).
  useEffect(() => {
    if (open) input.current?.focus();
  }, [open]);

  const unread = open ? 0 : count;
  const verb = t(open ? "launcher.close" : "launcher.open", { team });
  const label = unread > 0 ? `${verb}, ${t("launcher.unread", { count: unread })}` : verb;
  return (
    <div
      className="sb-widget"
      onKeyDown={(event) => {
        if (event.key === "Escape" && open && !event.defaultPrevented) close(true);
      }}
    >
      <section
        id={panelId}
        className={`sb-widget__panel${open ? " is-open" : ""}`}
        aria-label={t("chat.label", { team })}
        // Closed: out of the tab order and the accessibility tree (CSS only fades it out).
        inert={!open}
      >
        {shown ? (
          <ChatWindow team={team} room={room} active={open} onClose={close} inputRef={input} />
        ) : null}
      </section>
      <button
        ref={launcher}
        type="button"
        className={`sb-widget__launcher${keyboardClose ? " is-kbd" : ""}`}
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={label}
        onClick={() => (open ? close(false) : change(true))}
        onBlur={() => setKeyboardClose(false)}
      >
        <ChatIcon className="sb-widget__icon sb-widget__icon--chat" />
        <ChevronDownIcon className="sb-widget__icon sb-widget__icon--close" />
        {unread > 0 ? (
          <span className="sb-widget__badge" aria-hidden="true">
            {unread > 9 ? "9+" : unread}
          </span>
        ) : null}
      </button>
    </div>
  );
}
