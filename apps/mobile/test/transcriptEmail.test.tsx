// "Email me the transcript" after a chat on the phone, as in the web widget: offered only when
// widget-config says the server can (`transcriptEmail`, SMTP on); one tap with an address
// known, else a labelled field that stores it with set-contact and then sends; the
// confirmation; failures said. Over the SDK's FakeServer, which answers the route as the
// server does (the room's customer only, the address the customer left, 409 without one).
import { fireEvent, screen } from "@testing-library/react-native";
import { agentIn, refuse, settle, setup } from "./harness.ts";
import { renderScreen } from "./screen.tsx";

/** A customer's screen on a server that emails transcripts, its chat closed by the agent. */
async function closedChat(options: { transcriptEmail?: boolean } = {}) {
  const h = setup();
  if (options.transcriptEmail ?? true)
    h.server.widgetConfig = { ...h.server.widgetConfig, transcriptEmail: true };
  const agent = await agentIn(h.server, h.room.id);
  return { h, agent };
}

const emailAction = (name = "Email me the transcript") => screen.getByRole("button", { name });

test("not offered while open, nor when the server cannot send email", async () => {
  const { h, agent } = await closedChat({ transcriptEmail: false });
  renderScreen(h);
  await settle();
  await settle(() => agent.client.closeChat(h.room.id));
  expect(screen.getByText("How was this conversation?")).toBeTruthy();
  expect(screen.queryByRole("button", { name: "Email me the transcript" })).toBeNull();
});

test("an address on the room: one tap sends it there and says so", async () => {
  const { h, agent } = await closedChat();
  renderScreen(h);
  await settle(() => h.client.setContact("ada@example.com"));
  expect(screen.queryByRole("button", { name: "Email me the transcript" })).toBeNull(); // open
  await settle(() => agent.client.closeChat(h.room.id));
  await settle(() => fireEvent.press(emailAction()));
  expect(screen.getByText("We're emailing the transcript to ada@example.com.")).toBeTruthy();
  expect(h.server.transcriptEmails).toEqual([{ roomId: h.room.id, to: "ada@example.com" }]);
  expect(screen.queryByRole("button", { name: "Email me the transcript" })).toBeNull();
  expect(h.socket.sent("set-contact")).toHaveLength(1); // only the one made above
});

test("no address: a labelled field, refused when not one, stored with set-contact, then sent", async () => {
  const { h, agent } = await closedChat();
  renderScreen(h, { locale: "de" });
  await settle();
  await settle(() => agent.client.closeChat(h.room.id));
  await settle(() => fireEvent.press(emailAction("Verlauf per E-Mail senden")));
  const field = screen.getByLabelText("Ihre E-Mail-Adresse für den Verlauf");
  fireEvent.changeText(field, "dana@example");
  await settle(() => fireEvent.press(emailAction("Verlauf per E-Mail senden")));
  expect(screen.getByRole("alert")).toHaveTextContent(/name@example\.com/);
  expect(h.socket.sent("set-contact")).toEqual([]);
  expect(h.server.transcriptEmails).toEqual([]);

  fireEvent.changeText(field, "  Dana@Example.test ");
  await settle(() => fireEvent(field, "submitEditing"));
  expect(screen.getByText("Wir senden den Verlauf an dana@example.test.")).toBeTruthy();
  expect(h.socket.sent("set-contact")).toHaveLength(1);
  expect(h.server.transcriptEmails).toEqual([{ roomId: h.room.id, to: "dana@example.test" }]);
  expect(screen.queryByRole("alert")).toBeNull();
});

test("a failure is said, and a second tap tries again", async () => {
  const { h, agent } = await closedChat();
  renderScreen(h);
  await settle(() => h.client.setContact("ada@example.com"));
  await settle(() => agent.client.closeChat(h.room.id));
  // The server stops sending email after the screen read its configuration: the request fails.
  h.server.widgetConfig = { ...h.server.widgetConfig, transcriptEmail: undefined };
  await settle(() => fireEvent.press(emailAction()));
  expect(screen.getByRole("alert")).toHaveTextContent(
    "We couldn't email the transcript. Try again.",
  );
  h.server.widgetConfig = { ...h.server.widgetConfig, transcriptEmail: true };
  await settle(() => fireEvent.press(emailAction()));
  expect(screen.getByText("We're emailing the transcript to ada@example.com.")).toBeTruthy();
  expect(screen.queryByRole("alert")).toBeNull();
});

test("set-contact refused: the reason at the field, nothing sent", async () => {
  const { h, agent } = await closedChat();
  renderScreen(h);
  await settle();
  await settle(() => agent.client.closeChat(h.room.id));
  await settle(() => fireEvent.press(emailAction()));
  h.socket.intercept = (event) => (event === "set-contact" ? refuse("RATE_LIMITED") : undefined);
  fireEvent.changeText(screen.getByLabelText("Your email, to send the transcript to"), "a@b.co");
  await settle(() => fireEvent.press(emailAction()));
  expect(screen.getByRole("alert")).toHaveTextContent("We couldn't save your email. Try again.");
  expect(h.server.transcriptEmails).toEqual([]);
});
