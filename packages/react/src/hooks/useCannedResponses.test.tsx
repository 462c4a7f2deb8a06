// @vitest-environment jsdom
import { createFakeChatClient, createFakeFetch, FakeServer } from "@switchboard/client/testing";
import { describe, expect, it } from "vitest";
import { during, renderHook } from "../test/renderHook.tsx";
import { useCannedResponses } from "./useCannedResponses.ts";

function setup() {
  const server = new FakeServer();
  const { client } = createFakeChatClient(server, {
    userId: "a1",
    role: "admin",
    fetch: createFakeFetch(server),
  });
  return { server, client };
}

describe("useCannedResponses", () => {
  it("reads the list once, and every change shows in every component at once", async () => {
    const { client } = setup();
    await client.createCanned({ shortcode: "zebra", content: "Z" });
    const page = renderHook(client, () => useCannedResponses(), {});
    const picker = renderHook(client, () => useCannedResponses(), {});
    expect(page.current.status).toBe("loading");
    await during();
    expect(picker.current.responses.map((c) => c.shortcode)).toEqual(["zebra"]);

    let id = "";
    await during(async () => {
      id = (await page.current.create({ shortcode: "hello", content: "Hi" })).id;
    });
    expect(picker.current.responses.map((c) => c.shortcode)).toEqual(["hello", "zebra"]);
    await during(() => page.current.update(id, { shortcode: "welcome" }));
    expect(picker.current.responses.map((c) => c.shortcode)).toEqual(["welcome", "zebra"]);
    await during(() => page.current.remove(id));
    await during(() => page.current.remove(id)); // already gone: no error
    expect(picker.current.responses.map((c) => c.shortcode)).toEqual(["zebra"]);
    page.unmount();
    picker.unmount();
  });

  it("a taken shortcode rejects with CONFLICT and changes nothing", async () => {
    const { client } = setup();
    const hook = renderHook(client, () => useCannedResponses(), {});
    await during();
    await during(() => hook.current.create({ shortcode: "hello", content: "Hi" }));
    let code = "";
    await during(() =>
      hook.current.create({ shortcode: "hello", content: "Again" }).catch((e: { code: string }) => {
        code = e.code;
      }),
    );
    expect(code).toBe("CONFLICT");
    expect(hook.current.responses).toHaveLength(1);
    hook.unmount();
  });
});
