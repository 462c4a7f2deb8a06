/**
 * The launcher's stylesheet. It lives in a shadow root, so the host page's CSS cannot
 * restyle or break it, but custom properties still inherit in: a host may set
 * `--sb-accent` (and `--sb-on-accent`) on `:root` or `#switchboard-widget`.
 */
export const LOADER_CSS = `
:host{all:initial;--a:var(--sb-accent,#2457e6);--on:var(--sb-on-accent,#fff)}
.launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;width:56px;height:56px;
border:0;border-radius:50%;padding:0;display:grid;place-items:center;cursor:pointer;
background:var(--a);color:var(--on);-webkit-tap-highlight-color:transparent;
box-shadow:0 1px 6px rgba(0,0,0,.12),0 8px 24px rgba(0,0,0,.16);transition:transform .16s ease}
.launcher:hover{transform:scale(1.06)}
.launcher:active{transform:scale(.96)}
.launcher:focus{outline:none}
.launcher:focus-visible,.launcher.kbd{box-shadow:0 0 0 3px #fff,0 0 0 6px var(--a),0 8px 24px rgba(0,0,0,.16)}
.icons{display:grid;place-items:center}
.launcher svg{grid-area:1/1;width:28px;height:28px;transition:transform .2s ease,opacity .2s ease}
.text{display:none}
.pill{width:auto;min-width:56px;padding:0 20px 0 14px;border-radius:28px;grid-auto-flow:column;gap:8px;
font:600 15px/1 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.pill .text{display:block;white-space:nowrap}
.pill[aria-expanded=true]{width:56px;padding:0}
.pill[aria-expanded=true] .text{display:none}
.launcher .x{opacity:0;transform:rotate(-90deg) scale(.6)}
.launcher[aria-expanded=true] .x{opacity:1;transform:none}
.launcher[aria-expanded=true] .chat{opacity:0;transform:rotate(90deg) scale(.6)}
.badge{position:absolute;top:-2px;right:-2px;min-width:20px;height:20px;padding:0 6px;
box-sizing:border-box;border-radius:10px;border:2px solid #fff;background:#c8102e;color:#fff;
font:700 11px/16px system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;text-align:center}
.badge[hidden]{display:none}
.frame{position:fixed;right:20px;bottom:88px;z-index:2147483001;width:384px;
height:min(704px,calc(100vh - 112px));max-height:calc(100dvh - 112px);border:0;
border-radius:16px;background:#fff;color-scheme:light;
box-shadow:0 4px 12px rgba(0,0,0,.08),0 16px 48px rgba(0,0,0,.18);
opacity:0;visibility:hidden;transform:translateY(16px) scale(.98);transform-origin:bottom right;
transition:opacity .2s ease,transform .2s ease,visibility 0s linear .2s}
.frame.open{opacity:1;visibility:visible;transform:none;transition:opacity .2s ease,transform .2s ease}
.busy{z-index:2147483002;background:none;box-shadow:none;pointer-events:none;display:grid;place-items:center}
.busy::after{content:"";width:24px;height:24px;border:3px solid #e3e6ea;border-top-color:var(--a);
border-radius:50%;animation:sb-spin .8s linear infinite}
@keyframes sb-spin{to{transform:rotate(360deg)}}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
:host([data-position=left]) .launcher{right:auto;left:20px}
:host([data-position=left]) .frame{right:auto;left:20px;transform-origin:bottom left}
:host([data-position=left]) .badge{right:auto;left:-2px}
@media (max-width:480px){
.frame,:host([data-position=left]) .frame{inset:0;width:100%;height:100%;max-height:none;border-radius:0}
.launcher[aria-expanded=true]{display:none}
}
@media (max-height:560px) and (min-width:481px){.frame{bottom:20px;right:88px;height:calc(100vh - 40px);max-height:none}
:host([data-position=left]) .frame{right:auto;left:88px}}
@media (prefers-reduced-motion:reduce){.launcher,.launcher svg,.frame,.frame.open{transition:none}.busy::after{animation-duration:2.4s}}
`;

const svg = (cls: string, path: string) =>
  `<svg class="${cls}" viewBox="0 0 24 24" aria-hidden="true" focusable="false">${path}</svg>`;

export const ICON_CHAT = svg(
  "chat",
  '<path fill="currentColor" d="M12 3C6.9 3 3 6.5 3 10.9c0 2.4 1.2 4.6 3.1 6.1L5.4 21l4.2-2.3c.8.2 1.6.3 2.4.3 5.1 0 9-3.5 9-8.1S17.1 3 12 3z"/>',
);

export const ICON_CLOSE = svg(
  "x",
  '<path fill="none" stroke="currentColor" stroke-width="2.4" stroke-linecap="round" d="M6 9l6 6 6-6"/>',
);
