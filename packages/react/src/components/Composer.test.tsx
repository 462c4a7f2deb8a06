// @vitest-environment jsdom
import { act } from "react";
import { createRoot } from "react-dom/client";
import { describe, expect, it } from "vitest";
import "../test/renderHook.tsx"; // React's act environment
import { Composer } from "./Composer.tsx";

/** Types into a React-controlled textarea as a user would (the native setter, then `input`). */
function type(area: HTMLTextAreaElement, value: string) {
  const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value")!.set!;
  act(() => {
    setter.call(area, value);
    area.dispatchEvent(new Event("input", { bubbles: true }));
  });
}

describe("Composer", () => {
  it("reports typing by the SDK's rule: each change with text, one stop when emptied, sent or left", () => {
    const calls: string[] = [];
    const sent: string[] = [];
    const host = document.body.appendChild(document.createElement("div"));
    const root = createRoot(host);
    act(() =>
      root.render(
        <Composer
          onSend={(text) => sent.push(text)}
          onTyping={() => calls.push("typing")}
          onStopTyping={() => calls.push("stop")}
        />,
      ),
    );
    const area = host.querySelector("textarea")!;
    type(area, "H");
    type(area, "Hi");
    type(area, "");
    expect(calls).toEqual(["typing", "typing", "stop"]);

    type(area, "Hello there");
    act(() => host.querySelector("form")!.requestSubmit());
    expect(sent).toEqual(["Hello there"]);
    expect(calls).toEqual(["typing", "typing", "stop", "typing", "stop"]);

    type(area, "Also");
    act(() => void area.dispatchEvent(new FocusEvent("focusout", { bubbles: true })));
    expect(calls.slice(-2)).toEqual(["typing", "stop"]);
    type(area, "And");
    act(() => root.unmount()); // leaving the screen ends the spell too
    expect(calls.slice(-2)).toEqual(["typing", "stop"]);
    host.remove();
  });
});
