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
  /** Shown in the chat header and the launcher's label. Default "Support". */
  teamName?: string;
  /** Any CSS colour; the text colour on it is picked for contrast. */
  accentColor?: string;
}

/** The commands `window.Switchboard(command, settings?)` takes. */
export type SwitchboardCommand = "init" | "open" | "close" | "toggle" | "shutdown";

/**
 * `window.Switchboard`: `init` (with settings) mounts the launcher once; `open`, `close` and
 * `toggle` drive the chat window; `shutdown` removes the widget (for a sign-out).
 */
export type SwitchboardApi = (command: SwitchboardCommand, settings?: SwitchboardSettings) => void;
