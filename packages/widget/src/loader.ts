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
import { accentTextOn, readableOn } from "./color.ts";
import { ICON_CHAT, ICON_CLOSE, LOADER_CSS } from "./loaderStyles.ts";
import { LOADER_WORDS, loaderLocale, say } from "./loaderStrings.ts";
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

/** Sets the accent (and the text colours on it) on the host element; false if not a colour. */
function applyAccent(host: HTMLElement, accent: string): boolean {
  const onAccent = readableOn(accent);
  if (!onAccent) return false;
  host.style.setProperty("--sb-accent", accent);
  host.style.setProperty("--sb-on-accent", onAccent);
  host.style.setProperty("--sb-accent-text", accentTextOn(accent) ?? accent);
  return true;
}

/** A short, quiet two-note chime (Web Audio: no file to fetch); silent where not allowed. */
function chime(): void {
  try {
    const Audio = window.AudioContext;
    if (!Audio) return;
    const ctx = new Audio();
    const gain = ctx.createGain();
    gain.connect(ctx.destination);
    gain.gain.setValueAtTime(0.0001, ctx.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.08, ctx.currentTime + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + 0.35);
    [880, 1320].forEach((hz, i) => {
      const tone = ctx.createOscillator();
      tone.frequency.value = hz;
      tone.connect(gain);
      tone.start(ctx.currentTime + i * 0.12);
      tone.stop(ctx.currentTime + 0.35);
    });
    setTimeout(() => void ctx.close(), 600);
  } catch {
    // No sound is better than a broken page.
  }
}

/** The page's title without our "(3) " prefix. */
const TITLE_COUNT = /^\(\d+\+?\) /;

