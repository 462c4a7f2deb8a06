import type { ConnectionStatus } from "@switchboard/client";
import { useChatClient } from "../ChatProvider.tsx";
import { useClientState } from "./useChatState.ts";

const status = (s: { connectionStatus: ConnectionStatus }) => s.connectionStatus;

/**
 * The client's connection: `idle` (not started), `connecting`, `online`, `reconnecting`
 * (lost, retrying by itself) or `offline` (disconnected, or the token was refused).
 *
 * @returns The provider's client's `connectionStatus`, current.
 *
 * @example
 * ```tsx
 * const status = useConnectionStatus();
 * return <ConnectionBar status={status} />;
 * ```
 */
export function useConnectionStatus(): ConnectionStatus {
  return useClientState(useChatClient(), status);
}
