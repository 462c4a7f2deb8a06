// Activity messages (contract v2 `kind: "activity"`: assigned, transferred, closed, rated) on
// the phone as on the web widget: a centred system line in the screen's language from the
// SDK's `activityText`, never a bubble of either side, with no ticks; the customer's own
// close reads "You closed the chat", an agent reads "The customer closed the chat".
import type { MessageActivity } from "@switchboard/protocol";
import { screen, within } from "@testing-library/react-native";
import { StyleSheet } from "react-native";
import { AGENT, agentIn, settle, setup, type Harness } from "./harness.ts";
import { renderScreen } from "./screen.tsx";

/** Stores an activity as the server writes it (by an agent's id or "system", role admin). */
function activity(h: Harness, senderId: string, record: MessageActivity, content: string) {
  return h.server.store(h.room.id, senderId, "admin", content, {
    kind: "activity",
    activity: record,
  });
}

const took: MessageActivity = {
  type: "assigned",
  by: AGENT,
  byName: "Grace Hopper",
  adminId: AGENT,
};
const closedByCustomer: MessageActivity = { type: "closed", by: "cust-1" };

test("in the screen's language, centred and muted, not a bubble, no ticks", async () => {
  const h = setup();
  h.server.store(h.room.id, AGENT, "admin", "Hello!");
  renderScreen(h, { locale: "de" });
  await settle();
  // Arrives live, like any message.
  const took1 = await settle(() => activity(h, AGENT, took, "Grace Hopper took the chat"));

  const line = screen.getByTestId(`activity-${took1.id}`);
  expect(line).toHaveTextContent(/^Grace Hopper hat den Chat übernommen · \d/);
  expect(line.props.accessibilityLabel).toMatch(/^Grace Hopper hat den Chat übernommen, \d/);
  expect(StyleSheet.flatten(line.props.style)).toMatchObject({ alignItems: "center" });
  // Not the server's English, not read out as the agent's message, no ticks in it.
  expect(screen.queryByText(/took the chat/)).toBeNull();
  expect(screen.queryByLabelText(/Support: Grace Hopper/)).toBeNull();
  expect(within(line).queryByTestId(/^ticks-/)).toBeNull();
  // The agent's real message is still a bubble.
  expect(screen.getByLabelText("Support: Hello!")).toBeTruthy();
});

test("the customer's own close reads 'You closed the chat'; an agent reads 'The customer…'", async () => {
  const h = setup();
  const agent = await agentIn(h.server, h.room.id);
  // The server writes a customer's close as "system".
  const closed = activity(h, "system", closedByCustomer, "The customer closed the chat");
  const rated = activity(h, "system", { type: "rated", by: "cust-1", score: 4 }, "Rated 4/5");
  const view = renderScreen(h);
  await settle();
  expect(screen.getByTestId(`activity-${closed.id}`)).toHaveTextContent(/^You closed the chat · /);
  expect(screen.getByTestId(`activity-${rated.id}`)).toHaveTextContent(
    /^You rated the chat 4 out of 5 · /,
  );

  view.unmount();
  renderScreen(agent, { roomId: h.room.id, viewerRole: "admin" });
  await settle();
  expect(screen.getByTestId(`activity-${closed.id}`)).toHaveTextContent(
    /^The customer closed the chat · /,
  );
});

test("an activity whose names are missing falls back to the server's sentence", async () => {
  const h = setup();
  const old = activity(h, AGENT, { type: "assigned", by: AGENT, adminId: AGENT }, "Ada took it");
  renderScreen(h, { locale: "fr" });
  await settle();
  expect(screen.getByTestId(`activity-${old.id}`)).toHaveTextContent(/^Ada took it · /);
});
