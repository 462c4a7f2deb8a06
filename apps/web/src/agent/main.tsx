import { createChatClient, type ChatClient } from "@switchboard/client";
import { ChatProvider } from "@switchboard/react";
import "@switchboard/react/styles.css";
import { StrictMode, useMemo, useState } from "react";
import { createRoot } from "react-dom/client";
import "../styles/base.css";
import "../styles/agent.css";
import "../styles/agent-room.css";
import "../styles/agent-panel.css";
import type { createFakeClient } from "../dev/fakeClient.ts";
import { createFlag, type Flag } from "../lib/flag.ts";
import { AgentApp } from "./AgentApp.tsx";
import { forgetToken, saveToken, takeToken } from "./token.ts";
import { TokenGate } from "./TokenGate.tsx";

const initialToken = takeToken();

// Dev-only visual harness (`?token=dev-fake`); dropped from builds with the DEV branch.
const fake: typeof createFakeClient | null =
  import.meta.env.DEV && initialToken === "dev-fake"
    ? (await import("../dev/fakeClient.ts")).createFakeClient
    : null;

function makeClient(token: string, authFailed: Flag): ChatClient {
  if (fake && token === "dev-fake") return fake({ role: "admin", scenario: "" });
  return createChatClient({
    url: location.origin,
    getToken: () => token,
    onAuthError: () => authFailed.raise(),
  });
}

function Root() {
  const [token, setToken] = useState(initialToken);
  // A new token gets a new client and a fresh "refused" flag.
  const session = useMemo(() => {
    if (!token) return null;
    const authFailed = createFlag();
    return { authFailed, client: makeClient(token, authFailed) };
  }, [token]);
  if (!token || !session) {
    return (
      <TokenGate
        onToken={(t) => {
          saveToken(t);
          setToken(t);
        }}
      />
    );
  }
  return (
    <ChatProvider client={session.client}>
      <AgentApp
        key={token}
        token={token}
        authFailed={session.authFailed}
        onSignOut={() => {
          forgetToken();
          setToken(null);
        }}
      />
    </ChatProvider>
  );
}

createRoot(document.getElementById("root") as HTMLElement).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
