import { decodeTokenIdentity, type ChatClient } from "@switchboard/client";
import { useCallback, useEffect, useState } from "react";
import { ConnectionBar, statusLabel } from "../components/ConnectionBar.tsx";
import { useChatState, useFlag, type Flag } from "../lib/client.ts";
import { RoomList } from "./RoomList.tsx";
import { useRoomFeed } from "./rooms.ts";
import { RoomView } from "./RoomView.tsx";

interface Props {
  client: ChatClient;
  token: string;
  /** Raised when the server refuses the token for good. */
  authFailed: Flag;
  onSignOut(): void;
}

export function AgentApp({ client, token, authFailed, onSignOut }: Props) {
  const [selected, setSelected] = useState<string | null>(null);
  const [joinError, setJoinError] = useState<string | null>(null);
  const status = useChatState(client, (s) => s.connectionStatus);
  const rooms = useRoomFeed(client, token);
  const refused = useFlag(authFailed);
  // The token's claims are for display only: the server verifies them.
  const identity = client.identity ?? decodeTokenIdentity(token);
  const me = identity?.userId;

  useEffect(() => {
    client.connect();
    return () => client.disconnect();
  }, [client]);

  const select = useCallback(
    (roomId: string) => {
      setSelected(roomId);
      setJoinError(null);
      client.join(roomId).catch((e: unknown) => {
        console.warn("Switchboard: join failed", e);
        setJoinError("Couldn't open this conversation. It may have been removed.");
      });
    },
    [client],
  );

  return (
    <div className={`sb-agent${selected ? " has-selection" : ""}`}>
      <header className="sb-topbar">
        <span className="sb-brand">
          <span className="sb-brand__mark" aria-hidden="true" />
          Switchboard
        </span>
        <span className={`sb-conn sb-conn--${status}`}>
          <span className={`sb-dot sb-dot--${status}`} aria-hidden="true" />
          {statusLabel(status)}
        </span>
        <span className="sb-topbar__me">{identity?.name ?? me ?? "Agent"}</span>
        <button type="button" className="sb-btn sb-btn--ghost sb-btn--small" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      {refused ? (
        <p className="sb-banner" role="alert">
          The server refused this token. Sign out and open the page with a fresh agent link.
        </p>
      ) : (
        <ConnectionBar status={status} />
      )}
      <div className="sb-agent__body">
        <RoomList client={client} me={me} state={rooms} selected={selected} onSelect={select} />
        <main className="sb-agent__main">
          {selected ? (
            <RoomView
              // A fresh view per room: scroll position, draft and typing state start over.
              key={selected}
              client={client}
              roomId={selected}
              me={me}
              error={joinError}
              onBack={() => setSelected(null)}
            />
          ) : (
            <div className="sb-empty">
              <p className="sb-empty__title">Pick a conversation</p>
              <p>Customers' messages arrive here in real time.</p>
            </div>
          )}
        </main>
      </div>
    </div>
  );
}
