/**
 * What a host page gives the loader (`widget.js`): `window.SwitchboardSettings` before the
 * script runs, or `Switchboard("init", settings)` after.
 */
export interface SwitchboardSettings {
  /** The visitor's JWT (role "customer"), issued by the host site's backend. */
  token: string;
  /**
   * The chat server's origin; defaults to where `widget.js` was loaded from. Set it when
   * `widget.js` comes from your own CDN or bundle rather than from the chat server.
   */
  url?: string;
  /**
   * Shown in the chat header and the launcher's label. Default: the server's `TEAM_NAME`
   * (widget-config), else "Support".
   */
  teamName?: string;
  /**
   * The theme colour: any CSS colour; the text colour on it is picked for contrast (WCAG AA,
   * 4.5:1). Default: the server's `WIDGET_COLOR` (widget-config) once the chat has loaded.
   */
  accentColor?: string;
  /**
   * The widget's language, a BCP 47 tag (`de`, `fr-CA`, `ar`). Default: the visitor's
   * browser languages (`navigator.languages`), else the server's `WIDGET_LOCALE`, else
   * English. Speaks English, German, French, Spanish and Arabic (right to left).
   */
  locale?: string;
  /** Which bottom corner the launcher and the chat sit in. Default "right". */
  position?: "left" | "right";
  /** The welcome's first line. Default: the server's `GREETING`. */
  greeting?: string;
  /**
   * Text shown on the launcher beside its icon (e.g. "Chat with us"), which then also names
   * it for assistive technology. Default: an icon alone, named "Open <team> chat".
   */
  launcherLabel?: string;
  /** A short sound when a message arrives while the chat is closed. Default false. */
  sound?: boolean;
  /**
   * Prefixes the page's title with the unread count ("(2) Shop") while the chat is closed.
   * Default true.
   */
  titleCount?: boolean;
}

/** The commands `window.Switchboard(command, settings?)` takes. */
export type SwitchboardCommand = "init" | "open" | "close" | "toggle" | "shutdown";

/**
 * `window.Switchboard`: `init` (with settings) mounts the launcher once; `open`, `close` and
 * `toggle` drive the chat window; `shutdown` removes the widget (for a sign-out).
 */
export type SwitchboardApi = (command: SwitchboardCommand, settings?: SwitchboardSettings) => void;
