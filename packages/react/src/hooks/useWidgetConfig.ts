import { widgetConfigRefreshMs, WIDGET_CONFIG_REFRESH_MS } from "@switchboard/client";
import type { WidgetConfig } from "@switchboard/protocol";
import { useEffect, useState } from "react";
import { useChatClient } from "../ChatProvider.tsx";
import { useClientState } from "./useChatState.ts";

/** How often the configuration is read again while the page is visible: presence changes. */
export { WIDGET_CONFIG_REFRESH_MS };

/**
 * The widget's configuration (contract v2 `GET /api/chat/widget-config`): the team's name,
 * greeting, language and colour, and whether the team is open now (business hours and an
 * agent online and available), when it opens next and how soon it replies. Read when the
 * hook mounts, again on every (re)connect of the socket, whenever the page becomes visible,
 * and every {@link WIDGET_CONFIG_REFRESH_MS} while it is (every 10 s while the team is
 * away, so that an agent coming online shows soon): the server answers from live
 * presence, so the widget says "Online" only while someone is there. Null until the first
 * answer, and when the server has no such route (the widget then claims nothing).
 *
 * @param enabled - Read it at all (default true): e.g. false until the chat is needed.
 * @returns The configuration, or null.
 *
 * @example
 * ```tsx
 * const config = useWidgetConfig();
 * const away = config !== null && !config.open;
 * ```
 */
export function useWidgetConfig(enabled = true): WidgetConfig | null {
  const client = useChatClient();
  const [config, setConfig] = useState<WidgetConfig | null>(null);
  const online = useClientState(client, (s) => s.connectionStatus === "online");
  const every = widgetConfigRefreshMs(config);

  useEffect(() => {
    if (!enabled) return;
    let live = true;
    const read = () => {
      if (typeof document !== "undefined" && document.visibilityState === "hidden") return;
      client.widgetConfig().then(
        (next) => live && setConfig(next),
        (e: unknown) => console.warn("Switchboard: reading the widget's configuration failed", e),
      );
    };
    read();
    const timer = setInterval(read, every);
    document.addEventListener("visibilitychange", read);
    return () => {
      live = false;
      clearInterval(timer);
      document.removeEventListener("visibilitychange", read);
    };
    // `online` is a dependency on purpose: every (re)connect reads the truth again.
  }, [client, enabled, online, every]);

  return config;
}
