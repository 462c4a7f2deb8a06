/**
 * The postMessage protocol between the loader (`widget.js`, on the host page) and the chat
 * frame (`widget.html`). Every message carries `sb: 1` so that either side can ignore the
 * host page's own messages cheaply. Nothing secret travels here: the token goes in the
 * frame's URL hash once, when the frame is created.
 */
/** What the chat frame posts to the host page's loader. */
export type FrameToHost =
  | { sb: 1; type: "ready" }
  /** `keyboard`: closed with Escape or a key on the close button, so show the focus ring. */
  | { sb: 1; type: "close"; keyboard: boolean }
  | { sb: 1; type: "unread"; count: number };

/** What the loader posts to the chat frame. */
export type HostToFrame = { sb: 1; type: "open" } | { sb: 1; type: "closed" };

/** Keys of the frame URL's hash (`widget.html#token=...&host=...`). */
export const HASH = {
  token: "token",
  /** The host page's origin: the frame posts only to it. */
  host: "host",
  team: "team",
  accent: "accent",
} as const;

/** Whether a `message` event's data is one of the bridge's messages (it carries `sb: 1`). */
export function isBridgeMessage<T extends { sb: 1 }>(data: unknown): data is T {
  return typeof data === "object" && data !== null && (data as { sb?: unknown }).sb === 1;
}
