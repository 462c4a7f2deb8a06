import {
  ChatWindow,
  LocaleProvider,
  resolveLocale,
  translator,
  useCustomerRoom,
  useUnread,
  useWidgetConfig,
  type ComposerHandle,
} from "@switchboard/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { flushSync } from "react-dom";
import { useFlag, type Flag } from "../lib/flag.ts";
import { applyAccent } from "./accent.ts";
import type { FrameBridge } from "./bridge.ts";

/** What the host put in `SwitchboardSettings` (through the frame's hash). */
export interface FrameSettings {
  team?: string | undefined;
  locale?: string | undefined;
  greeting?: string | undefined;
  accent?: string | undefined;
}

export interface WidgetAppProps {
  bridge: FrameBridge;
  settings: FrameSettings;
  /** The token's `sub`: what the visitor's remembered room is stored under. */
  visitorId: string;
  /** Raised when the server refuses the visitor's token for good. */
  authFailed: Flag;
}

/** A key that types a character (not a shortcut) pressed outside any field. */
function strayCharacter(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  if (target?.closest("input, textarea, select, button, a, [contenteditable]")) return false;
  return event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey;
}

/**
 * The chat frame (widget.html): the package's ChatWindow, driven by the loader's messages,
 * in the visitor's language (the host's setting, else the browser's languages, else the
 * server's WIDGET_LOCALE, else English) and the team's looks (the host's, else widget-config).
 */
export function WidgetApp({ bridge, settings, visitorId, authFailed }: WidgetAppProps) {
  // Opened directly (not inside a host page) the chat is simply always open.
  const [open, setOpen] = useState(!bridge.embedded);
  const input = useRef<HTMLTextAreaElement>(null);
  const composer = useRef<ComposerHandle>(null);
  const room = useCustomerRoom(open, visitorId);
  const { count } = useUnread(room.roomId, { role: "customer" });
  const refused = useFlag(authFailed);
  const config = useWidgetConfig();
  const locale = resolveLocale(settings.locale, navigator.languages, config?.locale);
  const t = useMemo(() => translator(locale), [locale]);
  const team = settings.team ?? config?.teamName ?? "Support";
  const accent = settings.accent ?? config?.color;

  /**
   * Adds text at the end of the composer and focuses it: nothing typed is lost. At once
   * (flushSync), so that the field holds it before the next key arrives.
   */
  const typeIn = useCallback((text: string) => {
    const field = input.current;
    if (text && field) flushSync(() => composer.current?.setText(field.value + text));
    field?.focus();
  }, []);

  // Keys that reach the frame after the loader focused it but before its "open" arrived
  // (key events can overtake a message): they follow what the loader kept for us.
  const early = useRef<string | null>(bridge.embedded ? "" : null);
  useEffect(() => {
    const off = bridge.listen((message) => {
      if (message.type === "open") {
        setOpen(true);
        typeIn((message.typed ?? "") + (early.current ?? ""));
        early.current = null;
      } else if (message.type === "closed") {
        setOpen(false);
        early.current = "";
      }
    });
    return off;
  }, [bridge, typeIn]);

  // Ready once listening; the looks follow whenever they change (widget-config answered).
  const readySent = useRef(false);
  useEffect(() => {
    const looks = { locale, team, ...(accent ? { accent } : {}) };
    bridge.send({ sb: 1, type: readySent.current ? "looks" : "ready", ...looks });
    readySent.current = true;
  }, [bridge, locale, team, accent]);

  useEffect(() => {
    if (!settings.accent && config?.color) applyAccent(config.color);
  }, [settings.accent, config?.color]);

  useEffect(() => {
    const html = document.documentElement;
    html.lang = locale;
    html.dir = t.dir;
    document.title = t("chat.label", { team });
  }, [locale, t, team]);

  // Focus lands in the composer once it exists (the first open renders it a moment later).
  const { roomId } = room;
  useEffect(() => {
    if (open && bridge.embedded) input.current?.focus();
  }, [open, roomId, bridge]);

  // A key pressed while the focus is on the frame itself (the moment between the loader
  // focusing the frame and the composer taking it) goes into the composer, in order.
  useEffect(() => {
    if (!bridge.embedded) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing || !strayCharacter(event)) return;
      if (document.activeElement && document.activeElement !== document.body) return;
      event.preventDefault();
      if (early.current !== null) early.current += event.key;
      else typeIn(event.key);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [bridge, typeIn]);

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

  return (
    <LocaleProvider locale={locale}>
      <ChatWindow
        team={team}
        greeting={settings.greeting ?? config?.greeting}
        room={refused ? { ...room, error: t("chat.expired") } : room}
        active={open}
        config={config}
        onClose={bridge.embedded ? close : undefined}
        inputRef={input}
        composerRef={composer}
      />
    </LocaleProvider>
  );
}
