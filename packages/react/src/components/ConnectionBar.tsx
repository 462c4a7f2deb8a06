import type { ConnectionStatus } from "@switchboard/client";

const TEXT: Partial<Record<ConnectionStatus, string>> = {
  idle: "Connecting…",
  connecting: "Connecting…",
  reconnecting: "Connection lost. Reconnecting…",
  offline: "Not connected. Messages will be sent once the connection is back.",
};

/** Props of {@link ConnectionBar}. */
export interface ConnectionBarProps {
  /** From `useConnectionStatus()`. */
  status: ConnectionStatus;
}

/**
 * A thin bar under the header while not online. The status region is always in the DOM
 * (empty when online) so that screen readers announce changes politely.
 *
 * @example
 * ```tsx
 * <ConnectionBar status={useConnectionStatus()} />
 * ```
 */
export function ConnectionBar({ status }: ConnectionBarProps) {
  const text = TEXT[status];
  return (
    <div
      className={`sb-connbar${text ? " sb-connbar--shown" : ""}`}
      data-status={status}
      role="status"
    >
      {text ? <span className="sb-connbar__text">{text}</span> : null}
    </div>
  );
}

/**
 * Words for the little status dot next to a name.
 *
 * @param status - The connection status.
 * @returns "Online", "Reconnecting", "Offline" or "Connecting" (`idle` and `connecting`).
 *
 * @example
 * ```tsx
 * <span className={`sb-dot sb-dot--${status}`} /> {statusLabel(status)}
 * ```
 */
export function statusLabel(status: ConnectionStatus): string {
  if (status === "online") return "Online";
  if (status === "reconnecting") return "Reconnecting";
  if (status === "offline") return "Offline";
  return "Connecting";
}
