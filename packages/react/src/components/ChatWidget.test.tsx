// @vitest-environment jsdom
import { createFakeChatClient, FakeServer } from "@switchboard/client/testing";
import type { Room } from "@switchboard/protocol";
import { act } from "react";
import { createRoot } from "react-dom/client";
import { describe, expect, it } from "vitest";
import { ChatProvider } from "../ChatProvider.tsx";
import { during } from "../test/renderHook.tsx";
import { ChatWidget } from "./ChatWidget.tsx";

// jsdom has no layout: the virtual list's observer and scrolling do nothing here.
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};
Element.prototype.scrollTo ??= function scrollTo() {};

describe("ChatWidget", () => {
  it("opens from its launcher into the composer, closes on Escape, and badges unread", async () => {
    const server = new FakeServer();
    const { client } = createFakeChatClient(server, { userId: "v1", autoOnline: true });
    const host = document.body.appendChild(document.createElement("div"));
    const root = createRoot(host);
    act(() =>
      root.render(
        <ChatProvider client={client}>
          <ChatWidget team="Acme" />
        </ChatProvider>,
      ),
    );
    const launcher = host.querySelector<HTMLButtonElement>(".sb-widget__launcher")!;
    expect(launcher.getAttribute("aria-label")).toBe("Open Acme chat");
    expect(launcher.getAttribute("aria-expanded")).toBe("false");
    expect(client.store.getState().connectionStatus).toBe("idle"); // nothing before intent

    await during(() => launcher.click());
    expect(launcher.getAttribute("aria-expanded")).toBe("true");
    expect(launcher.getAttribute("aria-label")).toBe("Close Acme chat");
    expect(document.activeElement?.getAttribute("placeholder")).toBe("Write a message…");
    const panel = document.getElementById(launcher.getAttribute("aria-controls")!)!;
    expect(panel.getAttribute("aria-label")).toBe("Acme chat");
    expect(panel.hasAttribute("inert")).toBe(false);
    expect(panel.querySelector('[role="region"][aria-label="Messages"]')).not.toBeNull();

    await during(() =>
      document.activeElement!.dispatchEvent(
        new KeyboardEvent("keydown", { key: "Escape", bubbles: true }),
      ),
    );
    expect(launcher.getAttribute("aria-expanded")).toBe("false");
    expect(document.activeElement).toBe(launcher);
    expect(panel.hasAttribute("inert")).toBe(true); // out of reach while closed

    const room = [...server.rooms.values()][0]!;
    const unread: Room = { ...room, unreadCountCustomer: 2, updatedAt: "2030-01-01T00:00:00.000Z" };
    await during(() => server.broadcast(room.id, "room-updated", unread));
    expect(launcher.getAttribute("aria-label")).toBe("Open Acme chat, 2 unread");
    expect(launcher.querySelector(".sb-widget__badge")?.textContent).toBe("2");
    act(() => root.unmount());
  });
});
