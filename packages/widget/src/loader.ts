/**
 * widget.js: the one script a host site includes on every page. It must stay tiny and
 * dependency-free, so it only draws the launcher and, on demand, the iframe that holds the
 * real chat (widget.html). The chat runs in the iframe so that the host's CSS and scripts
 * cannot touch it and the token never lives in the host page's DOM after start-up.
 *
 *   <script>window.SwitchboardSettings = { token: "..." };</script>
 *   <script src="https://chat.example.com/widget.js" async></script>
 *
 * or, queued before the script loads: Switchboard("init", { token: "..." }).
 */
import { HASH, isBridgeMessage, type FrameToHost, type HostToFrame } from "./bridge.ts";
import { readableOn } from "./color.ts";
import { ICON_CHAT, ICON_CLOSE, LOADER_CSS } from "./loaderStyles.ts";
import type { SwitchboardApi, SwitchboardSettings } from "./settings.ts";

type Api = SwitchboardApi & { q?: unknown[][]; loaded?: boolean };

declare global {
  interface Window {
    SwitchboardSettings?: SwitchboardSettings;
    Switchboard?: Api;
  }
}

// Read while this script runs: `currentScript` is null afterwards (and in dev, where the
// module is imported, so the page's own origin is the fallback).
const script =
  (document.currentScript as HTMLScriptElement | null) ??
  document.querySelector<HTMLScriptElement>('script[src*="widget.js"]');
const scriptOrigin = script?.src ? new URL(script.src).origin : location.origin;

/**
 * Without a sign of intent, the chat (React, the SDK: ~130 KiB compressed) is fetched only
 * once the page has loaded, this long has passed, and the browser is idle, so that it never
 * competes with the host page's own loading. Hover, focus or touch of the launcher fetch it
 * at once. The idle fetch is what lets a returning visitor's unread badge appear unprompted.
 */
const IDLE_PRELOAD_DELAY_MS = 5000;
/** How long requestIdleCallback may wait for idle time after that delay. */
const IDLE_PRELOAD_TIMEOUT_MS = 5000;

interface Widget {
  open(): void;
  /** `focusRing`: focus returns to the launcher after a keyboard action, so show it. */
  close(returnFocus: boolean, focusRing?: boolean): void;
  toggle(): void;
  destroy(): void;
}

