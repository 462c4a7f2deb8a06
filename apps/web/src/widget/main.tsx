import { createChatClient, decodeTokenIdentity, type ChatClient } from "@switchboard/client";
import { ChatProvider } from "@switchboard/react";
import { HASH } from "@switchboard/widget";
import "@switchboard/react/styles.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createFlag } from "../lib/flag.ts";
import "../styles/base.css";
import { applyAccent } from "./accent.ts";
import { createFrameBridge } from "./bridge.ts";
import { WidgetApp } from "./WidgetApp.tsx";

// The loader puts the token in the hash so that it never reaches a server log.
const params = new URLSearchParams(location.hash.slice(1));
const token = params.get(HASH.token) ?? "";
const accent = params.get(HASH.accent);
if (accent) applyAccent(accent);

const authFailed = createFlag();

async function makeClient(): Promise<ChatClient> {
  // Dev-only visual harness: `#token=dev-fake` runs on canned data without a server.
  // `import.meta.env.DEV` is false in builds, so the fake is not even bundled.
  if (import.meta.env.DEV && token === "dev-fake") {
    const { createFakeClient } = await import("../dev/fakeClient.ts");
    return createFakeClient({ role: "customer", scenario: params.get("scenario") ?? "" });
  }
  return createChatClient({
    url: location.origin,
    getToken: () => token,
    onAuthError: () => authFailed.raise(),
  });
}

const root = createRoot(document.getElementById("root") as HTMLElement);
if (!token) {
  root.render(
    <p className="sb-state">
      This chat needs a token. Embed it with widget.js and a visitor token.
    </p>,
  );
} else {
  const client = await makeClient();
  root.render(
    <StrictMode>
      <ChatProvider client={client}>
        <WidgetApp
          bridge={createFrameBridge(params.get(HASH.host))}
          settings={{
            team: params.get(HASH.team)?.trim() || undefined,
            locale: params.get(HASH.locale) ?? undefined,
            greeting: params.get(HASH.greeting) ?? undefined,
            accent: accent ?? undefined,
          }}
          visitorId={decodeTokenIdentity(token)?.userId ?? "visitor"}
          authFailed={authFailed}
        />
      </ChatProvider>
    </StrictMode>,
  );
}
