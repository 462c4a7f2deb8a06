/**
 * `@switchboard/widget`: the embeddable web widget's loader and the protocol between it and
 * the chat frame.
 *
 * - `@switchboard/widget/widget.js`: the built loader, one classic script (IIFE) to serve from
 *   your own CDN or server and include on every page (see the package's README).
 * - This entry: the settings' types, and the `postMessage` protocol a chat frame speaks with
 *   the loader (what `widget.html` of the chat server implements).
 *
 * @packageDocumentation
 */
export type { SwitchboardApi, SwitchboardCommand, SwitchboardSettings } from "./settings.ts";
export {
  HASH,
  isBridgeMessage,
  type BridgeMark,
  type FrameClose,
  type FrameLooks,
  type FrameReady,
  type FrameToHost,
  type FrameUnread,
  type HostOpenState,
  type HostToFrame,
} from "./bridge.ts";
export {
  accentTextFor,
  accentTextOn,
  contrastRatio,
  DARK_TEXT,
  luminance,
  parseHex,
  readableOn,
  textOn,
  toRgb,
  type Rgb,
} from "./color.ts";
