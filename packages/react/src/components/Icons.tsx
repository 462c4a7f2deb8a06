// Inline icons: a few paths, no icon font, so they cost nearly nothing in the bundle.

/** Props of the icons: they take their size and colour from CSS (`currentColor`). */
export interface IconProps {
  /** Classes of the `<svg>`: size it with CSS (`.sb-icon`), colour it with `color`. */
  className?: string;
}

const base = { viewBox: "0 0 24 24", "aria-hidden": true, focusable: false } as const;

/** A paper plane: send. */
export const SendIcon = (p: IconProps) => (
  <svg {...base} className={p.className}>
    <path fill="currentColor" d="M3.4 20.4 21 12 3.4 3.6 3.4 10l12.6 2-12.6 2z" />
  </svg>
);

/** A speech bubble: the chat launcher. */
export const ChatIcon = (p: IconProps) => (
  <svg {...base} className={p.className}>
    <path
      fill="currentColor"
      d="M12 3C6.9 3 3 6.5 3 10.9c0 2.4 1.2 4.6 3.1 6.1L5.4 21l4.2-2.3c.8.2 1.6.3 2.4.3 5.1 0 9-3.5 9-8.1S17.1 3 12 3z"
    />
  </svg>
);

/** A cross: close, dismiss, cancel. */
export const CloseIcon = (p: IconProps) => (
  <svg {...base} className={p.className}>
    <path stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" d="M6 6l12 12M18 6 6 18" />
  </svg>
);

/** A chevron pointing down: "new messages below". */
export const ChevronDownIcon = (p: IconProps) => (
  <svg {...base} className={p.className}>
    <path
      fill="none"
      stroke="currentColor"
      strokeWidth="2.2"
      strokeLinecap="round"
      strokeLinejoin="round"
      d="M6 9l6 6 6-6"
    />
  </svg>
);

/** A chevron pointing left: back. */
export const BackIcon = (p: IconProps) => (
  <svg {...base} className={p.className}>
    <path
      fill="none"
      stroke="currentColor"
      strokeWidth="2.2"
      strokeLinecap="round"
      strokeLinejoin="round"
      d="M15 5l-7 7 7 7"
    />
  </svg>
);

/** A clock: sending. */
export const ClockIcon = (p: IconProps) => (
  <svg {...base} className={p.className}>
    <circle cx="12" cy="12" r="8.5" fill="none" stroke="currentColor" strokeWidth="2" />
    <path
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      d="M12 7.5V12l3 2"
    />
  </svg>
);

/** A filled circle with an exclamation mark: an error. */
export const AlertIcon = (p: IconProps) => (
  <svg {...base} className={p.className}>
    <circle cx="12" cy="12" r="9.5" fill="currentColor" />
    <path stroke="#fff" strokeWidth="2.2" strokeLinecap="round" d="M12 7v6M12 16.8v.2" />
  </svg>
);

/** One tick (sent) or two (delivered / read). */
export const TicksIcon = ({ double, className }: IconProps & { double: boolean }) => (
  <svg {...base} viewBox={double ? "0 0 28 24" : "0 0 24 24"} className={className}>
    <path
      fill="none"
      stroke="currentColor"
      strokeWidth="2.2"
      strokeLinecap="round"
      strokeLinejoin="round"
      d={double ? "M2 13l4.5 4.5L16 7M11 16.5l1 1L22 7" : "M5 12.5l4.5 4.5L19 7"}
    />
  </svg>
);

const stroke = {
  fill: "none",
  stroke: "currentColor",
  strokeWidth: 2,
  strokeLinecap: "round",
  strokeLinejoin: "round",
} as const;

/** A paperclip: attach a file. */
export const PaperclipIcon = (p: IconProps) => (
  <svg {...base} className={p.className}>
    <path
      {...stroke}
      d="M20.5 11.5 12.3 19.7a5 5 0 0 1-7.1-7.1l8.5-8.5a3.3 3.3 0 0 1 4.7 4.7l-8.5 8.5a1.7 1.7 0 0 1-2.4-2.4l7.8-7.8"
    />
  </svg>
);

/** A document: a file attachment. */
export const FileIcon = (p: IconProps) => (
  <svg {...base} className={p.className}>
    <path {...stroke} d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8z" />
    <path {...stroke} d="M14 3v5h5M9 13h6M9 17h4" />
  </svg>
);

/** An arrow into a tray: download. */
export const DownloadIcon = (p: IconProps) => (
  <svg {...base} className={p.className}>
    <path {...stroke} d="M12 4v11m-4.5-4.5L12 15l4.5-4.5M5 20h14" />
  </svg>
);

/** An envelope: email. */
export const MailIcon = (p: IconProps) => (
  <svg {...base} className={p.className}>
    <path {...stroke} d="M4 6h16v12H4z" />
    <path {...stroke} d="m4 7 8 6 8-6" />
  </svg>
);

/** An arrow out of a box: open in a new tab. */
export const ExternalIcon = (p: IconProps) => (
  <svg {...base} className={p.className}>
    <path
      {...stroke}
      d="M14 4h6v6M20 4l-9 9M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5"
    />
  </svg>
);

/** A bell: notifications. */
export const BellIcon = (p: IconProps) => (
  <svg {...base} className={p.className}>
    <path {...stroke} d="M6 9a6 6 0 0 1 12 0c0 5 2 6.5 2 6.5H4S6 14 6 9M10 19a2.2 2.2 0 0 0 4 0" />
  </svg>
);

/** A window with a side panel: details. */
export const PanelIcon = (p: IconProps) => (
  <svg {...base} className={p.className}>
    <rect {...stroke} x="3.5" y="4.5" width="17" height="15" rx="2.5" />
    <path {...stroke} d="M15 4.5v15" />
  </svg>
);
