import { useChatClient } from "@switchboard/react";
import { useEffect, useState } from "react";

/** What the dashboard needs to know of the server's setup. */
export interface DeskConfig {
  /** New rooms are assigned automatically (`AUTO_ASSIGN=on`; widget-config's `autoAssign`). */
  autoAssign: boolean;
}

/**
 * The server's setup, read once from `GET /api/chat/widget-config` (its extension fields);
 * until then, and when it cannot be read, what a default server does (no automatic
 * assignment).
 */
export function useDeskConfig(): DeskConfig {
  const client = useChatClient();
  const [config, setConfig] = useState<DeskConfig>({ autoAssign: false });
  useEffect(() => {
    let live = true;
    client.widgetConfig().then(
      (c) => live && setConfig({ autoAssign: c.autoAssign === true }),
      () => {}, // the default holds; the inbox says what else failed
    );
    return () => {
      live = false;
    };
  }, [client]);
  return config;
}
