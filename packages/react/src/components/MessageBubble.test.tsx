// @vitest-environment jsdom
import type { ChatMessage } from "@switchboard/client";
import { act } from "react";
import { createRoot } from "react-dom/client";
import { describe, expect, it } from "vitest";
import { avatarColor } from "../lib/avatar.ts";
import { MessageBubble, type MessageBubbleProps } from "./MessageBubble.tsx";

const base: ChatMessage = {
  id: "0".repeat(24),
  roomId: "1".repeat(24),
  senderId: "agent-grace",
  senderRole: "admin",
  clientMessageId: "c1",
  content: "Hello",
  attachments: [],
  status: "sent",
  createdAt: "2026-12-05T10:00:00.000Z",
  deliveredAt: null,
  readAt: null,
  kind: "message",
  localStatus: "stored",
};

function render(
  message: ChatMessage,
  own = false,
  as?: "li" | "div",
  extra: Partial<MessageBubbleProps> = {},
): HTMLElement {
  const host = document.body.appendChild(document.createElement(as === "div" ? "li" : "ol"));
  const root = createRoot(host);
  act(() =>
    root.render(
      <MessageBubble
        message={message}
        own={own}
        first
        last
        senderName="Grace"
        latestOwn={false}
        onRetry={() => {}}
        {...(as ? { as } : {})}
        {...extra}
      />,
    ),
  );
  return host;
}

describe("MessageBubble, contract v2 kinds", () => {
  it("draws an activity as a centred line, not a bubble", () => {
    const host = render({ ...base, kind: "activity", content: "Grace took the chat" });
    expect(host.querySelector(".sb-activity")?.textContent).toContain("Grace took the chat");
    expect(host.querySelector(".sb-bubble")).toBeNull();
  });

  it("sets a note apart, saying only agents see it, to eyes and screen readers", () => {
    const host = render({ ...base, kind: "note", content: "VIP, be nice" }, true);
    const row = host.querySelector(".sb-row")!;
    expect(row.classList.contains("sb-row--note")).toBe(true);
    expect(row.querySelector(".sb-note-label")?.textContent).toBe("Note · only agents see this");
    expect(row.querySelector(".sb-sr-only")?.textContent).toContain("for agents only");
    expect(row.querySelector(".sb-bubble")?.textContent).toBe("VIP, be nice");
    expect(row.querySelector(".sb-meta__status")).toBeNull(); // a note takes no receipts
  });

  it("draws a message as before", () => {
    const host = render(base);
    expect(host.querySelector(".sb-row--note, .sb-activity")).toBeNull();
    expect(host.querySelector(".sb-bubble")?.textContent).toBe("Hello");
  });
});

describe("MessageBubble, its element", () => {
  it("is a list item by default, and a div inside a list item that wraps it (MessageList)", () => {
    expect(render(base).firstElementChild?.tagName).toBe("LI");
    expect(render(base, false, "div").firstElementChild?.tagName).toBe("DIV");
    const activity = { ...base, kind: "activity" as const, content: "Grace took the chat" };
    expect(render(activity).firstElementChild?.tagName).toBe("LI");
    expect(render(activity, false, "div").firstElementChild?.tagName).toBe("DIV");
  });
});

describe("MessageBubble, links", () => {
  it("makes web addresses links that open in a new tab, the text unchanged", () => {
    const content =
      "Track it at https://track.example/p?id=7, or www.acme.example. Not javascript:alert(1)";
    const host = render({ ...base, content });
    const bubble = host.querySelector(".sb-bubble")!;
    expect(bubble.textContent).toBe(content);
    const anchors = [...bubble.querySelectorAll("a")];
    expect(anchors.map((a) => [a.textContent, a.getAttribute("href")])).toEqual([
      ["https://track.example/p?id=7", "https://track.example/p?id=7"],
      ["www.acme.example", "https://www.acme.example/"],
    ]);
    for (const a of anchors) {
      expect(a.getAttribute("target")).toBe("_blank");
      expect(a.getAttribute("rel")).toBe("noopener noreferrer");
    }
  });

  it("keeps markup as text around a link", () => {
    const content =
      '<a href="javascript:alert(1)">https://ok.example</a><img src=x onerror=alert(1)>';
    const bubble = render({ ...base, content }).querySelector(".sb-bubble")!;
    expect(bubble.textContent).toBe(content);
    expect(bubble.querySelectorAll("img")).toHaveLength(0);
    expect([...bubble.querySelectorAll("a")].map((a) => a.getAttribute("href"))).toEqual([
      "https://ok.example/",
    ]);
  });
});

describe("MessageBubble, who wrote it", () => {
  it("gives an agent's avatar the colour of their id; a customer's keeps the accent's tint", () => {
    const agent = render(base).querySelector<HTMLElement>(".sb-avatar")!;
    expect(agent.textContent).toBe("GR");
    expect(agent.classList.contains("sb-avatar--agent")).toBe(true);
    expect(agent.style.getPropertyValue("--sb-avatar-bg")).toBe(avatarColor("agent-grace"));
    const customer = render({ ...base, senderRole: "customer", senderId: "visitor-1" });
    expect(customer.querySelector(".sb-avatar--agent")).toBeNull();
    expect(customer.querySelector(".sb-avatar")?.getAttribute("style")).toBeNull();
  });

  it("names the sender over the bubble and tints a teammate's row, when asked", () => {
    const plain = render(base);
    expect(plain.querySelector(".sb-sender")).toBeNull();
    expect(plain.querySelector(".sb-row--team")).toBeNull();
    const team = render(base, false, undefined, { teammate: true, showName: true });
    expect(team.querySelector(".sb-sender")?.textContent).toBe("Grace");
    expect(team.querySelector(".sb-row")?.classList.contains("sb-row--team")).toBe(true);
    // The reader's own messages take neither.
    const own = render(base, true, undefined, { teammate: true, showName: true });
    expect(own.querySelector(".sb-sender, .sb-row--team, .sb-avatar")).toBeNull();
  });
});
