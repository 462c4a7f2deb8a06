// @vitest-environment jsdom
// The email prompt draws the SDK's state machine (createContactForm): where the focus goes is
// the component's part, checked here under StrictMode (effects run twice), over the SDK's
// FakeServer, which keeps set-contact's schema.
import { createFakeChatClient, FakeServer } from "@switchboard/client/testing";
import { act, StrictMode, useSyncExternalStore } from "react";
import { createRoot } from "react-dom/client";
import { describe, expect, it } from "vitest";
import { ChatProvider } from "../ChatProvider.tsx";
import { during } from "../test/renderHook.tsx";
import { ContactPrompt } from "./ContactPrompt.tsx";

/** Types into a React-controlled field as a person would (the native setter, then `input`). */
function type(field: HTMLInputElement, text: string) {
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")!.set!;
  act(() => {
    setter.call(field, text);
    field.dispatchEvent(new Event("input", { bubbles: true }));
  });
}

async function setup() {
  const server = new FakeServer();
  const { client } = createFakeChatClient(server, { userId: "v1", autoOnline: true });
  client.connect();
  const room = await client.join();
  // As the widget does: the email is the room's, from the client's store.
  function Prompt() {
    const email = useSyncExternalStore(
      client.store.subscribe,
      () => client.store.getState().rooms[room.id]?.customerEmail ?? null,
    );
    return <ContactPrompt email={email} reason="noAgent" />;
  }
  const host = document.body.appendChild(document.createElement("div"));
  act(() =>
    createRoot(host).render(
      <StrictMode>
        <ChatProvider client={client}>
          <Prompt />
        </ChatProvider>
      </StrictMode>,
    ),
  );
  const field = () => host.querySelector<HTMLInputElement>("input[type=email]")!;
  const submit = () =>
    during(() => host.querySelector("form")!.dispatchEvent(new Event("submit", { bubbles: true })));
  return { client, room, host, field, submit };
}

describe("ContactPrompt", () => {
  it("a refused address takes the focus back to the field, each time it is sent", async () => {
    const s = await setup();
    type(s.field(), "ada@example");
    await s.submit();
    expect(document.activeElement).toBe(s.field());
    expect(s.host.textContent).toContain("Enter an email address such as name@example.com.");
    s.field().blur();
    await s.submit(); // the same error again: the focus still goes back
    expect(document.activeElement).toBe(s.field());
  });

  it("a saved address is confirmed, 'Change email' focused; Cancel gives it back the focus", async () => {
    const s = await setup();
    type(s.field(), "Ada@Example.com");
    await s.submit();
    expect(s.client.store.getState().rooms[s.room.id]?.customerEmail).toBe("ada@example.com");
    const change = () =>
      [...s.host.querySelectorAll("button")].find((b) => b.textContent === "Change email");
    expect(s.host.textContent).toContain("We'll email you at ada@example.com.");
    expect(document.activeElement).toBe(change());

    await during(() => change()!.click());
    expect(document.activeElement).toBe(s.field());
    expect(s.field().value).toBe("ada@example.com");
    const cancel = [...s.host.querySelectorAll("button")].find((b) => b.textContent === "Cancel");
    await during(() => cancel!.click());
    expect(document.activeElement).toBe(change());
  });
});
