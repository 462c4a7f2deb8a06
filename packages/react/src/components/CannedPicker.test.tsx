// @vitest-environment jsdom
import { createFakeChatClient, createFakeFetch, FakeServer } from "@switchboard/client/testing";
import { act, useRef } from "react";
import { createRoot } from "react-dom/client";
import { describe, expect, it } from "vitest";
import { ChatProvider } from "../ChatProvider.tsx";
import { during } from "../test/renderHook.tsx";
import { useCannedPicker } from "./CannedPicker.tsx";
import { Composer, type ComposerHandle } from "./Composer.tsx";

function type(area: HTMLTextAreaElement, value: string) {
  const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value")!.set!;
  act(() => {
    setter.call(area, value);
    area.dispatchEvent(new Event("input", { bubbles: true }));
  });
}

const press = (area: HTMLTextAreaElement, key: string) =>
  act(() => void area.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true })));

function AgentComposer(props: { onSend(text: string): void }) {
  const composer = useRef<ComposerHandle>(null);
  const picker = useCannedPicker({
    composer,
    context: { customerName: "Dana", agentName: "Ana" },
  });
  return <Composer handleRef={composer} onSend={props.onSend} {...picker} />;
}

async function setup() {
  const server = new FakeServer();
  const { client } = createFakeChatClient(server, {
    userId: "a1",
    role: "admin",
    fetch: createFakeFetch(server),
  });
  await client.createCanned({
    shortcode: "hello",
    title: "Greeting",
    content: "Hi {{customer.name}}!",
  });
  await client.createCanned({
    shortcode: "refund",
    title: "Refund sent",
    content: "{{agent.name}} here: refunded.",
  });
  const sent: string[] = [];
  const host = document.body.appendChild(document.createElement("div"));
  const root = createRoot(host);
  act(() =>
    root.render(
      <ChatProvider client={client}>
        <AgentComposer onSend={(t) => sent.push(t)} />
      </ChatProvider>,
    ),
  );
  await during();
  const area = host.querySelector("textarea")!;
  const options = () => [...host.querySelectorAll('[role="option"]')].map((o) => o.textContent);
  const selected = () => host.querySelector('[aria-selected="true"]')?.id;
  const done = () => {
    act(() => root.unmount());
    host.remove();
  };
  return { host, area, sent, options, selected, done };
}

describe("useCannedPicker", () => {
  it("opens on a slash at the start, filters as you type, and points the field at the choice", async () => {
    const { host, area, options, selected, done } = await setup();
    expect(host.querySelector('[role="listbox"]')).toBeNull();
    type(area, "/");
    expect(options()).toEqual(["/helloGreetingHi Dana!", "/refundRefund sentAna here: refunded."]);
    expect(area.getAttribute("aria-activedescendant")).toBe(selected());
    expect(area.getAttribute("aria-controls")).toBe(host.querySelector('[role="listbox"]')!.id);
    type(area, "/ref");
    expect(options()).toEqual(["/refundRefund sentAna here: refunded."]);
    type(area, "no /ref");
    expect(host.querySelector('[role="listbox"]')).toBeNull();
    expect(area.hasAttribute("aria-activedescendant")).toBe(false);
    done();
  });

  it("arrows choose, Enter inserts the filled text instead of sending", async () => {
    const { area, sent, options, selected, done } = await setup();
    type(area, "/");
    const first = selected();
    press(area, "ArrowDown");
    expect(selected()).not.toBe(first);
    press(area, "ArrowDown"); // wraps round
    expect(selected()).toBe(first);
    press(area, "ArrowUp");
    press(area, "Enter");
    expect(area.value).toBe("Ana here: refunded.");
    expect(sent).toEqual([]);
    expect(options()).toEqual([]); // closed: the text no longer starts with a slash
    press(area, "Enter");
    expect(sent).toEqual(["Ana here: refunded."]);
    done();
  });

  it("Escape closes it and keeps the text; it opens again once the slash is retyped", async () => {
    const { area, sent, options, done } = await setup();
    type(area, "/hel");
    press(area, "Escape");
    expect(options()).toEqual([]);
    expect(area.value).toBe("/hel");
    type(area, "/hell");
    expect(options()).toEqual([]); // still dismissed
    type(area, "");
    type(area, "/");
    expect(options()).toHaveLength(2);
    type(area, "/zzz");
    expect(options()).toEqual([]);
    press(area, "Enter"); // nothing to insert: the text goes as typed
    expect(sent).toEqual(["/zzz"]);
    done();
  });
});