function mount(settings: SwitchboardSettings): Widget {
  const base = (settings.url ?? scriptOrigin).replace(/\/+$/, "");
  const frameOrigin = new URL(base, location.href).origin;
  const ownTeam = settings.teamName?.trim();
  let team = ownTeam || "Support";
  let words = LOADER_WORDS[loaderLocale([settings.locale, ...navigator.languages])]!;

  const host = document.createElement("div");
  host.id = "switchboard-widget";
  if (settings.position === "left") host.dataset.position = "left";
  const accent = settings.accentColor;
  const ownAccent = !!accent && applyAccent(host, accent);
  // Open, not closed: end-to-end tests and assistive tooling can reach inside.
  const shadow = host.attachShadow({ mode: "open" });
  const pill = settings.launcherLabel?.trim();
  shadow.innerHTML = `<style>${LOADER_CSS}</style><div class="frame busy" aria-hidden="true"></div><span class="sr" role="status"></span><button class="launcher${pill ? " pill" : ""}" type="button" aria-expanded="false" aria-controls="sb-frame"><span class="icons">${ICON_CHAT}${ICON_CLOSE}</span><span class="text"></span><span class="badge" hidden></span></button>`;
  const launcher = shadow.querySelector("button") as HTMLButtonElement;
  const badge = shadow.querySelector(".badge") as HTMLSpanElement;
  const status = shadow.querySelector(".sr") as HTMLSpanElement;
  (shadow.querySelector(".text") as HTMLSpanElement).textContent = pill ?? "";
  // Drawn over the frame, in its place, while a frame opened before it was ready loads.
  const busy = shadow.querySelector(".busy") as HTMLDivElement;
  document.body.append(host);

  let frame: HTMLIFrameElement | null = null;
  let ready = false;
  let isOpen = false;
  let unread = 0;
  /** What the visitor typed between opening and the frame being ready (see onKey). */
  let typed = "";

  const label = () => {
    // A visible label is the start of the accessible name (WCAG 2.5.3, label in name).
    const name = isOpen ? say(words.close, { team }) : (pill ?? say(words.open, { team }));
    const extra = unread > 0 && !isOpen ? `, ${say(words.unread, { count: unread })}` : "";
    launcher.setAttribute("aria-label", name + extra);
    if (frame) frame.title = say(words.frame, { team });
  };
  label();

  const showBusy = (on: boolean) => {
    busy.classList.toggle("open", on);
    status.textContent = on ? words.loading : "";
  };

  // "(2) Shop" while messages wait unread and the chat is closed; the host's title otherwise.
  const showTitleCount = () => {
    if (settings.titleCount === false) return;
    const plain = document.title.replace(TITLE_COUNT, "");
    const count = unread > 9 ? "9+" : String(unread);
    const next = unread > 0 && !isOpen ? `(${count}) ${plain}` : plain;
    if (document.title !== next) document.title = next;
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
    if (ownTeam) hash.set(HASH.team, ownTeam);
    if (settings.locale) hash.set(HASH.locale, settings.locale);
    if (settings.greeting) hash.set(HASH.greeting, settings.greeting);
    // Forward the accent even when the host set it in CSS rather than in the settings.
    const css = getComputedStyle(host).getPropertyValue("--sb-accent").trim();
    if (css) hash.set(HASH.accent, css);
    frame = document.createElement("iframe");
    frame.id = "sb-frame";
    frame.className = "frame";
    frame.title = say(words.frame, { team });
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
    if (message.type === "ready" || message.type === "looks") {
      // The frame knows the server's defaults: the launcher follows where the host set none.
      if (message.locale) words = LOADER_WORDS[loaderLocale([settings.locale, message.locale])]!;
      if (!ownTeam && message.team) team = message.team;
      if (!ownAccent && message.accent) applyAccent(host, message.accent);
      label();
      if (message.type === "looks" || ready) return;
      ready = true;
      frame.removeAttribute("aria-busy");
      showBusy(false);
      if (isOpen) {
        frame.focus();
        post({ sb: 1, type: "open", ...(typed ? { typed } : {}) });
        typed = "";
      }
    } else if (message.type === "close") {
      widget.close(true, message.keyboard === true);
    } else if (message.type === "unread") {
      const before = unread;
      unread = Math.max(0, Math.floor(Number(message.count)) || 0);
      badge.textContent = unread > 9 ? "9+" : String(unread);
      badge.hidden = unread === 0 || isOpen;
      label();
      showTitleCount();
      if (settings.sound && unread > before && (!isOpen || document.hidden)) chime();
    }
  };
  window.addEventListener("message", onMessage);

  // Opened before the frame is ready, the focus stays on this page (an iframe still loading
  // would swallow the keys): what the visitor types meanwhile is kept here and handed to the
  // frame with "open", so that "Typed immediately" arrives whole.
  const onKey = (event: KeyboardEvent) => {
    if (!isOpen || ready || event.defaultPrevented || event.isComposing) return;
    const active = document.activeElement;
    if (active && active !== host && active !== document.body) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key.length === 1) typed += event.key;
    else if (event.key === "Backspace") typed = typed.slice(0, -1);
    else return;
    event.preventDefault();
  };
  window.addEventListener("keydown", onKey, true);

  const widget: Widget = {
    open() {
      const f = ensureFrame();
      isOpen = true;
      f.classList.add("open");
      launcher.setAttribute("aria-expanded", "true");
      badge.hidden = true;
      label();
      showTitleCount();
      showBusy(!ready);
      if (!ready) return; // the frame is focused once it is ready (see onMessage)
      // Focusing the iframe first lets the frame move focus to its composer on "open".
      f.focus();
      post({ sb: 1, type: "open" });
    },
    close(returnFocus, focusRing = false) {
      if (!isOpen) return;
      isOpen = false;
      typed = "";
      frame?.classList.remove("open");
      launcher.setAttribute("aria-expanded", "false");
      badge.hidden = unread === 0;
      showBusy(false);
      label();
      showTitleCount();
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
      window.removeEventListener("keydown", onKey, true);
      unread = 0;
      showTitleCount();
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
