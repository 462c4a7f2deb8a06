/** Inline icons: a few paths, no icon font, so they cost nearly nothing in the bundle. */
interface IconProps {
  className?: string;
}

const base = { viewBox: "0 0 24 24", "aria-hidden": true, focusable: false } as const;

export const SendIcon = (p: IconProps) => (
  <svg {...base} className={p.className}>
    <path fill="currentColor" d="M3.4 20.4 21 12 3.4 3.6 3.4 10l12.6 2-12.6 2z" />
  </svg>
);

export const CloseIcon = (p: IconProps) => (
  <svg {...base} className={p.className}>
    <path stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" d="M6 6l12 12M18 6 6 18" />
  </svg>
);

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
