import { widgetConfigRefreshMs, type ChatClient, type ConnectionStatus } from "@switchboard/client";
import type { WidgetConfig } from "@switchboard/protocol";
import { useEffect, useState } from "react";

const same = (a: WidgetConfig | null, b: WidgetConfig) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The team's configuration and availability (`GET /api/chat/widget-config` through
 * `client.widgetConfig()`): read while `enabled` (the screen in view), again on every
 * (re)connect and every 30 s (10 s while the team is away, so that an agent coming online
 * shows soon). Null until the first answer, and when the server has no such route: the
 * screen then claims nothing about the team.
 *
 * @param client - The SDK client.
 * @param enabled - Read at all: e.g. a customer's screen in view.
 * @param status - The connection: every return to `online` reads it again.
 * @returns The configuration, or null.
 *
 * @example
 * ```tsx
 * const config = useWidgetConfig(client, session.visible, session.status);
 * teamStatus(config).asksForEmail; // show the email prompt
 * ```
 */
export function useWidgetConfig(
  client: ChatClient,
  enabled: boolean,
  status: ConnectionStatus,
): WidgetConfig | null {
  const [config, setConfig] = useState<WidgetConfig | null>(null);
  const online = status === "online";
  const every = widgetConfigRefreshMs(config);

  useEffect(() => {
    if (!enabled) return;
    let live = true;
    const read = () => {
      client.widgetConfig().then(
        (next) => live && setConfig((before) => (same(before, next) ? before : next)),
        (e: unknown) => console.warn("switchboard: reading the widget's configuration failed", e),
      );
    };
    read();
    const timer = setInterval(read, every);
    return () => {
      live = false;
      clearInterval(timer);
    };
    // `online` is a dependency on purpose: every (re)connect reads the truth again.
  }, [client, enabled, online, every]);

  return config;
}
