// @vitest-environment jsdom
// The rating draws the SDK's state machine (createRatingForm): where the focus goes is the
// component's part, checked here under StrictMode, over the SDK's FakeServer (rate-chat only
// for a closed room).
import { createFakeChatClient, FakeServer } from "@switchboard/client/testing";
import { act, StrictMode, useSyncExternalStore } from "react";
import { createRoot } from "react-dom/client";
import { describe, expect, it } from "vitest";
import { ChatProvider } from "../ChatProvider.tsx";
import { during } from "../test/renderHook.tsx";
import { RatingForm } from "./RatingForm.tsx";

describe("RatingForm", () => {
  it("sent: thanks and 'Change rating' focused; Change: the chosen score focused", async () => {
    const server = new FakeServer();
    const { client } = createFakeChatClient(server, { userId: "v1", autoOnline: true });
    client.connect();
    const room = await client.join();
    await during(() => server.closeRoom(room.id));
    // As the widget does: the rating is the room's, from the client's store.
    function Rating() {
      const rating = useSyncExternalStore(
        client.store.subscribe,
        () => client.store.getState().rooms[room.id]?.rating ?? null,
      );
      return <RatingForm roomId={room.id} rating={rating} />;
    }
    const host = document.body.appendChild(document.createElement("div"));
    act(() =>
      createRoot(host).render(
        <StrictMode>
          <ChatProvider client={client}>
            <Rating />
          </ChatProvider>
        </StrictMode>,
      ),
    );
    const submit = () =>
      during(() =>
        host.querySelector("form")!.dispatchEvent(new Event("submit", { bubbles: true })),
      );
    await submit();
    expect(host.textContent).toContain("Choose a rating from 1 to 5.");

    await during(() => host.querySelectorAll<HTMLInputElement>("input[type=radio]")[3]!.click());
    expect(host.textContent).not.toContain("Choose a rating from 1 to 5.");
    await submit();
    expect(client.store.getState().rooms[room.id]?.rating?.score).toBe(4);
    const change = [...host.querySelectorAll("button")].find(
      (b) => b.textContent === "Change rating",
    );
    expect(host.textContent).toContain("Thank you for your feedback!");
    expect(document.activeElement).toBe(change);

    await during(() => change!.click());
    const four = host.querySelectorAll<HTMLInputElement>("input[type=radio]")[3]!;
    expect(four.checked).toBe(true);
    expect(document.activeElement).toBe(four);
  });
});
