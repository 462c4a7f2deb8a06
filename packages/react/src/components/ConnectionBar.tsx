import type { ConnectionStatus } from "@switchboard/client";
import { useTranslator } from "../hooks/useTranslator.ts";
import { translator, type MessageKey, type Translator } from "../i18n/index.ts";

const TEXT: Partial<Record<ConnectionStatus, MessageKey>> = {
  idle: "connection.connecting",
  connecting: "connection.connecting",
  reconnecting: "connection.reconnecting",
  offline: "connection.offline",
};

const english = translator("en");

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
  const t = useTranslator();
  const key = TEXT[status];
  const text = key ? t(key) : null;
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
 * @param t - The words' language (`useTranslator()`); default English.
 * @returns "Online", "Reconnecting", "Offline" or "Connecting" (`idle` and `connecting`).
 *
 * @example
 * ```tsx
 * <span className={`sb-dot sb-dot--${status}`} /> {statusLabel(status)}
 * ```
 */
export function statusLabel(status: ConnectionStatus, t: Translator = english): string {
  if (status === "online") return t("status.online");
  if (status === "reconnecting") return t("status.reconnecting");
  if (status === "offline") return t("status.offline");
  return t("status.connecting");
}