function mount(settings: SwitchboardSettings): Widget {
  const base = (settings.url ?? scriptOrigin).replace(/\/+$/, "");
  const frameOrigin = new URL(base, location.href).origin;
  const team = settings.teamName?.trim() || "Support";

  const host = document.createElement("div");
  host.id = "switchboard-widget";
  const accent = settings.accentColor;
  const onAccent = accent ? readableOn(accent) : null;
  if (accent && onAccent) {
    host.style.setProperty("--sb-accent", accent);
    host.style.setProperty("--sb-on-accent", onAccent);
  }
  // Open, not closed: end-to-end tests and assistive tooling can reach inside.
  const shadow = host.attachShadow({ mode: "open" });
  shadow.innerHTML = `<style>${LOADER_CSS}</style><div class="frame busy" aria-hidden="true"></div><span class="sr" role="status"></span><button class="launcher" type="button" aria-expanded="false" aria-controls="sb-frame">${ICON_CHAT}${ICON_CLOSE}<span class="badge" hidden></span></button>`;
  const launcher = shadow.querySelector("button") as HTMLButtonElement;
  const badge = shadow.querySelector(".badge") as HTMLSpanElement;
  const status = shadow.querySelector(".sr") as HTMLSpanElement;
  // Drawn over the frame, in its place, while a frame opened before it was ready loads.
  const busy = shadow.querySelector(".busy") as HTMLDivElement;
  document.body.append(host);

  let frame: HTMLIFrameElement | null = null;
  let ready = false;
  let isOpen = false;
  let unread = 0;

  const label = () => {
    const verb = isOpen ? "Close" : "Open";
    const extra = unread > 0 && !isOpen ? `, ${unread} unread` : "";
    launcher.setAttribute("aria-label", `${verb} ${team} chat${extra}`);
  };
  label();

  const showBusy = (on: boolean) => {
    busy.classList.toggle("open", on);
    status.textContent = on ? "Loading chat…" : "";
  };

  const post = (message: HostToFrame) => {
    if (ready) frame?.contentWindow?.postMessage(message, frameOrigin);
  };

  const ensureFrame = () => {
    if (frame) return frame;
    const hash = new URLSearchParams({
      [HASH.token]: settings.token,
      [HASH.host]: location.origin,
    });
    hash.set(HASH.team, team);
    // Forward the accent even when the host set it in CSS rather than in the settings.
    const css = getComputedStyle(host).getPropertyValue("--sb-accent").trim();
    if (css) hash.set(HASH.accent, css);
    frame = document.createElement("iframe");
    frame.id = "sb-frame";
    frame.className = "frame";
    frame.title = `${team} chat`;
    frame.setAttribute("allow", "clipboard-write");
    frame.setAttribute("aria-busy", "true");
    // The token rides in the hash: browsers never send it to the server or in Referer.
    frame.src = `${base}/widget.html#${hash.toString()}`;
    shadow.insertBefore(frame, launcher);
    return frame;
  };

  const onMessage = (event: MessageEvent) => {
    if (!frame || event.source !== frame.contentWindow || event.origin !== frameOrigin) return;
    if (!isBridgeMessage<FrameToHost>(event.data)) return;
    const message = event.data;
    if (message.type === "ready") {
      ready = true;
      frame.removeAttribute("aria-busy");
      showBusy(false);
      if (isOpen) post({ sb: 1, type: "open" });
    } else if (message.type === "close") {
      widget.close(true, message.keyboard === true);
    } else if (message.type === "unread") {
      unread = Math.max(0, Math.floor(Number(message.count)) || 0);
      badge.textContent = unread > 9 ? "9+" : String(unread);
      badge.hidden = unread === 0 || isOpen;
      label();
    }
  };
  window.addEventListener("message", onMessage);

  const widget: Widget = {
    open() {
      const f = ensureFrame();
      isOpen = true;
      f.classList.add("open");
      launcher.setAttribute("aria-expanded", "true");
      badge.hidden = true;
      label();
      showBusy(!ready);
      // Focusing the iframe first lets the frame move focus to its composer on "open".
      f.focus();
      post({ sb: 1, type: "open" });
    },
    close(returnFocus, focusRing = false) {
      if (!isOpen) return;
      isOpen = false;
      frame?.classList.remove("open");
      launcher.setAttribute("aria-expanded", "false");
      badge.hidden = unread === 0;
      showBusy(false);
      label();
      post({ sb: 1, type: "closed" });
      // :focus-visible cannot know that the key was pressed inside the frame.
      if (focusRing) launcher.classList.add("kbd");
      if (returnFocus) launcher.focus();
    },
    toggle() {
      if (isOpen) widget.close(true);
      else widget.open();
    },
    destroy() {
      cancelIdlePreload();
      window.removeEventListener("message", onMessage);
      host.remove();
    },
  };

  launcher.addEventListener("click", () => widget.toggle());
  // Warm the frame up as soon as the visitor shows intent, so opening feels instant: a
  // pointer over the launcher, keyboard focus on it, or a finger on it (before the click).
  const preload = () => void ensureFrame();
  launcher.addEventListener("pointerenter", preload, { once: true });
  launcher.addEventListener("focus", preload, { once: true });
  launcher.addEventListener("touchstart", preload, { once: true, passive: true });
  shadow.addEventListener("keydown", (event) => {
    if ((event as KeyboardEvent).key === "Escape" && isOpen) widget.close(true);
  });
  launcher.addEventListener("blur", () => launcher.classList.remove("kbd"));
  const cancelIdlePreload = preloadWhenIdle(preload);
  return widget;
}

/**
 * Calls `preload` once the page has loaded, IDLE_PRELOAD_DELAY_MS have passed and the
 * browser is idle (Safari has no requestIdleCallback: the delay alone). Returns a cancel.
 */
function preloadWhenIdle(preload: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let idle: number | undefined;
  const afterDelay = () => {
    if ("requestIdleCallback" in window) {
      idle = requestIdleCallback(preload, { timeout: IDLE_PRELOAD_TIMEOUT_MS });
    } else preload();
  };
  const onLoad = () => {
    timer = setTimeout(afterDelay, IDLE_PRELOAD_DELAY_MS);
  };
  if (document.readyState === "complete") onLoad();
  else window.addEventListener("load", onLoad, { once: true });
  return () => {
    window.removeEventListener("load", onLoad);
    clearTimeout(timer);
    if (idle !== undefined) cancelIdleCallback(idle);
  };
}

function install() {
  const previous = window.Switchboard;
  if (previous?.loaded) return;
  let widget: Widget | null = null;

  const api: Api = (command, settings) => {
    if (command === "init") {
      if (widget) return;
      if (!settings?.token) {
        console.warn("Switchboard: init needs { token }; the widget stays hidden.");
        return;
      }
      const start = () => (widget ??= mount(settings));
      if (document.body) start();
      else document.addEventListener("DOMContentLoaded", start, { once: true });
    } else if (command === "shutdown") {
      widget?.destroy();
      widget = null;
    } else if (command === "open") widget?.open();
    else if (command === "close") widget?.close(false);
    else if (command === "toggle") widget?.toggle();
  };
  api.loaded = true;
  window.Switchboard = api;

  if (window.SwitchboardSettings) api("init", window.SwitchboardSettings);
  for (const args of previous?.q ?? []) api(...(args as Parameters<Api>));
}

install();
