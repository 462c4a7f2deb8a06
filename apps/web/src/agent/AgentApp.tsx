import { decodeTokenIdentity } from "@switchboard/client";
import {
  ConnectionBar,
  statusLabel,
  useChatClient,
  useChatState,
  useConnectionStatus,
} from "@switchboard/react";
import { useCallback, useEffect, useState } from "react";
import { useFlag, type Flag } from "../lib/flag.ts";
import { AlertsMenu } from "./AlertsMenu.tsx";
import { AssignmentNotices } from "./AssignmentNotices.tsx";
import { AvailabilityToggle } from "./AvailabilityToggle.tsx";
import { CannedView } from "./CannedView.tsx";
import { CustomerPanel } from "./CustomerPanel.tsx";
import { MetricsView } from "./MetricsView.tsx";
import { useAgentNotifications, useNewMessageSound, useUnreadTitle } from "./notifications.tsx";
import { RoomList } from "./RoomList.tsx";
import { RoomView } from "./RoomView.tsx";
import { ShortcutsButton, ShortcutsProvider } from "./shortcuts.tsx";

interface Props {
  token: string;
  /** Raised when the server refuses the token for good. */
  authFailed: Flag;
  onSignOut(): void;
}

function SelectedRoom(props: {
  roomId: string;
  me: string | undefined;
  error: string | null;
  onBack(): void;
  onOpen(roomId: string): void;
}) {
  const { roomId, me } = props;
  const room = useChatState((s) => s.rooms[roomId]);
  // Beside the conversation on wide screens; on narrower ones, shown on request.
  const [details, setDetails] = useState(false);
  return (
    <div className={`sb-workspace${details ? " shows-details" : ""}`}>
      <RoomView
        roomId={roomId}
        me={me}
        error={props.error}
        onBack={props.onBack}
        onShowDetails={() => setDetails((d) => !d)}
      />
      <CustomerPanel room={room} me={me} onClose={() => setDetails(false)} onOpen={props.onOpen} />
    </div>
  );
}

type View = "inbox" | "metrics" | "canned";

/** Inbox, Metrics or Canned responses: toggle buttons in the top bar. */
function ViewSwitch(props: { view: View; onChange(view: View): void }) {
  const views: [View, string][] = [
    ["inbox", "Inbox"],
    ["metrics", "Metrics"],
    ["canned", "Canned responses"],
  ];
  return (
    <nav className="sb-views" aria-label="Dashboard views">
      {views.map(([view, label]) => (
        <button
          key={view}
          type="button"
          className="sb-views__btn"
          aria-pressed={props.view === view}
          onClick={() => props.onChange(view)}
        >
          {label}
        </button>
      ))}
    </nav>
  );
}

export function AgentApp({ token, authFailed, onSignOut }: Props) {
  const client = useChatClient();
  const [selected, setSelected] = useState<string | null>(null);
  const [joinError, setJoinError] = useState<string | null>(null);
  const [view, setView] = useState<View>("inbox");
  const status = useConnectionStatus();
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
      setView("inbox");
      setJoinError(null);
      client.join(roomId).catch((e: unknown) => {
        console.warn("Switchboard: join failed", e);
        setJoinError("Couldn't open this conversation. It may have been removed.");
      });
    },
    [client],
  );
  useAgentNotifications(token, me, select);
  useUnreadTitle(me);
  useNewMessageSound(me);

  return (
    <ShortcutsProvider>
      <div className={`sb-agent${selected ? " has-selection" : ""}`}>
        <header className="sb-topbar">
          {/* The page's one h1 in every view and layout; each view's title is an h2. */}
          <h1 className="sb-brand">
            <span className="sb-brand__mark" aria-hidden="true" />
            Switchboard
          </h1>
          <span className={`sb-conn sb-conn--${status}`}>
            <span className={`sb-dot sb-dot--${status}`} aria-hidden="true" />
            {statusLabel(status)}
          </span>
          <ViewSwitch view={view} onChange={setView} />
          <span className="sb-topbar__end">
            <AvailabilityToggle me={me} />
            <AlertsMenu />
            <ShortcutsButton />
            <span className="sb-topbar__me">{identity?.name ?? me ?? "Agent"}</span>
            <button
              type="button"
              className="sb-btn sb-btn--ghost sb-btn--small"
              onClick={onSignOut}
            >
              Sign out
            </button>
          </span>
        </header>
        {refused ? (
          <p className="sb-banner" role="alert">
            The server refused this token. Sign out and open the page with a fresh agent link.
          </p>
        ) : (
          <ConnectionBar status={status} />
        )}
        {view === "metrics" && (
          <main className="sb-agent__metrics">
            <MetricsView />
          </main>
        )}
        {view === "canned" && (
          <main className="sb-agent__canned">
            <CannedView />
          </main>
        )}
        {/* One main landmark in every layout: the inbox and the open conversation together
          (on a phone only one of them shows at a time). */}
        <main className="sb-agent__body" hidden={view !== "inbox"}>
          <RoomList me={me} selected={selected} onSelect={select} />
          <div className="sb-agent__main">
            {selected ? (
              <SelectedRoom
                // A fresh view per room: scroll position, draft and typing state start over.
                key={selected}
                roomId={selected}
                me={me}
                error={joinError}
                onBack={() => setSelected(null)}
                onOpen={select}
              />
            ) : (
              <div className="sb-empty">
                <p className="sb-empty__title">Pick a conversation</p>
                <p>Customers' messages arrive here in real time.</p>
              </div>
            )}
          </div>
        </main>
        <AssignmentNotices token={token} me={me} onOpen={select} />
      </div>
    </ShortcutsProvider>
  );
}
