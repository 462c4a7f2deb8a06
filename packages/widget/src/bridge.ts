/**
 * The postMessage protocol between the loader (`widget.js`, on the host page) and the chat
 * frame (`widget.html`). Every message carries `sb: 1` so that either side can ignore the
 * host page's own messages cheaply. Nothing secret travels here: the token goes in the
 * frame's URL hash once, when the frame is created.
 *
 * @module
 */

/** What every bridge message carries: `sb: 1`, the mark that it is one of ours. */
export interface BridgeMark {
  /** Always 1. */
  sb: 1;
}

/** The frame has loaded and listens: the loader may now post to it. */
export interface FrameReady extends BridgeMark {
  /** The message's kind. */
  type: "ready";
  /** The frame's language (settings, browser, then the server's): the launcher follows. */
  locale?: string;
  /** The team's name as the frame knows it (settings, else the server's). */
  team?: string;
  /** The accent as the frame uses it (settings, else the server's `WIDGET_COLOR`). */
  accent?: string;
}

/** The visitor closed the chat inside the frame. */
export interface FrameClose extends BridgeMark {
  /** The message's kind. */
  type: "close";
  /** Closed with Escape or a key on the close button: show the launcher's focus ring. */
  keyboard: boolean;
}

/** The visitor's unread count changed (the launcher's badge). */
export interface FrameUnread extends BridgeMark {
  /** The message's kind. */
  type: "unread";
  /** Messages the visitor has not read yet. */
  count: number;
}

/**
 * The frame learned the server's defaults (widget-config) after `ready`: the launcher
 * follows where the host set nothing.
 */
export interface FrameLooks extends BridgeMark {
  /** The message's kind. */
  type: "looks";
  /** The frame's language now. */
  locale?: string;
  /** The team's name as the frame shows it. */
  team?: string;
  /** The accent the frame uses. */
  accent?: string;
}

/** What the chat frame posts to the host page's loader. */
export type FrameToHost = FrameReady | FrameClose | FrameUnread | FrameLooks;

/** The chat window was opened (the frame moves focus to its composer) or closed. */
export interface HostOpenState extends BridgeMark {
  /** `open` or `closed`. */
  type: "open" | "closed";
  /**
   * With `open`: what the visitor typed after opening and before the frame was ready (the
   * loader keeps it, so that not a keystroke is lost); the frame puts it into the composer.
   */
  typed?: string;
}

/** What the loader posts to the chat frame. */
export type HostToFrame = HostOpenState;

/** Keys of the frame URL's hash (`widget.html#token=...&host=...`). */
export const HASH: {
  /** The visitor's token. */
  readonly token: "token";
  /** The host page's origin: the frame posts only to it. */
  readonly host: "host";
  /** The team's name, for the header. */
  readonly team: "team";
  /** The accent colour the host chose. */
  readonly accent: "accent";
  /** The language the host chose. */
  readonly locale: "locale";
  /** The welcome's first line the host chose. */
  readonly greeting: "greeting";
} = {
  token: "token",
  host: "host",
  team: "team",
  accent: "accent",
  locale: "locale",
  greeting: "greeting",
};

/** Whether a `message` event's data is one of the bridge's messages (it carries `sb: 1`). */
export function isBridgeMessage<T extends BridgeMark>(data: unknown): data is T {
  return typeof data === "object" && data !== null && (data as { sb?: unknown }).sb === 1;
}
