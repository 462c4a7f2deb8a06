// The chat screen as the tests render it: over the client of a harness (the customer) or of
// `agentIn` (an agent), no image picker, and `rerenderWith` to change props on the same screen.
import type { ChatClient } from "@switchboard/client";
import { render } from "@testing-library/react-native";
import { ChatScreen, type ChatScreenProps } from "@switchboard/react-native";

/** Renders `ChatScreen` over `who.client`, with `props` over the tests' defaults. */
export function renderScreen(who: { client: ChatClient }, props: Partial<ChatScreenProps> = {}) {
  const all: ChatScreenProps = {
    client: who.client,
    serverUrl: "https://chat.example.com",
    getToken: () => "tok",
    focused: true,
    pickImage: null,
    ...props,
  };
  const view = render(<ChatScreen {...all} />);
  return {
    ...view,
    rerenderWith: (more: Partial<ChatScreenProps>) =>
      view.rerender(<ChatScreen {...all} {...more} />),
  };
}
