// The customer's side of issue 14 on the phone, as in the web widget: the header tells the
// truth from widget-config (open and replying, or away and when the team is back), the email
// prompt while nobody can answer (stored on the room by set-contact), the rating after a
// close (stored, and replaced by a second one), and the screen's language (the prop, the
// device's, Arabic right to left). Over the SDK's FakeServer, which keeps the contract's
// rules (set-contact's and rate-chat's schemas, a rating only for a closed room).
import { fireEvent, screen } from "@testing-library/react-native";
import { StyleSheet } from "react-native";
import { agentIn, settle, setup, type Harness } from "./harness.ts";
import { renderScreen } from "./screen.tsx";

const statusLine = () => screen.getByTestId("team-status");
const roomOnServer = (h: Harness) => h.server.rooms.get(h.room.id)!;

describe("the team's header", () => {
  test("open: the team's name and how soon it replies, and no email prompt", async () => {
    const h = setup();
    h.server.widgetConfig = {
      ...h.server.widgetConfig,
      teamName: "Acme Support",
      replyTime: "hours",
    };
    renderScreen(h);
    await settle();
    expect(screen.getByRole("header", { name: "Acme Support" })).toBeTruthy();
    expect(statusLine()).toHaveTextContent("Online · Replies in a few hours");
    expect(screen.queryByText("Get the answer by email")).toBeNull();
    // The empty conversation greets with the team's greeting and name.
    expect(screen.getByText("Hi! How can we help?")).toBeTruthy();
    expect(
      screen.getByText("Ask us anything. The Acme Support team will answer here."),
    ).toBeTruthy();
  });

  test("no agent online: Away, we'll reply by email, never Online, and the prompt says why", async () => {
    const h = setup();
    h.server.widgetConfig = { ...h.server.widgetConfig, open: false, agentsOnline: 0 };
    renderScreen(h);
    await settle();
    expect(statusLine()).toHaveTextContent("Away · We'll reply by email");
    expect(screen.getByRole("header", { name: "Get the answer by email" })).toBeTruthy();
    expect(screen.getByText(/^No one is online right now/)).toBeTruthy();
  });

  test("outside business hours: when the team is back, in the reader's clock", async () => {
    const h = setup();
    const nextOpenAt = new Date(Date.now() + 3 * 86_400_000).toISOString();
    h.server.widgetConfig = { ...h.server.widgetConfig, open: false, nextOpenAt };
    renderScreen(h);
    await settle();
    const day = new Intl.DateTimeFormat("en", { weekday: "long" }).format(new Date(nextOpenAt));
    const time = new Intl.DateTimeFormat("en", { timeStyle: "short" }).format(new Date(nextOpenAt));
    expect(statusLine()).toHaveTextContent(`Away · Back ${day} at ${time}`);
    expect(screen.getByText(/^We're away right now/)).toBeTruthy();
  });
});

describe("the email prompt", () => {
  test("refuses what is not an address, stores a good one on the room, and lets it change", async () => {
    const h = setup();
    h.server.widgetConfig = { ...h.server.widgetConfig, open: false, agentsOnline: 0 };
    renderScreen(h);
    await settle();
    const field = screen.getByLabelText("Your email");
    fireEvent.changeText(field, "ada@example");
    await settle(() => fireEvent.press(screen.getByRole("button", { name: "Notify me" })));
    expect(screen.getByRole("alert")).toHaveTextContent(
      "Enter an email address such as name@example.com.",
    );
    expect(h.socket.sent("set-contact")).toEqual([]);

    fireEvent.changeText(field, "  Ada.Lovelace@Example.com ");
    await settle(() => fireEvent(field, "submitEditing"));
    expect(screen.getByText("We'll email you at ada.lovelace@example.com.")).toBeTruthy();
    expect(roomOnServer(h).customerEmail).toBe("ada.lovelace@example.com");
    expect(screen.queryByRole("alert")).toBeNull();

    await settle(() => fireEvent.press(screen.getByRole("button", { name: "Change email" })));
    fireEvent.changeText(screen.getByLabelText("Your email"), "ada@example.org");
    await settle(() => fireEvent.press(screen.getByRole("button", { name: "Notify me" })));
    expect(screen.getByText("We'll email you at ada@example.org.")).toBeTruthy();
    expect(roomOnServer(h).customerEmail).toBe("ada@example.org");
  });
});

describe("the rating after a close", () => {
  test("five radio choices, a comment, stored; a second rating replaces the first", async () => {
    const h = setup();
    const agent = await agentIn(h.server, h.room.id);
    renderScreen(h);
    await settle();
    expect(screen.queryByText("How was this conversation?")).toBeNull(); // open: nothing to rate
    await settle(() => agent.client.closeChat(h.room.id));

    const radios = screen.getAllByRole("radio");
    expect(radios.map((r) => r.props.accessibilityLabel)).toEqual([
      "1 of 5, Very bad",
      "2 of 5, Bad",
      "3 of 5, OK",
      "4 of 5, Good",
      "5 of 5, Great",
    ]);
    // The group is labelled, not itself a focus stop (that would hide its radios on iOS).
    expect(screen.getByLabelText("How was this conversation?").props.accessibilityRole).toBe(
      "radiogroup",
    );
    // Nothing chosen yet: Send says so and sends nothing.
    await settle(() => fireEvent.press(screen.getByRole("button", { name: "Send rating" })));
    expect(screen.getByRole("alert")).toHaveTextContent("Choose a rating from 1 to 5.");
    expect(h.socket.sent("rate-chat")).toEqual([]);

    fireEvent.press(screen.getByRole("radio", { name: "4 of 5, Good" }));
    expect(screen.getByRole("radio", { name: "4 of 5, Good" })).toBeSelected();
    expect(screen.getByRole("radio", { name: "5 of 5, Great" })).not.toBeSelected();
    fireEvent.changeText(screen.getByLabelText("Comment (optional)"), "Quick and kind");
    await settle(() => fireEvent.press(screen.getByRole("button", { name: "Send rating" })));
    expect(screen.getByText("Thank you for your feedback!")).toBeTruthy();
    expect(screen.getByText("You rated this conversation 4 out of 5.")).toBeTruthy();
    expect(roomOnServer(h).rating).toMatchObject({ score: 4, comment: "Quick and kind" });

    await settle(() => fireEvent.press(screen.getByRole("button", { name: "Change rating" })));
    expect(screen.getByRole("radio", { name: "4 of 5, Good" })).toBeSelected(); // the one given
    fireEvent.press(screen.getByRole("radio", { name: "5 of 5, Great" }));
    fireEvent.changeText(screen.getByLabelText("Comment (optional)"), "Even better on reflection");
    await settle(() => fireEvent.press(screen.getByRole("button", { name: "Send rating" })));
    expect(screen.getByText("You rated this conversation 5 out of 5.")).toBeTruthy();
    expect(roomOnServer(h).rating).toMatchObject({
      score: 5,
      comment: "Even better on reflection",
    });
    expect(h.socket.sent("rate-chat")).toHaveLength(2);
  });

  test("an agent's screen asks no rating and shows no team header", async () => {
    const h = setup();
    const agent = await agentIn(h.server, h.room.id);
    renderScreen(agent, { roomId: h.room.id, viewerRole: "admin" });
    await settle(() => agent.client.closeChat(h.room.id));
    expect(screen.queryByRole("radio")).toBeNull();
    expect(screen.queryByTestId("team-header")).toBeNull();
  });
});

describe("languages", () => {
  afterEach(() => jest.restoreAllMocks());

  test("Arabic: Arabic words, laid out right to left", async () => {
    const h = setup();
    // The team's own words (its name and greeting) are the server's: here in Arabic too.
    h.server.widgetConfig = {
      ...h.server.widgetConfig,
      open: false,
      agentsOnline: 0,
      teamName: "فريق الدعم",
      greeting: "مرحبًا!",
    };
    renderScreen(h, { locale: "ar" });
    await settle();
    const root = screen.getByTestId("chat-screen");
    expect(StyleSheet.flatten(root.props.style)).toMatchObject({ direction: "rtl" });
    expect(statusLine()).toHaveTextContent("غير متاحين · سنرد عبر البريد الإلكتروني");
    expect(screen.getByLabelText("الرسالة")).toBeTruthy(); // the message field
    expect(screen.getByRole("button", { name: "إرسال" })).toBeTruthy();
    expect(
      screen.getByRole("header", { name: "احصل على الرد عبر البريد الإلكتروني" }),
    ).toBeTruthy();
    expect(screen.queryByText(/[A-Za-z]{3,}/)).toBeNull(); // no English word left
  });

  test("a German device gets German, without a locale prop; the prop wins over it", async () => {
    const real = Intl.DateTimeFormat.prototype.resolvedOptions;
    jest.spyOn(Intl.DateTimeFormat.prototype, "resolvedOptions").mockImplementation(function (
      this: Intl.DateTimeFormat,
    ) {
      return { ...real.call(this), locale: "de-DE" };
    });
    const h = setup();
    const view = renderScreen(h);
    await settle();
    expect(statusLine()).toHaveTextContent("Online · Antwort in wenigen Minuten");
    expect(screen.getByLabelText("Nachricht")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Senden" })).toBeTruthy();
    expect(StyleSheet.flatten(screen.getByTestId("chat-screen").props.style)).toMatchObject({
      direction: "ltr",
    });

    view.rerenderWith({ locale: "fr" });
    expect(screen.getByLabelText("Message")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Envoyer" })).toBeTruthy();
  });
});
